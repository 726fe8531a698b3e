"""pakru.lessons: the front matter loads, every fault names its file and line, and all text is escaped."""

from __future__ import annotations

import pytest
from lesson_helpers import LESSON_IDS

from pakru import lessons
from pakru.paths import NOTEBOOKS_DIR

GOOD = """\
lessons:
  - id: 09_demo
    title: Demo
    teaching: 5
    exercises: 5
    questions:
      - What is it?
    objectives:
      - Do it.
    prerequisites:
      - None.
    readings:
      - {cite: voa-2003 ¶2, note: the gap}
    discussion:
      - {id: one, prompt: "It says \\"more than 30 years\\" [voa-2003 ¶2]. Why?"}
    keypoints: [A point.]
course:
  title: "Demo: {texts}"
  intro: "{lessons} read {sources} from {years}."
"""


def write(tmp_path, text, notebook=True):
    path = tmp_path / "lessons.yaml"
    path.write_text(text, encoding="utf-8")
    if notebook:
        (tmp_path / "09_demo.ipynb").write_text("{}", encoding="utf-8")
    return path


def test_does_the_real_front_matter_pass_every_check(corpus):
    assert lessons.check_lessons(corpus) == []


def test_is_there_front_matter_for_every_lesson_in_teaching_order():
    assert [item.id for item in lessons.lessons()] == LESSON_IDS


def test_does_every_lesson_have_a_bank_and_a_notebook():
    for lid in LESSON_IDS:
        assert (NOTEBOOKS_DIR / f"{lid}.ipynb").exists() and (NOTEBOOKS_DIR / "quizzes" / f"{lid}.yaml").exists()


def test_does_a_good_small_file_pass(tmp_path, corpus):
    assert lessons.check_lessons(corpus, write(tmp_path, GOOD)) == []


def test_is_a_misquotation_reported_with_file_and_line(tmp_path, corpus):
    path = write(tmp_path, GOOD.replace("more than 30 years", "more than 40 years"))
    problems = lessons.check_lessons(corpus, path)
    assert len(problems) == 1
    assert problems[0].file.endswith("lessons.yaml") and problems[0].line == 2
    assert "not found verbatim" in problems[0].message and "voa-2003 ¶2" in problems[0].message


def test_is_a_citation_that_does_not_resolve_reported(tmp_path, corpus):
    problems = lessons.check_lessons(corpus, write(tmp_path, GOOD.replace("cite: voa-2003 ¶2", "cite: voa-2003 ¶99")))
    assert any("voa-2003 ¶99" in p.message and "does not resolve" in p.message for p in problems)


def test_is_an_inline_citation_that_does_not_resolve_reported(tmp_path, corpus):
    problems = lessons.check_lessons(corpus, write(tmp_path, GOOD.replace("[A point.]", '["See [toi-2018 ¶40]."]')))
    assert any("[toi-2018 ¶40] does not resolve" in p.message for p in problems)


def test_are_missing_and_unknown_fields_reported_at_their_lines(tmp_path, corpus):
    text = GOOD.replace("    keypoints: [A point.]\n", "    keypionts: [A point.]\n")
    problems = lessons.check_lessons(corpus, write(tmp_path, text))
    messages = {(p.message.split(" (")[0], p.line) for p in problems}
    assert ("lesson is missing `keypoints`", 2) in messages
    assert ("unknown field `keypionts`", 16) in messages


def test_are_bad_minutes_reported(tmp_path, corpus):
    problems = lessons.check_lessons(corpus, write(tmp_path, GOOD.replace("teaching: 5", "teaching: soon")))
    assert ("`teaching` must be a whole number of minutes", 4) in [(p.message, p.line) for p in problems]


def test_is_a_yaml_syntax_error_a_problem_not_a_crash(tmp_path, corpus):
    problems = lessons.check_lessons(corpus, write(tmp_path, GOOD.replace("title: Demo", "title: [Demo")))
    assert problems and problems[0].line is not None and "YAML" in problems[0].message


def test_is_a_missing_notebook_reported(tmp_path, corpus):
    problems = lessons.check_lessons(corpus, write(tmp_path, GOOD, notebook=False))
    assert any("has no notebook 09_demo.ipynb" in p.message for p in problems)


def test_is_a_notebook_without_front_matter_reported(tmp_path, corpus):
    path = write(tmp_path, GOOD)
    (tmp_path / "10_extra.ipynb").write_text("{}", encoding="utf-8")
    assert any("10_extra.ipynb has no entry" in p.message for p in lessons.check_lessons(corpus, path))


def test_is_lesson_text_escaped_and_are_citations_set_apart():
    html = lessons.prose('<script>alert(1)</script> see [voa-2003 ¶2] & more')
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; more" in html
    assert "<cite" in html and "[voa-2003 ¶2]</cite>" in html


def test_does_the_header_show_time_questions_and_cited_readings():
    header = lessons.header("02_thaw_2003")
    assert "Time: 50 minutes" in str(header)
    assert "Los Angeles Times" in str(header) and "(inferred)" in str(header)
    assert header._repr_html_().count("<li>") >= 10


def test_is_background_always_labelled_as_not_from_the_sources():
    for item in lessons.lessons():
        for callout in item.background:
            shown = lessons.background(item.id, callout.id)
            assert "Background (not from the sources)" in shown._repr_html_() and "ⓘ" in shown._repr_html_()


