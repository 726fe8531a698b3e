"""Learning management systems: whose file is which in a bulk download, the roster, and the import files.

Why here and not in the gradebook: the gradebook decides scores; this module only knows how Canvas
and Moodle name things. Their rules (with the pages they come from) are written out in
``tests/exercises/test_lms.py``, which checks the files written here against them.

Bulk-download archives ("Download Submissions" in Canvas, "Download all submissions" in Moodle):

- Canvas puts every file at the top of the zip as ``<name>_<userid>_<attachmentid>_<filename>``, with
  ``LATE`` after the name for late work (``smithbob_LATE_340934_208490284_results.csv``);
  ``<userid>`` is the Canvas user id, which the gradebook import matches on (column ``ID``).
- Moodle (3.1 and later, "Download submissions in folders", the default) puts each learner's files
  in a folder ``<Full Name>_<participantid>_assignsubmission_file/``; without folders the files are
  ``<Full Name>_<participantid>_assignsubmission_file_<filename>``. The participant id is per
  assignment, not a user id, so a Moodle import needs the roster (email or ID number).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pakru.gradebook_options import LMS  # noqa: F401 - one list of the systems

MAX_MEMBER = 50 * 1024 * 1024
"""Bytes read of one file in an archive; a larger one (or a zip bomb) is reported and skipped."""

_CANVAS = re.compile(r"^(?P<name>[^_/]+?)(?P<late>_LATE)?_(?P<uid>\d+)_(?P<att>\d+)_(?P<file>.+)$")
_MOODLE_DIR = re.compile(r"^(?P<name>.+)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)$")
_MOODLE_FLAT = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>file|onlinetext)_(?P<file>.+)$")


@dataclass(frozen=True)
class Owner:
    """Who handed a file in, as far as the archive (or folder) says."""

    key: str
    """One string per student: the Canvas user id, Moodle's full name + participant id, a home folder name."""
    name: str
    """A readable name (Canvas gives only a squashed ``lastfirst``)."""
    ids: dict = field(default_factory=dict, hash=False, compare=False)
    """What the LMS knows the student by: ``canvas_id``, ``moodle_participant``, ``full_name``, ``login``."""


@dataclass(frozen=True)
class Member:
    """One file handed in: its owner, its name as shown to the instructor, and a way to read it."""

    owner: Owner | None
    shown: str
    suffix: str
    read: object
    """A callable returning the bytes (bounded), so nothing is unpacked to disk."""
    problem: str | None = None


def canvas_owner(name: str) -> tuple[Owner, str] | None:
    """(owner, original file name) for a Canvas submission file name, else None."""
    match = _CANVAS.match(Path(name).name)
    if not match:
        return None
    uid = match["uid"]
    return Owner(f"canvas:{uid}", match["name"], {"canvas_id": uid}), match["file"]


def moodle_owner(path: str) -> tuple[Owner, str] | None:
    """(owner, file name) for a path in a Moodle download (folders or flat), else None."""
    parts = Path(path).parts
    folder = _MOODLE_DIR.match(parts[0]) if len(parts) > 1 else None
    if folder:
        name, pid, plugin, rest = folder["name"], folder["pid"], folder["plugin"], "/".join(parts[1:])
    else:
        flat = _MOODLE_FLAT.match(parts[-1]) if len(parts) == 1 else None
        if not flat:
            return None
        name, pid, plugin, rest = flat["name"], flat["pid"], flat["plugin"], flat["file"]
    if plugin != "file":
        rest = f"{rest} (online text)"
    return Owner(f"moodle:{pid}", name, {"moodle_participant": pid, "full_name": name}), rest


def read_archive(path: Path, lms: str) -> Iterator[Member]:
    """Every file in an LMS bulk download, with its owner (None and a problem when the name is foreign)."""
    parse = canvas_owner if lms == "canvas" else moodle_owner
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or any(part.startswith(".") or part == "__MACOSX" for part in Path(info.filename).parts):
                continue
            found = parse(info.filename)
            suffix = Path(info.filename).suffix.lower()
            problem = None
            if found is None:
                problem = (f"{info.filename}: not named as {lms.title()} names submission files "
                           f"({_LAYOUT[lms]}); skipped")
            elif info.file_size > MAX_MEMBER:
                problem = f"{info.filename}: {info.file_size} bytes, larger than any results file; skipped"

            def read(info=info, archive_path=path) -> bytes:
                with zipfile.ZipFile(archive_path) as again, again.open(info) as handle:
                    data = handle.read(MAX_MEMBER + 1)
                if len(data) > MAX_MEMBER:
                    raise ValueError("larger than any results file")
                return data

            yield Member(found[0] if found else None, info.filename, suffix, read, problem)


_LAYOUT = {"canvas": "name_userid_attachmentid_file", "moodle": "Full Name_id_assignsubmission_file/..."}


