"""``problems.txt``: one problem or note per line (control characters made visible), read after the run."""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.model import Gradebook
from pakru.gradebook.text import visible


def write_problems(book: Gradebook, path: Path) -> Path:
    path.write_text("".join(f"{visible(p)}\n" for p in book.problems + book.notes), encoding="utf-8")
    return path
