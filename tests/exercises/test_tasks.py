"""Task files: the project's files are valid, and each kind of mistake is a Problem with file and line."""

from __future__ import annotations

import shutil

import pytest

from pakru.corpus import load
from pakru.exercises.build import SOURCE_DIR
from pakru.exercises.check_rules import RULES
from pakru.exercises.tasks import TASKS_DIR, Check, Rule, load_spec, spec_paths
from pakru.exercises.validate import check_all_exercises


def test_are_the_project_exercises_valid():
    assert [str(p) for p in check_all_exercises(load())] == []


def test_are_there_at_least_five_exercises_of_four_to_eight_tasks():
    specs = [load_spec(p)[0] for p in spec_paths()]
    assert len(specs) >= 5
    for spec in specs:
        assert 4 <= len(spec.tasks) <= 8, spec.id
        assert all(task.hints and task.rules for task in spec.tasks), spec.id
        assert any(task.kind == "written" for task in spec.tasks), spec.id


GOOD_TASK = """id: {id}
title: T
salt: s
tasks:
  - id: q1
    title: one
    variables: [x]
    hints: [a hint]
    checks:
      - {{type: table, columns: [doc_id]}}
"""


@pytest.mark.parametrize("replace, words, line", [
    ("- {type: table, columns: [doc_id]}", "unknown check type", 10),
    ("hints: [a hint]", "at least one hint", 8),
    ("variables: [x]", "`variables:`", 7),
])
def test_is_each_mistake_reported_with_its_line(tmp_path, replace, words, line):
    bad = {"- {type: table, columns: [doc_id]}": "- {type: tabel, columns: [doc_id]}",
           "hints: [a hint]": "hints: []", "variables: [x]": "variables: [1x]"}[replace]
    path = tmp_path / "ex1.yaml"
    path.write_text(GOOD_TASK.format(id="ex1").replace(replace, bad), encoding="utf-8")
    spec, problems = load_spec(path)
    assert spec is None
    assert any(words in p.message and p.line == line for p in problems), [str(p) for p in problems]


def test_is_an_unknown_expectation_or_a_plain_text_answer_refused(tmp_path):
    path = tmp_path / "ex1.yaml"
    text = GOOD_TASK.format(id="ex1").replace(
        "- {type: table, columns: [doc_id]}",
        "- {type: rows, expected: {guess: {}}, key: [doc_id]}\n      - {type: answer, accept: [\"1970s\"]}")
    path.write_text(text, encoding="utf-8")
    spec, problems = load_spec(path)
    messages = " ".join(p.message for p in problems)
    assert spec is None and "`expected:` must be one of" in messages and "SHA-256" in messages


def test_is_every_written_task_given_a_rubric_of_the_five_criteria():
    for path in spec_paths():
        spec, _ = load_spec(path)
        for task in spec.tasks:
            if task.kind == "written":
                assert [line.criterion for line in task.rubric or []] == [
                    "evidence", "attribution", "disagreement", "dating", "argument"], (spec.id, task.id)


@pytest.mark.parametrize("rubric, words, line", [
    ("[{criterion: evidence, full: cites}]", "`rubric:` belongs to written tasks", 11),
    ("[{criterion: evidence, full: a}, {criterion: evidence, full: b}]", "duplicate criterion 'evidence'", 11),
    ("[{criterion: spelling, full: a}]", "criterion", 11),
])
def test_is_a_misplaced_or_muddled_rubric_refused_with_its_line(tmp_path, rubric, words, line):
    path = tmp_path / "ex1.yaml"
    text = GOOD_TASK.format(id="ex1") + f"    rubric: {rubric}\n"
    if "belongs" not in words:
        text = text.replace("- {type: table, columns: [doc_id]}", "- {type: words, min: 1, max: 9}").replace(
            "    title: one\n", "    title: one\n    kind: written\n")
    path.write_text(text, encoding="utf-8")
    spec, problems = load_spec(path)
    assert spec is None
    assert any(words in p.message and p.line == line + ("belongs" not in words) for p in problems), \
        [str(p) for p in problems]


def test_does_the_id_have_to_match_the_file_name(tmp_path):
    path = tmp_path / "ex2.yaml"
    path.write_text(GOOD_TASK.format(id="other"), encoding="utf-8")
    _, problems = load_spec(path)
    assert any("file name" in p.message for p in problems)


def test_does_check_find_a_stale_student_version_and_a_task_without_a_check_cell(tmp_path):
    tasks, source, student = tmp_path / "tasks", tmp_path / "source", tmp_path / "student"
    shutil.copytree(TASKS_DIR, tasks)
    shutil.copytree(SOURCE_DIR, source)
    student.mkdir()
    exercise = spec_paths(tasks)[0].stem
    notebook = (source / f"{exercise}.ipynb").read_text("utf-8")
    (source / f"{exercise}.ipynb").write_text(notebook.replace('check(\\"q1\\")', 'check(\\"q9\\")'), "utf-8")
    problems = [str(p) for p in check_all_exercises(load(), tasks, source, student)]
    assert any("check('q9') names no task" in p for p in problems), problems
    assert any("task q1 has no cell calling check('q1')" in p for p in problems), problems


def test_does_each_check_type_take_exactly_its_rule_functions_parameters():
    import inspect
    import typing

    models = typing.get_args(typing.get_args(Check)[0])
    types = {typing.get_args(m.model_fields["type"].annotation)[0]: m for m in models}
    assert sorted(types) == sorted(RULES)
    for name, model in types.items():
        params = set(model.model_fields) - set(Rule.model_fields) - {"type"}
        assert params == set(list(inspect.signature(RULES[name]).parameters)[2:]), name
