"""``python -m pakru gradebook``: read → re-grade → review → write, one line per problem on stderr.

The only module of the gradebook that prints; exits 1 when nothing could be graded, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import csv
import sys
import zipfile

from pakru.exercises.tasks import load_specs
from pakru.gradebook import review
from pakru.gradebook.config import default_lms
from pakru.gradebook.model import Handed
from pakru.gradebook.read.archive import from_archive
from pakru.gradebook.read.canvas_export import assignments
from pakru.gradebook.read.folder import from_folder
from pakru.gradebook.read.homes import from_homes
from pakru.gradebook.read.roster import read_roster
from pakru.gradebook.text import visible
from pakru.gradebook.write.assignments import Row, canvas_titles, imports_nothing, lms_columns, lms_rows
from pakru.gradebook.write.canvas import write_canvas
from pakru.gradebook.write.checks import write_checks
from pakru.gradebook.write.detail import write_detail
from pakru.gradebook.write.figure import write_figure
from pakru.gradebook.write.items import write_items
from pakru.gradebook.write.marking import write_marking
from pakru.gradebook.write.moodle import write_moodle
from pakru.gradebook.write.problems import write_problems
from pakru.gradebook.write.quizzes import write_quizzes
from pakru.gradebook.write.review import write_review
from pakru.gradebook_options import USAGE, add_arguments
from pakru.settings import SettingError


def _fail(message: str, code: int = 1) -> int:
    print(f"gradebook: {visible(message)}", file=sys.stderr)
    return code


def _from_service(url: str, group: str | None) -> Handed | int:
    """Every learner's answers as the class service received them (``pakru.classservice.client``)."""
    import os

    from pakru import settings
    from pakru.classservice.client import ServiceError, fetch_progress
    from pakru.gradebook.read.service import from_service

    url = url or settings.current().class_service_url
    if not url:
        return _fail("--service needs the class service's address (--service URL, or the class_service_url "
                     "setting)", 2)
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not token:
        return _fail("--service needs an instructor's hub token in $JUPYTERHUB_API_TOKEN (a hub server has one; "
                     "elsewhere make one on the hub's token page)", 2)
    try:
        return from_service(fetch_progress(url, token, group))
    except ServiceError as exc:
        return _fail(f"class service: {exc}")


def read(args: argparse.Namespace) -> Handed | int:
    """The read stage for the options given: what was handed in, or an exit code after one line.

    ``--service`` alone reads the class from the service; beside SUBMISSIONS or ``--homes`` the files are read
    here and the service is the reference they are checked against (``reference``)."""
    source = args.submissions
    files = [source is not None, args.homes is not None]
    if sum(files) > 1 or not any(files) and args.service is None:
        return _fail("give SUBMISSIONS (a .zip or folder) or --homes DIR, or --service [URL] (beside files: the "
                     "answers they are checked against)", 2)
    if args.group and args.service is None:
        return _fail("--group goes with --service", 2)
    if not any(files):
        return _from_service(args.service, args.group)
    if args.homes is not None:
        if not args.homes.is_dir():
            return _fail(f"{args.homes} is not a folder of home folders")
        return from_homes(args.homes)
    if source.is_file() and source.suffix.lower() == ".zip":
        if not args.lms:
            return _fail(f"{source} is an archive; say which LMS made it with --lms canvas or --lms moodle", 2)
        try:
            return from_archive(source, args.lms)
        except (OSError, zipfile.BadZipFile) as exc:
            return _fail(f"{source} cannot be read as a zip archive ({exc})")
    if source.is_dir():
        return from_folder(source)
    return _fail(f"{source} is neither a .zip archive nor a folder of submissions")


def run(args: argparse.Namespace) -> int:
    """Read, re-grade, review, write; one line per problem, exit 1 when nothing could be graded."""
    try:
        args.lms = args.lms or default_lms()
    except SettingError as exc:
        return _fail(str(exc), 2)
    handed = read(args)
    if isinstance(handed, int):
        return handed
    reference = None
    if args.service is not None and (args.submissions is not None or args.homes is not None):
        reference = _from_service(args.service, args.group)
        if isinstance(reference, int):
            return reference
    people, export = None, {}
    roster = args.roster or (args.canvas_export if args.lms == "canvas" else None)
    if roster is not None:
        try:
            people, roster_problems = read_roster(roster)
        except (OSError, ValueError, UnicodeDecodeError, csv.Error) as exc:
            return _fail(f"roster {roster}: {exc}")
        handed.problems += roster_problems
    if args.canvas_export is not None:
        try:
            export = assignments(args.canvas_export)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            return _fail(f"Canvas export {args.canvas_export}: {exc}")
    book = review.grade(handed, load_specs(), people=people, reference=reference)
    for problem in book.problems:
        print(f"⚠ {visible(problem)}", file=sys.stderr)
    if not book.students:
        return _fail("no readable submissions found; nothing written")
    args.out.mkdir(parents=True, exist_ok=True)
    written = [write_detail(book, args.out / "gradebook.csv"), write_checks(book, args.out / "checks.csv"),
               write_quizzes(book, args.out / "quizzes.csv"), write_items(book, args.out / "items.csv"),
               write_marking(book, args.out / "marking.csv"), write_review(book, args.out / "review.csv"),
               write_figure(book, args.out / "scores.png")]
    status = 0
    if args.lms:
        columns, points, values = lms_columns(book, args.quizzes)
        rows, lms_problems = lms_rows(book, values, people, handed.owners, args.lms)
        if args.lms == "canvas":
            titles, title_problems = canvas_titles(book, columns, export, args.assignment_id)
            lms_problems += title_problems
            columns, points = [titles[c] for c in columns], {titles[c]: v for c, v in points.items()}
            rows = [Row(r.person, {titles[c]: v for c, v in r.grades.items()}) for r in rows]
        for problem in lms_problems:
            print(f"⚠ {visible(problem)}", file=sys.stderr)
        book.problems += lms_problems
        target = args.out / f"{args.lms}.csv"
        if imports_nothing(rows):
            status = _fail(f"{target.name} would import nothing (no student's grade could be matched to the "
                           f"{args.lms.title()} class; see above: --roster?); not written")
            book.problems.append(f"{target.name} would import nothing; not written")
        else:
            written.insert(0, write_canvas(target, columns, points, rows) if args.lms == "canvas"
                           else write_moodle(target, columns, rows))
    write_problems(book, args.out / "problems.txt")
    for note in book.notes:
        print(f"note: {visible(note)}")
    print(f"gradebook: {len(book.students)} students, {len(book.columns)} marked tasks re-graded, "
          f"{len(book.written)} written answers to mark, {len(book.review)} record(s) to review, "
          f"{len(book.problems)} problem(s)")
    for path in written:
        print(f"wrote {visible(path)}")
    return status


def main(argv: list[str] | None = None) -> int:
    """``python -m pakru gradebook``: see ``--help``."""
    parser = argparse.ArgumentParser(prog="python -m pakru gradebook",
                                     description="Re-grade learners' results; write an LMS import file.",
                                     epilog=USAGE, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))
