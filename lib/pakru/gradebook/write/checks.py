"""``checks.csv``: points per check (partial credit), as re-graded: one row per student, task and check."""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.model import Gradebook
from pakru.gradebook.write.table import write_rows


def write_checks(book: Gradebook, path: Path) -> Path:
    rows = ([book.names[s], column, n, check_type, variable, points, top]
            for s in book.students for column in book.columns if (s, column) in book.marks
            for n, (check_type, variable, points, top) in enumerate(book.marks[(s, column)].checks, 1))
    return write_rows(path, ["student", "task", "check", "type", "variable", "points", "out of"], rows)
