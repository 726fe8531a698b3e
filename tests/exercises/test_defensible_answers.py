"""Answers a careful student writes, as a student writes them, earn full credit (issue #21).

The fixture (fixtures/defensible_answers.yaml) holds at least three answers per marked task in the forms students
use: the source's own words ("in the 1970s"), citations as the lessons print them ("[voa-2003 ¶4]"), capitals,
dates written out ("5 February 2003"). Each runs through the real `check`, after the solution notebook's cells.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest
import yaml
from exercise_helpers import solution_namespace

from pakru.exercises.session import Exercise
from pakru.exercises.tasks import load

FIXTURE = yaml.safe_load((Path(__file__).parent / "fixtures" / "defensible_answers.yaml").read_text("utf-8"))
CASES = [(exercise, task, n, answer) for exercise, tasks in FIXTURE.items() for task, answers in tasks.items()
         for n, answer in enumerate(answers)]


@pytest.fixture(scope="module")
def solutions() -> dict:
    matplotlib.use("Agg")
    return {exercise: solution_namespace(exercise) for exercise in FIXTURE}


@pytest.mark.parametrize(("exercise", "task", "n", "answer"), CASES, ids=[f"{e}-{t}-{n}" for e, t, n, _ in CASES])
def test_a_careful_students_answer_earns_full_credit(exercise, task, n, answer, solutions, corpus):
    namespace = {"pd": pd, **solutions[exercise]}
    for name, expression in answer.items():
        namespace[name] = eval(expression, namespace)  # noqa: S307 - our own fixture, not a submission
    result = Exercise(exercise, namespace=namespace, corpus=corpus).check(task)
    assert (result.status, result.score) == ("passed", result.max_score), repr(result)


def test_every_marked_task_has_at_least_three_answers_in_the_fixture():
    for exercise in FIXTURE:
        for task in load(exercise).tasks:
            if task.kind != "written":
                assert len(FIXTURE[exercise].get(task.id, [])) >= 3, f"{exercise} {task.id}"


def test_the_forms_the_issue_names_are_in_the_fixture():
    flat = yaml.safe_dump(FIXTURE, allow_unicode=True)
    for form in ('"in the 1970s"', '"the seventies"', "70s", "[voa-2003 ¶7]", "VOA-2003 ¶3", "nation-forum-2015 ¶8",
                 "5 February 2003", '"voa-2003 ¶1"'):
        assert form in flat, form


def test_one_disputed_paragraph_costs_its_share_not_the_whole_citation_check(solutions, corpus):
    namespace = {**solutions["01_cold_war_roots"],
                 "afghan_war_evidence": ["voa-2003 ¶4", "latimes-2003 ¶5", "nation-forum-2015 ¶8"]}
    result = Exercise("01_cold_war_roots", namespace=namespace, corpus=corpus).check("q3")
    assert result.status == "not yet"
    assert result.score == pytest.approx(2 * 2 / 3, abs=0.01) and result.max_score == 2
    assert "partial credit" in repr(result) and "nation-forum-2015 ¶8" in repr(result)


def test_a_citations_answer_in_the_wrong_form_earns_no_share(solutions, corpus):
    for wrong in (["voa-2003 ¶4", "the LA Times"], ["voa-2003 ¶4", "voa-2003 ¶99"], "voa-2003 ¶4 and ¶5"):
        namespace = {**solutions["01_cold_war_roots"], "afghan_war_evidence": wrong}
        result = Exercise("01_cold_war_roots", namespace=namespace, corpus=corpus).check("q3")
        assert (result.status, result.score) == ("not yet", 0.0), wrong
