"""The unmarked-claims checker: what counts as a fact, a citation and a background marker; and the count held at 0."""

from __future__ import annotations

import json

from pakru.claims import Block, Rules, check_claims, claims, markdown_blocks, notebook_blocks, problems_for, sentences

RULES = Rules(["voa-2003", "latimes-2003"], ["Moscow", "Pervez Musharraf", "Musharraf", "Pakistan", "Pakistani"])


def unmarked(text: str, **kw) -> list[str]:
    return [c.sentence for c in claims(Block("f.md", 1, text, **kw), RULES) if not c.cited and not c.background]


def test_a_year_a_number_or_a_gazetteer_name_makes_a_sentence_factual():
    assert unmarked("The visit came in 2003.") == ["The visit came in 2003."]
    assert unmarked("It lasted 33 years.") == ["It lasted 33 years."]
    assert unmarked("Musharraf flew in.") == ["Musharraf flew in."]
    assert unmarked("The weather was fine.") == []


def test_a_citation_or_a_catalogue_reference_sources_a_sentence():
    assert unmarked("Musharraf flew in (voa-2003 ¶1).") == []
    assert unmarked("Musharraf flew in [voa-2003 ¶1].") == []
    assert unmarked("VOA is dated 2003 [catalogue: voa-2003].") == []


def test_a_bare_paragraph_mark_cites_only_after_a_full_citation_in_the_same_block():
    assert unmarked("Moscow hoped (voa-2003 ¶8). Musharraf hoped too (¶7).") == []
    assert unmarked("Musharraf hoped too (¶7).") == ["Musharraf hoped too (¶7)."]


def test_source_ids_and_lesson_numbers_are_not_facts():
    assert unmarked("Read voa-2003 before lesson 2.") == []


def test_a_background_marker_needs_a_page_or_an_address():
    good = Block("f.md", 3, "Moscow grew in 1950 [background: A. Author, Moscow (Press, 1999), p. 12].")
    web = Block("f.md", 4, "Moscow grew in 1950 [background: https://example.org/history].")
    bad = Block("f.md", 5, "Moscow grew in 1950 [background: common knowledge].")
    assert problems_for([good, web], RULES) == []
    found = problems_for([bad], RULES)
    assert len(found) == 1 and "names no outside reference" in found[0].message and found[0].line == 5


def test_questions_and_instructions_assert_nothing():
    assert unmarked("Why did Musharraf go to Moscow in 2003?") == []
    assert unmarked("Search for Musharraf in 2003 reports.") == []


def test_a_marker_in_a_background_callout_covers_the_whole_callout():
    text = "Moscow grew in 1950. Pakistan grew in 1960. [background: https://example.org]"
    assert unmarked(text, callout=True) == []
    assert unmarked(text) == ["Moscow grew in 1950."], "outside a callout a marker covers only its sentence"


def test_sentences_keep_abbreviations_and_initials_together():
    text = "Vladimir V. Putin met U.S. officials, e.g. in Moscow. Then p. 12 says more."
    assert sentences(text) == ["Vladimir V. Putin met U.S. officials, e.g. in Moscow.", "Then p. 12 says more."]


def test_markdown_headings_code_and_fenced_off_sections_are_not_read(tmp_path):
    guide = tmp_path / "GUIDE.md"
    guide.write_text("# Lesson 2: the 2003 thaw\n\nIt was `voa-2003 ¶2` in 2003.\n\n"
                     "<!-- claims: off -->\n| lesson | minutes |\n|---|---|\n| 2 | 50 |\n<!-- claims: on -->\n\n"
                     "Musharraf went in 2003.\n", encoding="utf-8")
    found = problems_for(markdown_blocks(guide), RULES)
    assert [p.line for p in found] == [3, 11], found


def test_a_notebooks_markdown_and_its_written_model_answers_are_read(tmp_path):
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "Musharraf went in 2003."},
        {"cell_type": "code", "metadata": {"pakru": {"role": "solution", "task": "q6"}},
         "source": 'answer = """Pakistan changed in 1999."""'},
        {"cell_type": "code", "metadata": {"pakru": {"role": "solution", "task": "q1"}}, "source": 'x = "1970s"'},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    texts = [b.text for b in notebook_blocks(path, solutions=["q6"])]
    assert texts == ["Musharraf went in 2003.", "Pakistan changed in 1999."]


def test_the_course_prose_has_no_unmarked_claims():
    """Lessons, notebooks, guides, exercise text, hints and model answers: 0 unmarked claims, held here."""
    found = check_claims()
    assert found == [], "\n".join(map(str, found))


