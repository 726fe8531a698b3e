"""Student versions: committed copies equal a fresh build, and no solution or literal answer reaches them."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
from exercise_helpers import EXERCISES, solution_namespace

from pakru.exercises import build
from pakru.exercises.solution_regions import markers


@pytest.mark.parametrize("exercise", EXERCISES)
def test_is_the_committed_student_version_exactly_a_fresh_build(exercise):
    built, problems = build.build_notebook(build.SOURCE_DIR / f"{exercise}.ipynb")
    assert problems == []
    assert (build.STUDENT_DIR / f"{exercise}.ipynb").read_text("utf-8") == built.text()


def test_does_build_write_every_student_version_and_check_mode_spot_staleness(tmp_path, capsys):
    assert build.main(["build", "--out", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.ipynb")) == EXERCISES
    assert build.main(["build", "--out", str(tmp_path), "--check"]) == 0
    target = tmp_path / f"{EXERCISES[0]}.ipynb"
    target.write_text(target.read_text("utf-8").replace("YOUR CODE HERE", "YOUR CODE"), "utf-8")
    assert build.main(["build", "--out", str(tmp_path), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err


@pytest.mark.parametrize("exercise", EXERCISES)
def test_does_no_solution_line_reach_the_student_version(exercise):
    built, _ = build.build_notebook(build.SOURCE_DIR / f"{exercise}.ipynb")
    student = nbformat.read(build.STUDENT_DIR / f"{exercise}.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert built.solutions
    for region in built.solutions:
        for line in region.splitlines():
            line = line.strip()
            if len(line) >= 8 and not re.fullmatch(r"\w+ = \.\.\.", line):
                assert line not in text, line


@pytest.mark.parametrize("exercise", EXERCISES)
def test_does_no_literal_answer_appear_in_the_student_version(exercise):
    student = nbformat.read(build.STUDENT_DIR / f"{exercise}.ipynb", as_version=4)
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    everything = "\n".join(c.source for c in student.cells)  # metadata lists source ids, which are not answers
    answers = solution_namespace(exercise)
    checked = 0
    for name, value in answers.items():
        literals = [value] if isinstance(value, str | int | float) else list(value) if isinstance(value, list) else []
        if isinstance(value, pd.DataFrame) and "quote" in value.columns:
            literals = list(value["quote"])
        for literal in map(str, literals):
            checked += 1
            assert not re.search(rf"(?<![\w-]){re.escape(literal)}(?![\w-])", code), (name, literal)
            if len(literal) >= 5:
                assert literal not in everything, (name, literal)
    assert checked >= 1


@pytest.mark.parametrize("exercise", EXERCISES)
def test_is_the_student_version_clean(exercise):
    student = nbformat.read(build.STUDENT_DIR / f"{exercise}.ipynb", as_version=4)
    nbformat.validate(student)
    assert student.metadata["pakru"]["version"] == "student"
    for cell in student.cells:
        assert not markers(cell.source)
        assert build.role(cell) not in (build.ROLE_SOLUTION, build.ROLE_INSTRUCTOR)
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert len(cell.source.splitlines()) <= 4, cell.source
