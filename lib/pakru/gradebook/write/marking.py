"""``marking.csv``: written answers, one per row, with what to mark them against and empty mark/comment cells."""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.model import Gradebook
from pakru.gradebook.write.table import write_rows


def write_marking(book: Gradebook, path: Path) -> Path:
    rows = []
    for student, exercise, task, text in book.written:
        words = next((r.params for r in task.rules if r.type == "words"), {})
        guide = task.rubric_text or (f"{task.title}. Hints given to students: " + " / ".join(task.hints))
        rows.append([book.names[student], exercise, task.id, task.title, guide,
                     f"{words.get('min', '')}–{words.get('max', '')}", len(text.split()), text, "", ""])
    return write_rows(path, ["student", "exercise", "task", "question", "rubric", "words asked", "words", "answer",
                             "mark", "comment"], rows)
