"""Every defensible answer a careful reader of the sources could give passes; partial answers earn partial credit.

The alternatives are written from the sources in fixtures/defensible.yaml (each task file says why in its
`alternatives:`); they run through the real `check`, with the solution notebook's own cells run first.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest
import yaml
from exercise_helpers import solution_namespace

from pakru.exercises.session import Exercise

FIXTURE = yaml.safe_load((Path(__file__).parent / "fixtures" / "defensible.yaml").read_text("utf-8"))
CASES = [(exercise, task, n, answer) for exercise, tasks in FIXTURE.items() for task, answers in tasks.items()
         for n, answer in enumerate(answers)]


@pytest.fixture(scope="module")
def solutions() -> dict:
    matplotlib.use("Agg")
    return {exercise: solution_namespace(exercise) for exercise in FIXTURE}


@pytest.mark.parametrize(("exercise", "task", "n", "answer"), CASES,
                         ids=[f"{e}-{t}-{n}" for e, t, n, _ in CASES])
def test_a_defensible_answer_passes_every_check(exercise, task, n, answer, solutions, corpus):
    namespace = {"pd": pd, **solutions[exercise]}
    for name, expression in answer.items():
        namespace[name] = eval(expression, namespace)  # noqa: S307 - our own fixture, not a submission
    result = Exercise(exercise, namespace=namespace, corpus=corpus).check(task)
    assert result.status == "passed", repr(result)
    assert result.score == result.max_score


def test_every_marked_task_has_alternatives_written_down_and_in_the_fixture():
    from pakru.exercises.tasks import load

    for exercise in FIXTURE:
        spec = load(exercise)
        for task in spec.tasks:
            assert task.alternatives, f"{exercise} {task.id}: write down the alternatives found in the sources"
            if task.kind != "written":
                assert task.id in FIXTURE[exercise], f"{exercise} {task.id}: no defensible answer in the fixture"


def test_answers_the_sources_do_not_support_still_fail(solutions, corpus):
    namespace = {**solutions["01_cold_war_roots"], "afghan_war_evidence": ["voa-2003 ¶4", "nation-forum-2015 ¶8"]}
    result = Exercise("01_cold_war_roots", namespace=namespace, corpus=corpus).check("q3")
    assert result.status == "not yet" and "nation-forum-2015 ¶8, whose text does not show" in repr(result)
    namespace = {**solutions["01_cold_war_roots"], "afghan_war_evidence": ["voa-2003 ¶4"]}
    assert Exercise("01_cold_war_roots", namespace=namespace, corpus=corpus).check("q3").status == "not yet"
    namespace = {**solutions["02_thaw_2003"], "voa_only": ["voa-2003 ¶4", "voa-2003 ¶3", "voa-2003 ¶6"]}
    result = Exercise("02_thaw_2003", namespace=namespace, corpus=corpus).check("q2")
    assert result.status == "not yet" and "voa-2003 ¶4" in repr(result)


def test_a_partly_right_task_earns_the_points_of_the_checks_that_pass_and_says_which(solutions, corpus):
    namespace = {**solutions["01_cold_war_roots"]}
    namespace["soviet_paragraphs"] = namespace["soviet_paragraphs"].head(3)  # a table, but rows missing
    exercise = Exercise("01_cold_war_roots", namespace=namespace, corpus=corpus)
    result = exercise.check("q1")
    assert result.status == "not yet" and (result.score, result.max_score) == (1.0, 3.0)
    assert result.headline == "✘ q1: not yet (1 of 3 points; 1 of 2 checks passed)"
    lines = result.lines()
    assert lines[0].startswith("✔ `soviet_paragraphs` (1/1 point) is a table")
    assert lines[1].startswith("✘ `soviet_paragraphs` (0/2 points) misses some rows")
    assert [(c["check"], c["points"], c["max_points"]) for c in result.record()["checks"]] == [
        ("table", 1.0, 1.0), ("rows", 0.0, 2.0)]
    summary = exercise.summary()
    row = next(line for line in repr(summary).splitlines() if " q1 " in line)
    assert "1 / 3 (table 1/1, rows 0/2)" in row
    assert "1 / 3 (table 1/1, rows 0/2)" in summary._repr_html_()


def test_the_summary_of_a_later_session_still_shows_points_per_check(solutions, corpus):
    namespace = {**solutions["01_cold_war_roots"]}
    namespace["soviet_paragraphs"] = namespace["soviet_paragraphs"].head(3)
    Exercise("01_cold_war_roots", namespace=namespace, corpus=corpus).check("q1")
    later = Exercise("01_cold_war_roots", namespace={}, corpus=corpus).summary()
    row = next(line for line in repr(later).splitlines() if " q1 " in line)
    assert "1 / 3 (table 1/1, rows 0/2)" in row
