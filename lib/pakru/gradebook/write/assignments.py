"""What goes into an LMS import file: its assignment columns and one row per person.

Shared by ``canvas`` and ``moodle``, which only know how each system lays the file out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pakru.gradebook.model import Gradebook, Owner
from pakru.gradebook.read.roster import Person, fold, match


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
        name = exercise_column(book, exercise)
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


def exercise_column(book: Gradebook, exercise: str) -> str:
    return f"pakru {book.specs[exercise].title}"


def canvas_titles(book: Gradebook, columns: list[str], export: dict[str, tuple[str, str]],
                  explicit: list[str]) -> tuple[dict[str, str], list[str]]:
    """Each column's title for Canvas, ``Name (assignment id)`` where the id is known; and what is wrong.

    The id comes from ``--assignment-id`` (``ID`` when there is one exercise, else ``EXERCISE=ID``) or from
    the gradebook export, whose assignment is matched by name (with or without the "pakru " prefix, or
    the exercise id). A column left without an id would make Canvas create a new assignment: said so.
    """
    by_exercise = {exercise_column(book, e): e for e in book.exercises}
    given, problems = {}, []
    for item in explicit:
        exercise, _, number = item.rpartition("=")
        if not number.isdigit():
            problems.append(f"--assignment-id {item}: not a Canvas assignment id (a number)")
        elif exercise:
            given[exercise] = number
        elif len(book.exercises) == 1:
            given[book.exercises[0]] = number
        else:
            problems.append(f"--assignment-id {item}: {len(book.exercises)} exercises are graded; say which, "
                            "as EXERCISE=ID")
    titles = {}
    for column in columns:
        exercise = by_exercise.get(column)
        names = {fold(column), fold(column.removeprefix("pakru "))} | ({fold(exercise)} if exercise else set())
        found = next((export[n] for n in names if n in export), None)
        if exercise in given:
            titles[column] = f"{column} ({given[exercise]})"
        elif found:
            titles[column] = f"{found[0]} ({found[1]})"
        else:
            titles[column] = column
            problems.append(f"canvas.csv: no assignment id for {column!r}: Canvas will create a new assignment of "
                            "that name; pass --canvas-export (your gradebook export, with the assignment created) or "
                            "--assignment-id")
    return titles, problems


def lms_rows(book: Gradebook, values: dict, people: list[Person] | None, owners: dict[str, Owner],
             system: str) -> tuple[list[Row], list[str]]:
    """One import row per roster person (blank grades for those who handed nothing in) or per student."""
    problems, rows, seen, unmatched = [], [], {}, []
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
            person = moodle_person(owner)
            if person is None:
                unmatched.append(owner.name)
                continue
        if person in seen:
            problems.append(f"{owner.name} and {seen[person]}: the same roster row; only the first is imported")
            continue
        seen[person] = owner.name
        rows.append(Row(person, {c: f(student) for c, f in values.items()}))
    for person in people or []:
        if person not in seen:
            rows.append(Row(person, {}))
    if unmatched:
        some = ", ".join(unmatched[:3]) + (", …" if len(unmatched) > 3 else "")
        problems.append(f"{len(unmatched)} submission(s) ({some}) carry nothing Moodle matches on (email, ID "
                        "number or username): pass --roster (a grade export with Email address, ID number or "
                        "Username)")
    return rows, problems


def moodle_person(owner: Owner) -> Person | None:
    """Whom Moodle will find for a submission without a roster: the hub user as username, or an email."""
    login = owner.ids.get("login", "")
    if "@" in login:
        return Person(student=owner.name, email=login)
    if owner.ids.get("hub_user"):
        return Person(student=owner.name, login=owner.ids["hub_user"])  # a hub signed in through the LMS
    return None


def imports_nothing(rows: list[Row]) -> bool:
    """True when no row of an import file would change a grade."""
    return not any(v is not None for row in rows for v in row.grades.values())
