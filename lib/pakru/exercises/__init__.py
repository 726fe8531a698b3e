"""Exercises: checks, hints, student builds and the gradebook. (Placeholder until built.)"""

from __future__ import annotations


def check_all_exercises(corpus) -> list:
    """Validate every exercise source in exercises/; returns Problems."""
    return []
