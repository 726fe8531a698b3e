"""Sentences that generalise over the corpus ("most", "only two", "every source", "three sources") are computed
here from the tables, so adding or changing a source cannot make them silently false.

Each test names the sentence it holds (it must still be in its file) and recomputes what the sentence says.
"""

from __future__ import annotations

import re

import pytest

from pakru.lessons import lessons
from pakru.paths import EXERCISES_DIR, NOTEBOOKS_DIR


def text_of(relative: str) -> str:
    root = NOTEBOOKS_DIR.parent
    return " ".join((root / relative).read_text("utf-8").split())


def says(relative: str, sentence: str) -> None:
    assert " ".join(sentence.split()) in text_of(relative), f"{relative} no longer says: {sentence}"


def docs_where(corpus, pattern: str, flags=0) -> set[str]:
    found = corpus.paragraphs[corpus.paragraphs["text"].str.contains(pattern, flags=flags, regex=True)]
    return set(found["doc_id"])


def test_only_two_texts_print_their_own_date(corpus):
    says("notebooks/lessons.yaml", "Only two of our texts print their own date, voa-2003 and moscowtimes-2011")
    stated = corpus.sources.query("date_basis == 'stated'")["doc_id"]
    assert set(stated) == {"voa-2003", "moscowtimes-2011"}


def test_three_sources_lack_a_full_date_of_their_own(corpus):
    says("exercises/source/04_defence_2010s.md", "Three of our sources carry no full date of their own")
    inferred = corpus.sources.query("date_basis == 'inferred'")["doc_id"]
    assert set(inferred) == {"latimes-2003", "nation-forum-2015", "toi-2018"}


def test_three_sources_recall_the_1980s_war_and_two_the_taliban_years(corpus):
    says("notebooks/lessons.yaml", "Three sources recall the 1980s war in Afghanistan")
    says("notebooks/01_cold_war_roots.md", "Three sources tell the story of the Soviet war in Afghanistan")
    eighties = corpus.paragraphs[corpus.paragraphs["text"].str.contains("1980")
                                 & corpus.paragraphs["text"].str.contains("Afghanistan")]
    assert set(eighties["doc_id"]) == {"voa-2003", "latimes-2003", "moscowtimes-2011"}
    assert docs_where(corpus, "Taliban") & docs_where(corpus, "Northern Alliance") == {"latimes-2003",
                                                                                       "moscowtimes-2011"}


def test_most_sources_look_back_to_the_cold_war_and_the_2018_text_does_not(corpus):
    says("exercises/source/01_cold_war_roots.md", "None of our sources was written during the Cold War. Yet most of "
         "them look back to it")
    says("notebooks/01_cold_war_roots.md", "The 2018 text never mentions the Soviet Union or the Taliban")
    assert corpus.sources["date"].str[:4].astype(int).min() > 1991
    looking_back = docs_where(corpus, r"Soviet|Cold War")
    assert len(looking_back) > len(corpus.sources) / 2 and "toi-2018" not in looking_back
    assert "toi-2018" not in docs_where(corpus, "Taliban")


def test_afghanistan_runs_through_every_source(corpus):
    says("notebooks/lessons.yaml", "Afghanistan runs through every source")
    assert docs_where(corpus, "Afghan") == set(corpus.sources["doc_id"])


def test_most_quotations_are_named_and_the_unnamed_are_in_the_2011_and_2015_texts(corpus):
    says("notebooks/lessons.yaml", "Most quotations have a named speaker, but the 2011 and 2015 texts lean on unnamed")
    quotes = corpus.quotes
    named = quotes["person_id"].notna()
    assert named.sum() > len(quotes) / 2
    assert set(quotes[~named]["doc_id"]) == {"moscowtimes-2011", "nation-forum-2015"}


def test_the_2011_report_names_one_speaker_and_quotes_no_russian(corpus):
    says("notebooks/lessons.yaml", "only one speaker is named, Talat Masood")
    says("notebooks/03_talks_2011.md", "No Russian is quoted")
    mt = corpus.quotes.query("doc_id == 'moscowtimes-2011'")
    assert set(mt["person_id"].dropna()) == {"masood"}
    assert not mt["role"].fillna("").str.contains("Russia").any()


def test_two_of_the_three_speakers_in_2018_are_retired(corpus):
    says("notebooks/04_defence_2010s.md", "in 2018, two of the three speakers are retired")
    toi = corpus.quotes.query("doc_id == 'toi-2018'").drop_duplicates("speaker")
    assert len(toi) == 3
    assert toi["role"].fillna("").str.contains("retired|Former", case=False).sum() == 2


def test_no_quoted_speaker_is_indian_or_afghan(corpus):
    says("notebooks/INSTRUCTOR_GUIDE.md", "no speaker quoted is Indian or Afghan")
    roles = corpus.quotes["role"].fillna("") + " " + corpus.quotes["speaker"].fillna("")
    assert not roles.str.contains("India|Afghan").any()