# -- roster ----------------------------------------------------------------------------------------------------------
ROSTER_KEYS = {
    "student": ("student", "name", "full name"),
    "canvas_id": ("id", "canvas user id"),
    "sis_user_id": ("sis user id",),
    "login": ("sis login id", "login", "username", "user", "hub user"),
    "section": ("section",),
    "email": ("email address", "email"),
    "id_number": ("id number", "idnumber"),
    "first": ("first name",),
    "last": ("last name", "surname"),
}
"""Roster columns understood (case-insensitive), from Canvas's gradebook export and Moodle's grade export."""


@dataclass(frozen=True)
class Person:
    """One row of the roster: the identifiers an LMS import matches on."""

    student: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    login: str = ""
    section: str = ""
    email: str = ""
    id_number: str = ""
    first: str = ""
    last: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(f"{self.first} {self.last}".split()) or self.student


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def read_roster(path: Path) -> tuple[list[Person], list[str]]:
    """People from a CSV roster (Canvas gradebook export, Moodle grade/participant export, or your own)."""
    problems = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        headers = {_fold(h): h for h in reader.fieldnames or []}
        columns = {key: next((headers[a] for a in aliases if a in headers), None) for key, aliases in
                   ROSTER_KEYS.items()}
        if not any(columns[k] for k in ("canvas_id", "login", "email", "id_number", "sis_user_id")):
            raise ValueError(f"{path}: a roster needs a column to match on (ID, SIS Login ID, Email address, "
                             "ID number or Username); found " + (", ".join(reader.fieldnames or []) or "none"))
        people = []
        for line, row in enumerate(reader, start=2):
            values = {k: (row.get(c) or "").strip() for k, c in columns.items() if c}
            student = values.get("student", "")
            if _fold(student).startswith("points possible") or student == "Student, Test":
                continue  # Canvas export's points row and its test student
            if not any(values.get(k) for k in ("canvas_id", "login", "email", "id_number", "sis_user_id")):
                problems.append(f"{path.name}:{line}: no identifier in this row; skipped")
                continue
            people.append(Person(**values))
    return people, problems


def match(owner: Owner, people: list[Person]) -> tuple[Person | None, str | None]:
    """The roster row of a submission's owner; (None, why) when none or several match."""
    ids = owner.ids
    if ids.get("canvas_id"):
        found = [p for p in people if p.canvas_id == ids["canvas_id"]]
    elif ids.get("full_name"):
        found = [p for p in people if _fold(p.full_name) == _fold(ids["full_name"])]
    else:
        key = _fold(ids.get("login", owner.name))
        found = [p for p in people if key in {_fold(v) for v in (p.login, p.email, p.id_number, p.sis_user_id,
                                                                    p.email.split("@")[0] if p.email else "") if v}]
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, f"{owner.name}: not in the roster; their grades are not in the import file"
    return None, f"{owner.name}: {len(found)} roster rows match; their grades are not in the import file"


# -- import files ----------------------------------------------------------------------------------------------------
def cell(value: object) -> str:
    """Text a spreadsheet will not run: a leading = + - @ tab or CR would start a formula (or DDE)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


@dataclass(frozen=True)
class Row:
    """One student's line in an import file."""

    person: Person
    grades: dict[str, float | None]
    """Assignment column → points (None: nothing handed in; left blank so the import changes nothing)."""


def write_canvas(path: Path, columns: list[str], points: dict[str, float], rows: list[Row]) -> Path:
    """A Canvas gradebook import: the five identity columns, one column per assignment, a Points Possible row."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([cell(c) for c in CANVAS_ID_COLUMNS + columns])
        writer.writerow(["Points Possible", "", "", "", "", *(cell(float(points[c])) for c in columns)])
        for row in rows:
            p = row.person
            writer.writerow([cell(p.student or p.full_name), cell(p.canvas_id), cell(p.sis_user_id), cell(p.login),
                             cell(p.section), *(cell(row.grades.get(c)) for c in columns)])
    return path


MOODLE_ID_COLUMNS = ["Email address", "ID number", "First name", "Last name"]


def write_moodle(path: Path, columns: list[str], rows: list[Row]) -> Path:
    """A Moodle grade import (CSV): email and ID number to map users on, then one numeric column per item."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([cell(c) for c in MOODLE_ID_COLUMNS + columns])
        for row in rows:
            p = row.person
            first, last = (p.first, p.last) if (p.first or p.last) else (p.full_name, "")
            writer.writerow([cell(p.email), cell(p.id_number), cell(first), cell(last),
                             *(cell(row.grades.get(c)) for c in columns)])
    return path


def decode(data: bytes) -> str:
    """Submitted text (UTF-8, with or without a byte-order mark); UnicodeDecodeError otherwise."""
    return data.decode("utf-8-sig")


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))