def test_the_checker_reads_every_kind_of_prose_the_issue_names():
    from pakru.claims import project_blocks

    read = {b.file for b in project_blocks()}
    assert {"notebooks/lessons.yaml", "notebooks/INSTRUCTOR_GUIDE.md", "exercises/INSTRUCTORS.md",
            "notebooks/02_thaw_2003.md", "exercises/source/04_defence_2010s.md",
            "exercises/tasks/01_cold_war_roots.yaml"} <= read
    answers = [b for b in project_blocks() if b.where.startswith("model answer")]
    assert len(answers) == 5 and all(b.line for b in answers)


def test_a_claim_added_to_a_lesson_is_reported_with_its_file_and_line(project_copy):
    lesson = project_copy / "notebooks" / "03_talks_2011.md"
    lines = lesson.read_text("utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("## The talks")) + 1
    lines[at:at] = ["", "Ryabkov flew home in 2011."]
    lesson.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = check_claims(project_copy / "notebooks", project_copy / "exercises", project_copy / "seeds",
                         project_copy / "data")
    assert [(p.file.endswith("notebooks/03_talks_2011.md"), p.line) for p in found] == [(True, at + 2)]


# -- what a sentence says a source contains (issue #21) ------------------------------------------------------------
def _source_checks(corpus):
    import yaml

    from pakru.citations import Citation
    from pakru.claims import source_names
    from pakru.paths import SEEDS_DIR

    paragraphs = {Citation(d.id, n): b.text for d in corpus.documents.values() for n, b in enumerate(d.paragraphs, 1)}
    documents = {d.id: "\n".join(b.text for b in d.paragraphs) for d in corpus.documents.values()}
    return paragraphs, documents, source_names(yaml.safe_load((SEEDS_DIR / "catalogue.yaml").read_text("utf-8")))


def test_a_cited_paragraph_without_the_quoted_words_is_reported(corpus):
    from pakru.claims import Rules, quotation_problems

    rules = Rules.load()
    paragraphs, _, _ = _source_checks(corpus)
    old = Block("02.md", 59, "Notice its verbs: *expected*, *hopes*, *likely* (voa-2003 ¶1, ¶7, ¶8).")
    found = quotation_problems([old], rules, paragraphs)
    assert [p.line for p in found] == [59] and "voa-2003 ¶8" in found[0].message
    fixed = Block("02.md", 59, "Notice its verbs: *expected*, *hopes*, *likely* (voa-2003 ¶1, ¶2, ¶7).")
    assert quotation_problems([fixed], rules, paragraphs) == []
    wrong_paragraph = Block("x.md", 3, 'VOA says "more than 30 years" [voa-2003 ¶4].')
    assert "another paragraph" in quotation_problems([wrong_paragraph], rules, paragraphs)[0].message
    misquoted = Block("x.md", 4, 'The Nation says "joint exercises will be held next spring" (nation-forum-2015 ¶13).')
    assert "word for word" in quotation_problems([misquoted], rules, paragraphs)[0].message
    own_words = Block("x.md", 5, 'That one figure is "the right one" is a misconception (voa-2003 ¶2).')
    assert quotation_problems([own_words], rules, paragraphs) == []


def test_a_claim_that_a_source_lacks_words_is_checked_against_its_text(corpus):
    from pakru.claims import absence_problems

    _, documents, names = _source_checks(corpus)
    assert names["VOA"] == names["Voice of America"] == "voa-2003" and names["2018 text"] == "toi-2018"

    def problems(text: str) -> list:
        return absence_problems([Block("x.md", 1, text)], names, documents)

    assert problems("The 2018 text never mentions *India* (toi-2018 ¶1–¶11).") == []
    assert problems("The 2018 text never mentions the *Soviet Union* or the *Taliban*.") == []
    assert problems('The Los Angeles Times does not mention "weapons of mass destruction".')  # it does, ¶9 and ¶12
    found = problems("*Nuclear* appears only in the VOA preview.")
    assert found and "moscowtimes-2011" in found[0].message and "latimes-2003" not in found[0].message
    # within a paragraph that names two reports, "only in" compares the two
    assert problems("Of the two reports, VOA and the Los Angeles Times, *debt* appears only in VOA.") == []


def test_a_source_named_with_a_verb_of_saying_is_a_claim_even_without_a_date():
    rules = Rules(["voa-2003", "toi-2018"], ["Moscow"], ["VOA", "Times of Islamabad", "2018 text"])
    facts = rules.facts("The Times of Islamabad reports the foreign ministers' talks.")
    assert facts, "a sentence that says what a source reports must be sourced"
    assert rules.facts("The 2018 text never mentions the Soviet Union.")
    assert rules.facts("VOA wrote before the meeting.") == ()  # no verb of saying what it contains


def test_the_case_insensitive_search_misses_mi_35m_because_it_matches_whole_words(corpus):
    assert set(corpus.kwic("MI-35")["doc_id"]) == {"nation-forum-2015"}
    assert set(corpus.kwic("mi-35m?", regex=True)["doc_id"]) == {"nation-forum-2015", "toi-2018"}
