"""Bank validation: every problem named with its file and line, never a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pakru.paths import QUIZZES_DIR
from pakru.problems import ProblemError
from pakru.quiz import check_all_banks, load_bank

GOOD_QUESTION = """\
  - id: visit-gap
    type: single
    prompt: How long?
    options: [About 10 years, More than 30 years]
    answer: More than 30 years
    explanation: VOA says so.
    evidence:
      - cite: voa-2003 ¶2
        text: more than 30 years since a Pakistani leader
"""


def write_bank(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def problems_for(folder: Path, corpus) -> list[tuple[str, int | None, str]]:
    return [(Path(p.file).name, p.line, p.message) for p in check_all_banks(corpus, folder)]


def test_project_banks_are_all_valid(corpus):
    assert [str(p) for p in check_all_banks(corpus)] == []
    assert (QUIZZES_DIR / "demo.yaml").exists()


def test_demo_bank_has_every_question_type(corpus):
    bank = load_bank("demo", corpus)
    assert {q.question_type for q in bank.questions} == {"single", "multiple", "truefalse", "numeric",
                                                         "chronology", "matching", "text"}
    assert all(q.evidence for q in bank.questions)


def test_a_good_bank_has_no_problems(tmp_path, corpus):
    write_bank(tmp_path, "ok.yaml", "id: ok\ntitle: OK\nquestions:\n" + GOOD_QUESTION)
    assert problems_for(tmp_path, corpus) == []


def test_answer_not_among_options_names_its_line(tmp_path, corpus):
    write_bank(tmp_path, "b.yaml", "id: b\ntitle: B\nquestions:\n"
               + GOOD_QUESTION.replace("answer: More than 30 years", "answer: Forty years"))
    found = problems_for(tmp_path, corpus)
    assert len(found) == 1
    name, line, message = found[0]
    assert (name, line) == ("b.yaml", 8)
    assert "not one of the options" in message


def test_duplicate_ids_and_unknown_fields(tmp_path, corpus):
    body = "id: b\ntitle: B\nquestions:\n" + GOOD_QUESTION + GOOD_QUESTION.replace("    type: single\n",
                                                                                   "    type: single\n    hint: x\n")
    write_bank(tmp_path, "b.yaml", body)
    found = problems_for(tmp_path, corpus)
    assert ("b.yaml", 15, "unknown field `hint` (known: id, asks, prompt, code, explanation, evidence, type, "
            "options, answer, feedback)") in found
    assert any(line == 13 and "duplicate question id 'visit-gap' (first at line 4)" in m for _, line, m in found)


def test_evidence_must_be_verbatim_in_the_cited_paragraph(tmp_path, corpus):
    body = "id: b\ntitle: B\nquestions:\n" + GOOD_QUESTION.replace("voa-2003 ¶2", "voa-2003 ¶3")
    write_bank(tmp_path, "b.yaml", body)
    [(name, line, message)] = problems_for(tmp_path, corpus)
    assert (name, line) == ("b.yaml", 11)
    assert "not found verbatim in voa-2003 ¶3" in message and "voa-2003 ¶2: cite that" in message


def test_evidence_with_changed_words_is_refused(tmp_path, corpus):
    body = "id: b\ntitle: B\nquestions:\n" + GOOD_QUESTION.replace("more than 30 years", "more than 40 years")
    write_bank(tmp_path, "b.yaml", body)
    [(_, line, message)] = problems_for(tmp_path, corpus)
    assert line == 11 and "not found verbatim" in message


def test_citations_must_exist(tmp_path, corpus):
    body = "id: b\ntitle: B\nquestions:\n" + GOOD_QUESTION.replace("voa-2003 ¶2", "voa-2003 ¶99")
    write_bank(tmp_path, "b.yaml", body)
    [(_, line, message)] = problems_for(tmp_path, corpus)
    assert line == 11 and "does not exist (voa-2003 has paragraphs 1 to 10)" in message
    write_bank(tmp_path, "b.yaml", "id: b\ntitle: B\nquestions:\n" + GOOD_QUESTION.replace("voa-2003 ¶2", "nowhere"))
    [(_, line, message)] = problems_for(tmp_path, corpus)
    assert line == 11 and "not a citation" in message


def test_numeric_answer_must_parse(tmp_path, corpus):
    write_bank(tmp_path, "n.yaml", """\
        id: n
        title: N
        questions:
          - id: trade
            type: numeric
            prompt: How much?
            answer: about 500
            tolerance: -1
            explanation: The Nation.
            evidence:
              - {cite: nation-forum-2015 ¶16, text: currently stands at $542 million}
        """)
    found = problems_for(tmp_path, corpus)
    assert ("n.yaml", 7, "numeric answer 'about 500' is not a number") in found
    assert ("n.yaml", 8, "tolerance must be a number ≥ 0, not -1") in found


def test_chronology_items_must_be_known_and_untied_events(tmp_path, corpus):
    write_bank(tmp_path, "c.yaml", """\
        id: c
        title: C
        questions:
          - id: order
            type: chronology
            prompt: Order them.
            items: [musharraf-arrives-moscow, putin-calls-vajpayee, taliban-rule, no-such-event]
            explanation: Dates.
        """)
    found = problems_for(tmp_path, corpus)
    assert ("c.yaml", 4, "order: 'no-such-event' is not an event in data/events.yaml") in found
    assert any(line == 4 and "'musharraf-arrives-moscow' (2003-02-04) and 'putin-calls-vajpayee' (2003-02-04)" in m
               and "tie or overlap" in m for _, line, m in found)


def test_chronology_dates_that_overlap_are_ties(tmp_path, corpus):
    write_bank(tmp_path, "c.yaml", """\
        id: c
        title: C
        questions:
          - id: order
            type: chronology
            prompt: Order them.
            items: [soviet-afghan-war, putin-cancels-visit, lavrov-sent-to-islamabad, asif-lavrov-talks]
            explanation: Dates.
        """)
    [(_, line, message)] = problems_for(tmp_path, corpus)
    assert line == 4 and "'putin-cancels-visit' (2012) and 'lavrov-sent-to-islamabad' (2012-10)" in message


def test_chronology_size_is_four_to_six(tmp_path, corpus):
    write_bank(tmp_path, "c.yaml", """\
        id: c
        title: C
        questions:
          - id: order
            type: chronology
            prompt: Order them.
            items: [soviet-afghan-war, taliban-rule]
            explanation: Dates.
        """)
    assert ("c.yaml", 7, "a chronology orders 4 to 6 events, not 2") in problems_for(tmp_path, corpus)


def test_yaml_syntax_error_is_a_problem_with_its_line(tmp_path, corpus):
    write_bank(tmp_path, "s.yaml", "id: s\ntitle: S\nquestions:\n  - id: [unclosed\n    type: single\n")
    [(name, line, message)] = problems_for(tmp_path, corpus)
    assert name == "s.yaml" and message.startswith("YAML syntax") and line is not None and line >= 4


@pytest.mark.parametrize("body", [
    "just text\n",
    "- a list\n",
    "id: w\ntitle: [1, 2]\nquestions: 3\n",
    "id: w\ntitle: W\nquestions: [3, null, {type: single}]\n",
    "id: w\ntitle: W\nsettings: {shuffle: maybe, reveal_after: -1}\nquestions:\n  - {id: x, type: truefalse, "
    "prompt: P, answer: maybe, explanation: E, evidence: [{cite: voa-2003 ¶2, text: [1]}]}\n",
    "id: w\ntitle: W\nquestions:\n  - {id: X Y, type: matching, prompt: P, pairs: [{left: a}], explanation: E,"
    " evidence: notalist}\n",
    "id: w\ntitle: W\nquestions:\n  - {id: x, type: multiple, prompt: P, options: a, answer: {}, explanation: E}\n",
    "id: w\ntitle: W\nquestions:\n  - {id: x, type: text, prompt: P, answer: [], explanation: E, evidence: []}\n",
    "id: w\ntitle: W\nquestions:\n  - {id: x, type: chronology, prompt: P, items: 5, explanation: E}\n",
])
def test_wrong_types_are_problems_never_tracebacks(tmp_path, corpus, body):
    write_bank(tmp_path, "w.yaml", body)
    found = check_all_banks(corpus, tmp_path)
    assert found, "a malformed bank must report at least one problem"
    assert all(Path(p.file).name == "w.yaml" for p in found)


def test_bank_id_must_match_file_name(tmp_path, corpus):
    write_bank(tmp_path, "right.yaml", "id: wrong\ntitle: T\nquestions:\n" + GOOD_QUESTION)
    [(_, line, message)] = problems_for(tmp_path, corpus)
    assert line == 1 and "must equal the file name" in message


def test_load_bank_raises_with_every_problem(tmp_path, corpus):
    path = write_bank(tmp_path, "b.yaml", "id: b\ntitle: B\nquestions:\n"
                      + GOOD_QUESTION.replace("answer: More than 30 years", "answer: Forty")
                      .replace("voa-2003 ¶2", "voa-2003 ¶3"))
    with pytest.raises(ProblemError) as caught:
        load_bank(path, corpus)
    assert len(caught.value.problems) == 2
    assert all(p.line for p in caught.value.problems)


def test_unknown_bank_id_lists_the_banks():
    with pytest.raises(ProblemError, match="no bank 'nope'; banks here: .*demo"):
        load_bank("nope")


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=8),
                    st.sampled_from(["voa-2003 ¶2", "more than 30 years", "single", "numeric", "chronology",
                                     "matching", "text", "taliban-rule"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(["left", "right", "cite", "text", "x"]), inner, max_size=3),
                      max_leaves=8)
QUESTIONS = st.fixed_dictionaries(
    {"type": st.sampled_from(["single", "multiple", "truefalse", "numeric", "chronology", "matching", "text"])},
    optional={key: VALUES for key in ("id", "prompt", "options", "answer", "items", "pairs", "explanation",
                                      "evidence", "tolerance", "unit", "extra")})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(QUESTIONS, min_size=1, max_size=3))
def test_any_bank_shape_gives_problems_not_tracebacks(tmp_path_factory, corpus, questions):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "f.yaml").write_text(yaml.safe_dump({"id": "f", "title": "F", "questions": questions}),
                                   encoding="utf-8")
    for problem in check_all_banks(corpus, folder):
        assert Path(problem.file).name == "f.yaml" and problem.message


def test_authors_get_jupyterquiz_rules_too_but_must_still_explain_and_cite(tmp_path, corpus):
    """The fields the jupyterquiz importer uses (per-option feedback, numeric and text `answers` rules) are part
    of the one bank model, so a YAML bank may use them; explanation and evidence stay required there."""
    write_bank(tmp_path, "r.yaml", """\
        id: r
        title: R
        questions:
          - id: trade
            type: numeric
            prompt: How many million dollars?
            answers:
              - {value: 542, correct: true}
              - {range: [500, 600], correct: false, feedback: Close; read the sentence again.}
            default_feedback: Look at the paragraph on trade.
            explanation: The Nation says so.
            evidence:
              - {cite: nation-forum-2015 ¶16, text: currently stands at $542 million}
          - id: gap
            type: single
            prompt: How long?
            options: [About 10 years, More than 30 years]
            answer: More than 30 years
            feedback: {About 10 years: Count again from the last visit.}
            evidence:
              - {cite: voa-2003 ¶2, text: more than 30 years since a Pakistani leader}
        """)
    found = problems_for(tmp_path, corpus)
    gap_line = (tmp_path / "r.yaml").read_text("utf-8").splitlines().index("  - id: gap") + 1
    assert found == [("r.yaml", gap_line, "single question is missing `explanation`")]
    text = (tmp_path / "r.yaml").read_text("utf-8").replace("    answer: More than 30 years\n",
                                                              "    answer: More than 30 years\n    explanation: VOA.\n")
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    trade, gap = load_bank(tmp_path / "r.yaml", corpus).questions
    assert trade.check("542").correct and trade.check("550").note == "Close; read the sentence again."
    assert trade.check("700").note == "Look at the paragraph on trade."
    assert gap.check("About 10 years").note == "Count again from the last visit."
