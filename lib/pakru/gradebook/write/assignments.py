"""What goes into an LMS import file: its assignment columns and one row per person.

Shared by ``canvas`` and ``moodle``, which only know how each system lays the file out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pakru.gradebook.model import Gradebook, Owner
from pakru.gradebook.read.roster import Person, match


@dataclass(frozen=True)
class Row:
    """One student's line in an import file."""

    person: Person
    grades: dict[str, float | None]
    """Assignment column → points (None: nothing handed in; left blank so the import changes nothing)."""


def lms_columns(book: Gradebook, with_quizzes: bool) -> tuple[list[str], dict[str, float],
                                                                dict[str, Callable[[str], float | None]]]:
    """Assignment columns for an import file: one per exercise (re-graded total), quizzes if asked."""
    columns, points, values = [], {}, {}
    for exercise in book.exercises:
        name = f"pakru {book.specs[exercise].title}"
        columns.append(name)
        points[name] = book.exercise_max(exercise)
        values[name] = lambda s, e=exercise: book.exercise_total(s, e)
    if with_quizzes:
        for bank in sorted({b for (_, b) in book.quizzes}):
            name = f"pakru quiz {bank} (questions right)"
            columns.append(name)
            points[name] = float(max(n for (s, b), (n, _) in book.quizzes.items() if b == bank))
            values[name] = lambda s, b=bank: float(book.quizzes[(s, b)][1]) if (s, b) in book.quizzes else None
    return columns, points, values


def lms_rows(book: Gradebook, values: dict, people: list[Person] | None, owners: dict[str, Owner],
             system: str) -> tuple[list[Row], list[str]]:
    """One import row per roster person (blank grades for those who handed nothing in) or per student."""
    problems, rows, seen = [], [], {}
    for student in book.students:
        owner = owners[student]
        if people is not None:
            person, why = match(owner, people)
            if person is None:
                problems.append(why)
                continue
        elif system == "canvas":
            person = Person(student=owner.name, canvas_id=owner.ids.get("canvas_id", ""),
                            login="" if owner.ids.get("canvas_id") else owner.ids.get("login", owner.name))
        else:
            login = owner.ids.get("login", "")
            if "@" not in login:
                problems.append(f"{owner.name}: Moodle matches on email or ID number, which this submission does "
                                "not carry: pass --roster (a grade export with Email address or ID number)")
                continue
            person = Person(student=owner.name, email=login)
        if person in seen:
            problems.append(f"{owner.name} and {seen[person]}: the same roster row; only the first is imported")
            continue
        seen[person] = owner.name
        rows.append(Row(person, {c: f(student) for c, f in values.items()}))
    for person in people or []:
        if person not in seen:
            rows.append(Row(person, {}))
    return rows, problems
