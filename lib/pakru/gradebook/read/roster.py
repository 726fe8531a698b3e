"""Who is in the class: a roster CSV (Canvas gradebook export, Moodle grade export, or your own).

Why here and not in the writers: the roster says how the LMS knows each person (Canvas user id,
SIS login, email, ID number); ``match`` finds a submission's person, which every import file needs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pakru.gradebook.model import Owner

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


def fold(text: str) -> str:
    """Names compared as people write them: spaces squeezed, case folded."""
    return " ".join(str(text).split()).casefold()


def read_roster(path: Path) -> tuple[list[Person], list[str]]:
    """People from a CSV roster; (people, problems). A roster with nothing to match on is a ValueError."""
    problems = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        headers = {fold(h): h for h in reader.fieldnames or []}
        columns = {key: next((headers[a] for a in aliases if a in headers), None) for key, aliases in
                   ROSTER_KEYS.items()}
        if not any(columns[k] for k in ("canvas_id", "login", "email", "id_number", "sis_user_id")):
            raise ValueError(f"{path}: a roster needs a column to match on (ID, SIS Login ID, Email address, "
                             "ID number or Username); found " + (", ".join(reader.fieldnames or []) or "none"))
        people = []
        for line, row in enumerate(reader, start=2):
            values = {k: (row.get(c) or "").strip() for k, c in columns.items() if c}
            student = values.get("student", "")
            if fold(student).startswith("points possible") or student == "Student, Test":
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
        found = [p for p in people if fold(p.full_name) == fold(ids["full_name"])]
    else:
        key = fold(ids.get("login", owner.name))
        found = [p for p in people if key in {fold(v) for v in (p.login, p.email, p.id_number, p.sis_user_id,
                                                                   p.email.split("@")[0] if p.email else "") if v}]
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, f"{owner.name}: not in the roster; their grades are not in the import file"
    return None, f"{owner.name}: {len(found)} roster rows match; their grades are not in the import file"