def test_the_only_woman_quoted_is_zakharova(corpus):
    """Gender is not in the tables: the set of named speakers is pinned, so a new speaker forces a re-read."""
    says("notebooks/INSTRUCTOR_GUIDE.md", "Maria Zakharova is the only woman quoted")
    assert set(corpus.quotes["person_id"].dropna()) == {"musharraf", "putin", "safranchuk", "masood", "khawaja-asif",
                                                         "kremlin", "zakharova", "wazir", "mohmand"}


def test_the_guides_timing_table_matches_lessons_yaml_and_no_pairing_overflows_a_class():
    guide = (NOTEBOOKS_DIR / "INSTRUCTOR_GUIDE.md").read_text("utf-8")
    rows = re.findall(r"^\| (\d) [^|]+\| (\d+) \| (\d+) \| (\d+) \|", guide, re.MULTILINE)
    table = {int(n): (int(t), int(e), int(total)) for n, t, e, total in rows}
    for item in lessons():
        assert table[int(item.id[:2])] == (item.teaching, item.exercises, item.minutes), item.id
    says("notebooks/INSTRUCTOR_GUIDE.md", f"Lessons 0 and 1 together need {table[0][2] + table[1][2]} minutes")
    assert "pair lessons 0 and 1" not in guide


@pytest.mark.parametrize("path", ["notebooks/lessons.yaml", "notebooks/00_start_here.md", "notebooks/05_synthesis.md",
                                  "notebooks/INSTRUCTOR_GUIDE.md"])
def test_prose_does_not_hard_code_how_many_sources_or_themes_there_are(path):
    """'five sources' or 'six themes' in prose goes wrong with a sixth source; figures compute it (wording)."""
    text = text_of(path)
    assert not re.search(r"\b(five|six|seven) (news )?(sources|texts|themes)\b", text, re.IGNORECASE), path
    assert EXERCISES_DIR.exists()


def test_every_lesson_bank_goes_beyond_recall_and_teaches_source_criticism():
    """The mix `check` reports: every question tagged, at least half beyond recall, at least two `evaluate`."""
    from pakru.quiz.mix import check_question_mix

    assert [p for p in check_question_mix() if p.severity != "info"] == []
    reported = [p.message for p in check_question_mix() if p.severity == "info"]
    assert len(reported) >= 6 and all("untagged" not in m for m in reported)


def test_every_synthesis_question_needs_more_than_one_source(corpus):
    from pakru.quiz import load_bank

    bank = load_bank("05_synthesis", corpus=corpus)
    for question in bank.questions:
        cited = {e.cite.doc_id for e in question.evidence} if question.evidence else set()
        if not cited and question.type == "chronology":
            events = corpus.events.set_index("event_id")
            cited = set(events.loc[list(question.items), "doc_id"])
        assert len(cited) >= 2, question.id


def test_the_spelling_search_finds_one_source_then_two_and_the_modern_spelling_none(corpus):
    says("notebooks/01_cold_war_roots.md", "Search for the fighters under one spelling, and you find only one source.")
    says("notebooks/01_cold_war_roots.md", "both sources appear; the modern spelling *mujahideen* finds nothing")
    says("notebooks/01_cold_war_roots.md", "None of our sources was written during the Cold War, yet most of them")
    assert corpus.kwic("mujahedin")["doc_id"].nunique() == 1
    assert corpus.kwic("mujahedin|moujahedeen|mujahideen", regex=True)["doc_id"].nunique() == 2
    assert corpus.kwic("mujahideen").empty


def test_india_is_the_third_party_in_four_sources_and_absent_from_the_2018_text(corpus):
    says("notebooks/lessons.yaml", "India is the third party in four of the sources")
    says("notebooks/lessons.yaml", "The 2018 text does not mention India at all")
    assert docs_where(corpus, r"\bIndia|New Delhi") == set(corpus.sources["doc_id"]) - {"toi-2018"}


def test_the_la_times_says_close_to_the_fighters_and_the_other_two_supported(corpus):
    says("notebooks/lessons.yaml", 'the third only that it "was close to" them')
    assert "was close to the U.S.-backed moujahedeen" in corpus.cite("latimes-2003", 5).text
    assert "supported" not in corpus.cite("latimes-2003", 5).text.split("In the 1990s")[0]
    assert "Pakistan supported rebels" in corpus.cite("voa-2003", 4).text
    assert "Pakistan supported mujahedin" in corpus.cite("moscowtimes-2011", 5).text


def test_the_skepticism_is_reported_by_the_paper_and_voiced_by_safranchuk(corpus):
    says("notebooks/lessons.yaml", 'The newspaper reports that "analysts were skeptical" without naming them')
    says("notebooks/02_thaw_2003.md", 'In its own voice it reports that "analysts were skeptical"')
    assert "analysts were skeptical" in corpus.cite("latimes-2003", 14).text
    assert "Safranchuk" not in corpus.cite("latimes-2003", 14).text


def test_the_nuclear_worry_is_in_both_2003_reports_though_the_word_is_only_in_one(corpus):
    says("notebooks/02_thaw_2003.md", "But a count is not a reading: the Los Angeles Times has the nuclear worry too")
    assert "weapons of mass destruction" in corpus.cite("latimes-2003", 9).text
    assert "nuclear" not in " ".join(b.text for b in corpus.documents["latimes-2003"].paragraphs)


