"""``gradebook.csv``: student × task, re-graded (blank: not attempted), with total and maximum."""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.model import Gradebook
from pakru.gradebook.write.table import write_rows


def write_detail(book: Gradebook, path: Path) -> Path:
    available = float(sum(book.max_score(c) for c in book.columns))
    return write_rows(path, ["student", *book.columns, "total", "max_total"],
                      ([book.names[s], *(book.score(s, c) for c in book.columns), float(book.total(s)), available]
                       for s in book.students))
