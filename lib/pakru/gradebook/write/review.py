"""``review.csv``: the records the instructor should look at (see ``pakru.gradebook.review``)."""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.model import Gradebook
from pakru.gradebook.write.table import write_rows


def write_review(book: Gradebook, path: Path) -> Path:
    return write_rows(path, ["student", "file", "question", "what to check"], book.review)
