"""What flows between the gradebook's stages: who handed in what, and what re-grading made of it.

Plain data only (no reading, no judging), so every stage can be tested on values it is given.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pakru.exercises.tasks import ExerciseSpec, Task


@dataclass(frozen=True)
class Owner:
    """Who handed a file in, as far as the archive, folder or home says."""

    key: str
    """One string per student: the Canvas user id, Moodle's full name + participant id, a home folder name."""
    name: str
    """A readable name (Canvas gives only a squashed ``lastfirst``)."""
    ids: dict = field(default_factory=dict, hash=False, compare=False)
    """What the LMS knows the student by: ``canvas_id``, ``moodle_participant``, ``full_name``, ``login``."""


@dataclass(frozen=True)
class Given:
    """One recorded answer, as found in a file: nothing in it is trusted yet."""

    kind: str
    """The record's ``kind`` (``Record.kind`` of ``pakru-progress/1``): ``exercise`` or ``quiz`` (anything else is
    reported)."""
    activity: str
    question: str
    learner: str
    answer: Any
    correct: bool | None
    score: float | None
    timestamp: str
    file: str
    regradable: bool = True
    """False for results read from a notebook's outputs (they hold a verdict, not the answer)."""
    hub_user: str | None = None
    """The JupyterHub user whose kernel saved the record, as the record says."""
    session: str = ""
    """The kernel session that saved it, as the record says."""
    attempts: int | None = None
    """How many times the learner had checked this question when the record was saved (1: a first try)."""


@dataclass
class Handed:
    """Everything read from one source, grouped by student, before any grading."""

    given: dict[str, list[Given]] = field(default_factory=lambda: defaultdict(list))
    owners: dict[str, Owner] = field(default_factory=dict)
    files: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    problems: list[str] = field(default_factory=list)
    exposed: dict[str, str] = field(default_factory=dict)
    """Files anyone could have written (shown name → why: the file's or its folder's mode)."""


@dataclass(frozen=True)
class Mark:
    """One question's result after re-grading."""

    score: float
    max_score: float
    note: str = ""
    checks: tuple = ()
    """Points per check, as re-graded: ``(check type, variable, points, out of)`` in the task file's order."""


@dataclass(frozen=True)
class Outcome:
    """One counted record next to what re-grading made of it, for the review stage to compare."""

    student: str
    given: Given
    right: bool | None = None
    """Quizzes: right on re-grading."""
    points: float | None = None
    """Exercises: points on re-grading (None when it could not be re-graded)."""
    max_score: float = 0.0
    failure: str = ""
    """Why it could not be re-graded (``notebook`` for a bare verdict, else the reason)."""
    hashed_points: float = 0.0
    """Exercises: the re-graded points that came from checks against salted hashes, which the student
    edition withholds (there ``check()`` gives them 0 and says the instructor will check)."""


@dataclass
class Gradebook:
    """Re-graded results per student, what needs the instructor's eye, and what went wrong."""

    specs: dict[str, ExerciseSpec]
    students: list[str]
    names: dict[str, str]
    marks: dict[tuple[str, str], Mark]
    """(student, ``exercise:task``) → re-graded mark (marked tasks only)."""
    written: list[tuple[str, str, Task, str]]
    """(student, exercise, task, answer text) for the marking sheet."""
    quizzes: dict[tuple[str, str], tuple[int, int]]
    """(student, bank) → (questions answered, answered right on re-grading)."""
    review: list[tuple[str, str, str, str]]
    """(student, file, ``activity:question``, what is wrong) for the instructor to look at."""
    problems: list[str]
    hashed: dict[str, list[str]]
    """``exercise:task`` → rule types that rest on salted hashes (see ``review.hash_notes``)."""
    outcomes: list[Outcome] = field(default_factory=list)
    """Every counted record with its re-grade, in (student, kind, activity, question) order."""
    notes: list[str] = field(default_factory=list)
    """What the instructor should know about the marks as a whole (printed, and kept in problems.txt)."""

    @property
    def columns(self) -> list[str]:
        return [f"{e}:{t.id}" for e, spec in self.specs.items() for t in spec.tasks if t.max_score is not None
                and self._attempted_exercise(e)]

    def _attempted_exercise(self, exercise: str) -> bool:
        return any(column.split(":")[0] == exercise for (_, column) in self.marks)

    @property
    def exercises(self) -> list[str]:
        return [e for e in self.specs if self._attempted_exercise(e)]

    def max_score(self, column: str) -> float:
        exercise, task = column.split(":", 1)
        return self.specs[exercise].task(task).max_score or 0.0

    def score(self, student: str, column: str) -> float | None:
        mark = self.marks.get((student, column))
        return None if mark is None else mark.score

    def exercise_total(self, student: str, exercise: str) -> float | None:
        scores = [self.score(student, c) for c in self.columns if c.split(":")[0] == exercise]
        return None if all(s is None for s in scores) else sum(s or 0.0 for s in scores)

    def exercise_max(self, exercise: str) -> float:
        return sum(self.max_score(c) for c in self.columns if c.split(":")[0] == exercise)

    def total(self, student: str) -> float:
        return sum(self.score(student, c) or 0.0 for c in self.columns)

    def fractions(self, column: str) -> list[float | None]:
        top = self.max_score(column) or 1.0
        return [None if self.score(s, column) is None else (self.score(s, column) or 0.0) / top
                for s in self.students]

    def difficulty(self, column: str) -> float:
        shares = [f or 0.0 for f in self.fractions(column)]
        return sum(shares) / len(shares) if shares else 0.0