def test_does_an_unknown_lesson_or_callout_say_what_there_is():
    with pytest.raises(KeyError, match="lessons are: 00_start_here"):
        lessons.header("99_nothing")
    with pytest.raises(KeyError, match="it has: alliances"):
        lessons.background("01_cold_war_roots", "nothing")


def test_does_the_sources_overview_say_which_dates_and_publishers_are_inferred(corpus):
    text = str(lessons.sources_overview(corpus))
    inferred = sum(corpus.sources["date_basis"] == "inferred") + sum(corpus.sources["publisher_basis"] == "inferred")
    assert text.count("inferred by us") == inferred
    assert text.count("printed in the text") == sum(corpus.sources["date_basis"] == "stated")
    assert text.count("\tnamed in the text") == sum(corpus.sources["publisher_basis"] == "stated")


def test_does_the_instructor_guide_answer_every_discussion_prompt_under_its_lesson():
    guide = (NOTEBOOKS_DIR / "INSTRUCTOR_GUIDE.md").read_text("utf-8")
    sections = _part(guide, "## Lesson by lesson").split("\n### Lesson ")[1:]
    assert len(sections) == len(LESSON_IDS)
    for item, section in zip(lessons.lessons(), sections, strict=True):
        assert section.startswith(f"{int(item.id[:2])}:"), item.id
        for prompt in item.discussion:
            assert f"- **{prompt.id}** — " in section, f"{item.id}: no suggested answer for {prompt.id!r}"


def _part(guide: str, heading: str) -> str:
    """One ``## `` part of the guide, up to the next ``## `` heading."""
    start = guide.index("\n" + heading)
    end = guide.find("\n## ", start + 1)
    return guide[start: end if end != -1 else None]


def test_does_the_guide_give_referenced_background_for_every_lesson():
    from pakru.claims import _BACKGROUND, _REFERENCE

    guide = (NOTEBOOKS_DIR / "INSTRUCTOR_GUIDE.md").read_text("utf-8")
    sections = _part(guide, "## Background for instructors").split("\n### Lesson ")[1:]
    assert [s.split(":")[0] for s in sections] == [str(int(i[:2])) for i in LESSON_IDS]
    for number, section in zip(LESSON_IDS, sections, strict=True):
        markers = _BACKGROUND.findall(section)
        if number != "05_synthesis":  # lesson 5 points back to the lesson 4 notes
            assert markers and all(_REFERENCE.search(m) for m in markers), number


def test_does_the_guide_have_the_essay_and_written_answer_rubrics():
    guide = (NOTEBOOKS_DIR / "INSTRUCTOR_GUIDE.md").read_text("utf-8")
    rubric = _part(guide, "## Marking rubrics")
    for criterion in ("Evidence with citations", "Attribution", "Handling of disagreement", "Dating", "Argument"):
        assert f"| {criterion} |" in rubric, criterion
    # the exercises' written-answer rubrics live in their task files (tests/exercises/test_tasks.py); the guides
    # point there rather than keep a second copy
    exercises = (NOTEBOOKS_DIR.parent / "exercises" / "INSTRUCTORS.md").read_text("utf-8")
    assert "`rubric:`" in _part(exercises, "## Marking rubrics for the written answers")
    assert "exercises/tasks/*.yaml" in rubric


def test_do_the_guide_citations_resolve_and_does_it_give_both_links(corpus):
    from lesson_helpers import citations_in

    from pakru.citations import Citation

    guide = (NOTEBOOKS_DIR / "INSTRUCTOR_GUIDE.md").read_text("utf-8")
    found = citations_in(guide)
    assert len(found) > 20
    assert [c for c in found if not corpus.resolves(Citation(*c))] == []
    assert "https://mybinder.org/v2/gh/<owner>/<repo>/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb" in guide
    assert "/hub/user-redirect/git-pull?repo=" in guide


def test_course_placeholders_are_filled_from_the_data(tmp_path, corpus):
    path = write(tmp_path, GOOD)
    words = lessons.course_words(corpus, lessons.lessons(path))
    assert lessons.course_text(corpus, path) == (f"Demo: {words['texts']}",
                                                 f"One lesson read {words['sources']} from {words['years']}.")
    years = sorted({str(d)[:4] for d in corpus.sources["date"]})
    assert words["years"] == f"{years[0]} to {years[-1]}"


@pytest.mark.parametrize(("intro", "said"), [
    ("{sources} in {decades}.", "`intro`: unknown placeholder {decades}; use {sources}, {texts}, {lessons}, {years}"),
    ("A brace { alone.", "a placeholder is written {sources}, a brace itself {{ or }}"),
])
def test_an_unknown_course_placeholder_is_reported_with_file_and_line(tmp_path, corpus, intro, said):
    path = write(tmp_path, GOOD.replace('"{lessons} read {sources} from {years}."', repr(intro)))
    problems = lessons.check_lessons(corpus, path)
    assert [(p.line, said in p.message) for p in problems] == [(19, True)], problems


def test_lesson_0_shows_each_source_as_a_card_with_its_reasoning_folded(corpus):
    """A table of long text in narrow columns was cut off at 1280 px (issue #21): one card per source instead."""
    markup = lessons.sources_overview(corpus).markup
    assert "<table" not in markup
    assert markup.count('class="pakru-box pakru-card pakru-source-card"') == len(corpus.documents)
    assert markup.count("<details><summary>How we know the publisher and the date</summary>") == len(corpus.documents)
    for doc_id in corpus.documents:
        assert f"<code>{doc_id}</code>" in markup
