"""The gradebook's command-line options, outside pakru.exercises so `--help` needs no course folder."""

from __future__ import annotations

import argparse
from pathlib import Path

LMS = ("canvas", "moodle")

USAGE = """examples:
  python -m pakru gradebook submissions.zip --lms canvas --canvas-export canvas-gradebook-export.csv
  python -m pakru gradebook submissions.zip --lms moodle --roster moodle-grades-export.csv
  python -m pakru gradebook --homes /home --lms moodle      # on a hub (Moodle matches the hub user as username)
  python -m pakru gradebook handed-in/                      # a folder: <student>/<files> or <student>.<ext>
  python -m pakru gradebook --service --group history-1 --lms canvas --canvas-export export.csv
                                     # on a hub with the class service: every answer as the learners gave it
  python -m pakru gradebook submissions.zip --lms canvas --service   # files checked against the service

writes into --out (default: gradebook/): canvas.csv or moodle.csv (import as it is),
gradebook.csv (every task, re-graded), checks.csv (points per check), quizzes.csv, items.csv (per
question: learners answered, facility %, discrimination, from first tries), marking.csv (written answers +
rubric), review.csv (records that are not the student's own, copied files, verdicts the re-grade does not
bear out, marks from files anyone could write, and with --service beside files or --homes: records that
contradict what the learner's kernel sent the service; empty for an honest class), problems.txt, scores.png.
An import file that would change no grade is not written (exit 1)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The gradebook's options (also used by ``python -m pakru gradebook``)."""
    parser.add_argument("submissions", type=Path, nargs="?",
                        help="an LMS bulk-download .zip (with --lms) or a folder of handed-in files")
    parser.add_argument("--homes", type=Path, metavar="DIR", help="read every learner's progress under DIR/<user>/")
    parser.add_argument("--service", nargs="?", const="", metavar="URL",
                        help="read every learner's answers from the hub's class service (default URL: the "
                             "class_service_url setting), with the hub token in $JUPYTERHUB_API_TOKEN (an "
                             "instructor's: custom:pakru-class:read); beside SUBMISSIONS or --homes, the answers "
                             "the files are checked against")
    parser.add_argument("--group", metavar="GROUP", help="with --service: only the learners of this hub group")
    parser.add_argument("--lms", choices=LMS,
                        help="write an import file for this LMS (and read its zip layout); default: the lms setting")
    parser.add_argument("--roster", type=Path, metavar="CSV",
                        help="who is in the class: Canvas gradebook export or Moodle grade export (CSV)")
    parser.add_argument("--canvas-export", type=Path, metavar="CSV",
                        help="Canvas: the gradebook export you downloaded (Grades > Export); each import column takes "
                             "the name and id of its assignment there (matched by name), so Canvas fills the existing "
                             "assignment; it is the roster too unless --roster is given")
    parser.add_argument("--assignment-id", action="append", metavar="ID", default=[],
                        help="Canvas: the id of the exercise's assignment (the number in its address), or "
                             "EXERCISE=ID once per exercise")
    parser.add_argument("--quizzes", action="store_true", help="add quiz participation columns to the import file")
    parser.add_argument("--out", type=Path, default=Path("gradebook"), help="folder to write into (default: gradebook)")
