"""``items.csv``: item statistics per activity and question (facility, discrimination), as Moodle's quiz
statistics report them (``pakru.itemstats``, the same numbers the class service's live view shows after class).

First-try rule: only a learner's first try tells how hard a question was (the formative quizzes let them try
again until right). A handed-in record keeps only the latest answer and how many times it was checked
(``attempts``), so a record with ``attempts == 1`` is the first try and scores what the re-grade gave it
(quiz: 1 right, 0 wrong; exercise: re-graded points / the task's points, not the record's own ``score``, which
the learner could edit); a record with more attempts scores 0 (the first try was not the one kept; read from
the class service, which holds every answer, the record is likewise its latest). A record with no readable
``attempts`` counts as not answered. Written tasks are marked by hand and have no statistics here.
"""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.model import Gradebook, Outcome
from pakru.gradebook.write.table import write_rows
from pakru.itemstats import item_statistics

HEADER = ["activity", "question", "learners answered", "facility %", "discrimination"]


def first_try(outcome: Outcome) -> float | None:
    """The record's item score in [0, 1] under the first-try rule, or None when it cannot say (see above)."""
    if outcome.given.attempts is None or outcome.failure:
        return None
    if outcome.given.attempts != 1:
        return 0.0
    if outcome.right is not None:
        return 1.0 if outcome.right else 0.0
    if outcome.points is None or not outcome.max_score:
        return None
    return outcome.points / outcome.max_score


def scores(book: Gradebook) -> dict[str, dict[str, dict[str, float]]]:
    """activity → student → question → first-try item score, over the records the gradebook counted."""
    found: dict[str, dict[str, dict[str, float]]] = {}
    for outcome in book.outcomes:
        value = first_try(outcome)
        if value is not None:
            found.setdefault(outcome.given.activity, {}).setdefault(outcome.student, {})[outcome.given.question] = value
    return found


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def write_items(book: Gradebook, path: Path) -> Path:
    """One row per activity and question: learners answered, facility %, discrimination (blank: not computable)."""
    rows = [[activity, item.question, item.learners, _number(item.facility), _number(item.discrimination)]
            for activity, by_student in sorted(scores(book).items()) for item in item_statistics(by_student)]
    return write_rows(path, HEADER, rows)
