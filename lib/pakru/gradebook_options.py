"""The gradebook's command-line options, outside pakru.exercises so `--help` needs no course folder."""

from __future__ import annotations

import argparse
from pathlib import Path

LMS = ("canvas", "moodle")

USAGE = """examples:
  python -m pakru gradebook submissions.zip --lms canvas --roster canvas-gradebook-export.csv
  python -m pakru gradebook submissions.zip --lms moodle --roster moodle-grades-export.csv
  python -m pakru gradebook --homes /home --lms canvas      # on a hub, as a user who can read the homes
  python -m pakru gradebook handed-in/                      # a folder: <student>/<files> or <student>.<ext>

writes into --out (default: gradebook/): canvas.csv or moodle.csv (import as it is),
gradebook.csv (every task, re-graded), checks.csv (points per check), quizzes.csv, marking.csv
(written answers + rubric), review.csv (records whose verdict disagrees or whose learner is not the
student who handed them in), problems.txt, scores.png."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The gradebook's options (also used by ``python -m pakru gradebook``)."""
    parser.add_argument("submissions", type=Path, nargs="?",
                        help="an LMS bulk-download .zip (with --lms) or a folder of handed-in files")
    parser.add_argument("--homes", type=Path, metavar="DIR", help="read every learner's progress under DIR/<user>/")
    parser.add_argument("--lms", choices=LMS, help="write an import file for this LMS (and read its zip layout)")
    parser.add_argument("--roster", type=Path, metavar="CSV",
                        help="who is in the class: Canvas gradebook export or Moodle grade export (CSV)")
    parser.add_argument("--quizzes", action="store_true", help="add quiz participation columns to the import file")
    parser.add_argument("--out", type=Path, default=Path("gradebook"), help="folder to write into (default: gradebook)")
