"""check / hint / summary on a learner's variables: plain words, never the answer, never a traceback."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from exercise_helpers import EXERCISES, solution_namespace

from pakru.corpus import load
from pakru.exercises import Exercise
from pakru.exercises.check_results import MIME
from pakru.progress import Store

CORPUS = load()


def _messages(result) -> str:
    return repr(result) + result._repr_html_()


@pytest.mark.parametrize("exercise", EXERCISES)
def test_do_the_solutions_pass_every_check(exercise):
    namespace = solution_namespace(exercise)
    ex = Exercise(exercise, namespace=namespace, corpus=CORPUS)
    for task in ex.spec.tasks:
        result = ex.check(task.id)
        assert result.status == ("collected" if task.kind == "written" else "passed"), repr(result)
        assert result.score == task.max_score


@pytest.mark.parametrize("exercise", EXERCISES)
def test_does_an_untouched_notebook_get_not_yet_for_every_task(exercise):
    ex = Exercise(exercise, namespace={}, corpus=CORPUS)
    for task in ex.spec.tasks:
        result = ex.check(task.id)
        assert result.status == "not yet" and not result.score
        assert "not set yet" in repr(result)


def test_do_hints_come_one_after_another_and_stop_at_the_last():
    ex = Exercise("02_thaw_2003", namespace={}, corpus=CORPUS)
    hints = ex.spec.task("q1").hints
    shown = [ex.hint("q1") for _ in range(len(hints) + 1)]
    assert [h.number for h in shown] == [*range(1, len(hints) + 1), len(hints)]
    assert [h.text for h in shown[:-1]] == list(hints)
    assert "last hint" in repr(shown[-1]) and "Hint 1 of" in shown[0]._repr_html_()
    assert ex.hint("q2").number == 1  # each task counts its own hints


def _wrong_values(namespace: dict) -> dict:
    """Plausible wrong answers derived from the right ones: too few rows, a changed value, a wrong citation."""
    wrong = {}
    for name, value in namespace.items():
        if isinstance(value, pd.DataFrame):
            wrong[name] = value.iloc[:-1] if len(value) > 1 else value.iloc[0:0]
        elif isinstance(value, pd.Series):
            wrong[name] = value + 1
        elif isinstance(value, list):
            wrong[name] = ["latimes-2003 ¶12"] * 1
        elif isinstance(value, bool | int | float):
            wrong[name] = value + 7
        elif isinstance(value, str) and len(value.split()) < 5:
            wrong[name] = value + "x"
        else:
            wrong[name] = value
    return wrong


def _literals(namespace: dict) -> list[str]:
    """The right answers as text a message could leak: scalars, citations, quotations and counts."""
    found = []
    for value in namespace.values():
        if isinstance(value, str) and len(value.split()) < 5:
            found.append(value)
        elif isinstance(value, bool | int | float):
            found.append(str(value))
        elif isinstance(value, list):
            found += [str(v) for v in value]
        elif isinstance(value, pd.DataFrame) and "quote" in value.columns:
            found += [q for q in value["quote"] if len(q) > 12]
        elif isinstance(value, pd.DataFrame) and "text" in value.columns:
            found += [t[:40] for t in value["text"]]
    return found


@pytest.mark.parametrize("exercise", EXERCISES)
def test_do_wrong_answers_get_reasons_but_never_the_answer(exercise):
    right = solution_namespace(exercise)
    wrong = _wrong_values(right)
    ex = Exercise(exercise, namespace=wrong, corpus=CORPUS)
    failed = 0
    for task in ex.spec.tasks:
        literals = _literals({v: right[v] for v in task.variables})
        result = ex.check(task.id)
        text = _messages(result)
        if task.kind == "code" and result.status == "not yet":
            failed += 1
            assert "✘" in text
        for literal in literals:
            if literal in {str(v) for v in wrong.values() if not isinstance(v, pd.DataFrame | pd.Series)}:
                continue  # the learner's own (wrong) value may be echoed back
            if len(literal) >= 2 and task.kind == "code":
                said = " ".join(o.message for _, o in result.outcomes)
                assert not re.search(rf"(?<!\w){re.escape(literal)}(?!\w)", said), (task.id, literal)
    assert failed >= 3


def test_is_a_wrong_table_explained_in_plain_words():
    right = solution_namespace("02_thaw_2003")
    namespace = dict(right, musharraf_quotes=right["musharraf_quotes"].iloc[:1])
    result = Exercise("02_thaw_2003", namespace=namespace, corpus=CORPUS).check("q1")
    assert result.status == "not yet" and result.score == 1.0
    assert "misses some rows that belong" in repr(result)
    assert "Traceback" not in repr(result)


def test_does_a_value_that_breaks_a_check_give_words_not_a_traceback():
    class Hostile:
        def __eq__(self, other):
            raise RuntimeError("boom")

        def __iter__(self):
            raise RuntimeError("boom")

    bad = pd.DataFrame({"doc_id": [Hostile()], "paragraph": [1], "text": ["x"]})
    result = Exercise("01_cold_war_roots", namespace={"soviet_paragraphs": bad}, corpus=CORPUS).check("q1")
    assert result.status == "not yet" and "Traceback" not in repr(result)


def test_is_learner_text_escaped_in_the_html():
    namespace = {"afghan_war_evidence": ["<script>alert(1)</script> ¶2"]}
    html = Exercise("01_cold_war_roots", namespace=namespace, corpus=CORPUS).check("q3")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_does_only_passing_say_these_checks_passed_and_never_all_correct():
    right = solution_namespace("05_corpus_as_data")
    result = Exercise("05_corpus_as_data", namespace=right, corpus=CORPUS).check("q1")
    assert "these checks passed" in repr(result)
    assert "all correct" not in repr(result).lower()


def test_does_an_unknown_task_get_a_notice_listing_the_tasks():
    notice = Exercise("02_thaw_2003", namespace={}, corpus=CORPUS).check("q99")
    assert "no task 'q99'" in repr(notice) and "q1" in repr(notice)


def test_are_results_saved_to_the_progress_store_with_attempts(progress_dir):
    right = solution_namespace("03_talks_2011")
    ex = Exercise("03_talks_2011", namespace={"russian_quotes_count": 5}, corpus=CORPUS)
    ex.check("q2")
    ex._namespace = right
    ex.check("q2")
    ex.check("q6")
    records = Store(progress_dir, "test-learner").latest("03_talks_2011")
    q2, q6 = records[("03_talks_2011", "q2")], records[("03_talks_2011", "q6")]
    assert (q2.kind, q2.correct, q2.attempts, q2.score, q2.max_score) == ("exercise", True, 2, 1.0, 1.0)
    assert q6.correct and q6.answer["shown"] == right["talks_voices"]
    # what the gradebook re-grades from: the learner's value itself, not the verdict
    assert q2.answer["given"]["variables"]["russian_quotes_count"] == {"type": "scalar", "value": 0, "cut": False}


def test_does_the_summary_show_saved_results_after_a_restart(progress_dir):
    right = solution_namespace("03_talks_2011")
    Exercise("03_talks_2011", namespace=right, corpus=CORPUS).check("q4")
    fresh = Exercise("03_talks_2011", namespace={}, corpus=CORPUS)  # a new kernel: nothing checked yet
    rows = {r["task"]: r for r in fresh.summary().rows}
    assert rows["q4"]["status"] == "passed" and rows["q1"]["status"] == "unchecked"
    assert fresh.summary().totals() == (2.0, 11.0)


def test_does_the_result_carry_a_json_record_for_the_gradebook():
    right = solution_namespace("02_thaw_2003")
    bundle = Exercise("02_thaw_2003", namespace=right, corpus=CORPUS).check("q4")._repr_mimebundle_()
    record = bundle[MIME]["results"][0]
    assert (record["exercise"], record["task"], record["status"], record["score"]) == ("02_thaw_2003", "q4",
                                                                                       "passed", 2.0)
    # the record carries no answer (the visit gaps "30" and "33"); the timestamp is left out of the search
    without_time = [{k: v for k, v in r.items() if k != "timestamp"} for r in bundle[MIME]["results"]]
    text = json.dumps({**bundle[MIME], "results": without_time})
    assert "30" not in text and "33" not in text
