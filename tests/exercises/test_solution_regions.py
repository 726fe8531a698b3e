"""Solution markers: stripped into placeholders, and every unsafe layout refused with its cell and line."""

from __future__ import annotations

import nbformat
import pytest

from pakru.exercises.build import build_notebook
from pakru.exercises.solution_regions import MarkerError, strip


def test_does_a_region_become_placeholders_for_the_names_it_sets():
    stripped = strip("x = 1\n# BEGIN SOLUTION\nyears = f(2)\nanswer, other = years, 3\n# END SOLUTION\nprint(x)")
    assert stripped.source == "x = 1\n# YOUR CODE HERE\nyears = ...\nanswer = ...\nother = ...\nprint(x)"
    assert stripped.solutions == ["years = f(2)\nanswer, other = years, 3"]


def test_is_the_indentation_of_a_region_kept():
    stripped = strip("if True:\n    # BEGIN SOLUTION\n    a = 2\n    # END SOLUTION")
    assert stripped.source == "if True:\n    # YOUR CODE HERE\n    a = ..."


@pytest.mark.parametrize("source, line, words", [
    ("# BEGIN SOLUTION\na = 1\n# BEGIN SOLUTION\nb = 2\n# END SOLUTION\n# END SOLUTION", 3, "nested"),
    ("# BEGIN SOLUTION\na = 1\n", 1, "never closed"),
    ("a = 1\n# END SOLUTION", 2, "without"),
    ("a = 1", 1, "needs at least one"),
    ("# BEGIN SOLUTION\na = (\n# END SOLUTION", 1, "not valid Python"),
])
def test_is_an_unsafe_region_refused_with_its_line(source, line, words):
    with pytest.raises(MarkerError) as caught:
        strip(source)
    assert words in str(caught.value)
    assert caught.value.line >= line


def _notebook(tmp_path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "ex.ipynb"
    nbformat.write(nb, path)
    return path


def _solution(source, task="q1"):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["pakru"] = {"role": "solution", "task": task}
    return cell


def test_is_a_marker_outside_a_solution_cell_an_error_naming_the_cell(tmp_path):
    path = _notebook(tmp_path, [nbformat.v4.new_markdown_cell("intro"),
                                nbformat.v4.new_code_cell("# BEGIN SOLUTION\na = 1\n# END SOLUTION")])
    built, problems = build_notebook(path)
    assert built is None
    assert len(problems) == 1 and "cell 2" in problems[0].message and "outside a solution cell" in problems[0].message


def test_is_a_marker_in_markdown_refused(tmp_path):
    path = _notebook(tmp_path, [nbformat.v4.new_markdown_cell("# BEGIN SOLUTION\nthe answer\n# END SOLUTION")])
    built, problems = build_notebook(path)
    assert built is None and "cell 1" in problems[0].message


def test_does_every_broken_cell_get_reported_not_just_the_first(tmp_path):
    path = _notebook(tmp_path, [_solution("# BEGIN SOLUTION\na = 1"), _solution("b = 2\n# END SOLUTION", "q2")])
    built, problems = build_notebook(path)
    assert built is None
    assert [p.message.split(",")[0] for p in problems] == ["cell 1", "cell 2"]


def test_are_outputs_and_instructor_cells_removed(tmp_path):
    shown = nbformat.v4.new_code_cell("print('secret output')")
    shown.outputs = [nbformat.v4.new_output("stream", text="secret output\n")]
    shown.execution_count = 3
    notes = nbformat.v4.new_markdown_cell("Instructor: the answer is forty-two")
    notes.metadata["pakru"] = {"role": "instructor"}
    path = _notebook(tmp_path, [shown, notes, _solution("# BEGIN SOLUTION\nanswer = 4242\n# END SOLUTION")])
    built, problems = build_notebook(path)
    assert problems == []
    text = built.text()
    assert "forty-two" not in text and "4242" not in text and "secret output\\n" not in text
    assert built.notebook.cells[0].outputs == [] and built.notebook.cells[0].execution_count is None
    assert built.notebook.cells[1].metadata["pakru"]["role"] == "answer"
