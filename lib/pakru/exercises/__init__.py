"""Exercises: ``check("q1")`` and ``hint("q1")`` on a learner's variables, student builds, and the gradebook.

In a notebook::

    from pakru.exercises import check, hint, start, summary
    start("02_thaw_2003")
    check("q1")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pakru.exercises.session import Exercise, check, current, hint, open_exercise, summary

if TYPE_CHECKING:
    from pakru.corpus import Corpus


def start(exercise_id: str):
    """Open an exercise in this kernel so that ``check``, ``hint`` and ``summary`` know which one it is."""
    return open_exercise(exercise_id)


def check_all_exercises(corpus: Corpus) -> list:
    """Validate every exercise source in exercises/; returns Problems (used by ``python -m pakru check``)."""
    from pakru.exercises.validate import check_all_exercises as run

    return run(corpus)


__all__ = ["Exercise", "check", "hint", "summary", "start", "current", "check_all_exercises"]
