"""``quizzes.csv``: questions answered and answered right, per student and bank (optional for grades)."""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.model import Gradebook
from pakru.gradebook.write.table import write_rows


def write_quizzes(book: Gradebook, path: Path) -> Path:
    banks = sorted({b for (_, b) in book.quizzes})
    header = ["student"] + [f"{b} {what}" for b in banks for what in ("answered", "right")]
    return write_rows(path, header, ([book.names[s], *(v for b in banks for v in book.quizzes.get((s, b), ("", "")))]
                                     for s in book.students))
