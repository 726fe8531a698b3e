"""The written tasks' rubrics as one table for exercises/INSTRUCTORS.md, made from the task files.

Why generated: the task files are the one home of each rubric (the gradebook's marking.csv reads them there); the
guide shows them side by side for a marker, and a test fails when its copy is stale.
Run ``python -m pakru.exercises.rubrics`` after editing a rubric.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pakru.exercises.tasks import TASKS_DIR, load, spec_paths
from pakru.paths import EXERCISES_DIR

GUIDE = EXERCISES_DIR / "INSTRUCTORS.md"
BEGIN = "<!-- rubrics: begin (made by python -m pakru.exercises.rubrics from exercises/tasks; do not edit) -->"
END = "<!-- rubrics: end -->"
CRITERIA = ("evidence", "attribution", "disagreement", "dating", "argument")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table(tasks_dir: Path = TASKS_DIR) -> str:
    """One row per written task: what earns full points per criterion, the marker's examples in brackets."""
    rows = ["| exercise | " + " | ".join(CRITERIA) + " |", "|---" * (len(CRITERIA) + 1) + "|"]
    for path in spec_paths(tasks_dir):
        spec = load(path.stem, tasks_dir)
        for task in spec.tasks:
            if task.kind != "written" or not task.rubric:
                continue
            lines = {line.criterion: line for line in task.rubric}
            cells = [(f"{_cell(lines[c].full)} (0–{lines[c].points})"
                      + (f" [e.g. {_cell(lines[c].examples)}]" if lines[c].examples else "")) if c in lines else ""
                     for c in CRITERIA]
            rows.append(f"| {spec.id} {task.id}: {_cell(task.title)} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def replaced(text: str, new_table: str) -> str:
    """The guide's text with the block between the markers replaced by ``new_table``."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + new_table + "\n" + text[end:]


def main(guide: Path = GUIDE) -> int:
    text = guide.read_text("utf-8")
    if BEGIN not in text or END not in text:
        print(f"{guide}: the markers {BEGIN!r} and {END!r} are missing; add them where the table goes",
              file=sys.stderr)
        return 1
    guide.write_text(replaced(text, table()), encoding="utf-8")
    print(f"wrote the rubric table into {guide}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