def test_the_exercises_and_the_helicopters_are_reported_as_agreed_and_as_claimed(corpus):
    says("notebooks/lessons.yaml", "an agreement to hold the first joint exercises, not the exercises themselves")
    says("notebooks/lessons.yaml", "his claim, which the text does not confirm")
    assert "agreed to carry first-ever joint military exercises" in corpus.cite("nation-forum-2015", 13).text
    assert corpus.cite("toi-2018", 11).text.startswith("He said") and "Mohmand" in corpus.cite("toi-2018", 10).text


def test_one_message_on_the_visit_gap_everywhere():
    """Lesson, key points, both banks and the guide say the same: the texts do not show which visit they count from."""
    for path in ("notebooks/02_thaw_2003.md", "notebooks/lessons.yaml", "notebooks/quizzes/02_thaw_2003.yaml",
                 "notebooks/quizzes/05_synthesis.yaml", "notebooks/INSTRUCTOR_GUIDE.md"):
        text = text_of(path)
        assert re.search(r"which (earlier )?visit (it|either) counts? from", text), path
        assert "same kind of earlier visit" not in text and "count from different visits" not in text, path


def test_the_guide_dates_the_steel_mill_from_1970_not_from_bhutto():
    text = text_of("notebooks/INSTRUCTOR_GUIDE.md")
    assert "state visit to the Soviet Union in June 1970" in text and "30 December 1973" in text
    assert "was agreed after President Zulfikar Ali Bhutto" not in text and "early 1970" not in text


def test_no_weak_background_reference_is_left():
    for path in ("notebooks/lessons.yaml", "notebooks/INSTRUCTOR_GUIDE.md"):
        text = text_of(path)
        for weak in ("kids.britannica.com", "surkhiyan.pk", "propakistani.pk"):
            assert weak not in text, (path, weak)


@pytest.mark.parametrize(("bank", "question"), [
    ("00_start_here", "clue-to-source"), ("01_cold_war_roots", "who-wrote-it"), ("02_thaw_2003", "visit-gap"),
    ("03_talks_2011", "why-afghanistan"), ("04_defence_2010s", "us-factor"), ("05_synthesis", "northern-alliance"),
    ("05_synthesis", "afghanistan-thread")])
def test_questions_that_match_a_phrase_or_look_something_up_are_tagged_recall(bank, question, corpus):
    """Read as a teacher reads them (issue #21): these ask to find a phrase, so they count as recall."""
    from pakru.quiz import load_bank

    asked = {q.id: q.asks for q in load_bank(bank, corpus=corpus).questions}
    assert asked[question] == "recall"


def test_three_sources_are_pakistani_or_datelined_islamabad_and_none_is_indian(corpus):
    says("notebooks/00_start_here.md", "Three are Pakistani or datelined Islamabad")
    says("notebooks/00_start_here.md", "None of our texts comes from an Indian publisher")
    sources = corpus.sources.set_index("doc_id")
    islamabad = set(sources.index[(sources["place"] == "Islamabad")
                                  | sources["publisher"].str.contains("Pakistan|Islamabad")])
    assert islamabad == {"moscowtimes-2011", "nation-forum-2015", "toi-2018"}
    assert not sources["publisher"].str.contains("India").any()
    assert list(sources.index[sources["publisher"] == "The Moscow Times"]) == ["moscowtimes-2011"]


def test_the_2018_text_is_called_a_preview_as_its_verbs_show(corpus):
    says("notebooks/04_defence_2010s.md", "like VOA in 2003, it is a preview, written before the talks")
    assert "will visit Moscow" in corpus.cite("toi-2018", 2).text
    assert "are expected to focus" in corpus.cite("toi-2018", 4).text


def test_every_inferred_month_that_rests_on_outside_knowledge_names_its_reference(corpus):
    """'Inferred from words like "last month"' was said of dates that rest on outside reports (issue #21)."""
    events = corpus.events.set_index("event_id")
    for event in ("defence-cooperation-agreement", "us-suspends-aid"):
        reasoning = events.loc[event, "date_reasoning"]
        assert "background knowledge" in reasoning and "https://" in reasoning, event
    says("notebooks/05_synthesis.md", "others on outside reports named there, not on the texts")


def test_the_steel_mill_is_one_project_over_the_decades_not_of_the_soviet_years(corpus):
    says("exercises/source/01_cold_war_roots.md", 'sporadic "over the decades, with the one major project being"')
    assert "over the decades, with the one major project being" in corpus.cite("moscowtimes-2011", 14).text
    assert "of the Soviet years" not in text_of("exercises/source/01_cold_war_roots.md")


def test_the_catalogue_says_where_voas_funding_comes_from(corpus):
    voa = corpus.sources.set_index("doc_id").loc["voa-2003"]
    assert "government-funded" not in voa["kind"]
    assert "https://www.usagm.gov/" in voa["notes"]
