"""Item statistics per question, as Moodle's quiz statistics report defines them.

Each learner's *item score* is the fraction of the marks they got at their first try (attempt 1 when the
service holds it; else the earliest attempt it holds): the formative quizzes let learners try again until
right, so only the first try tells how hard a question was. For one activity (a quiz bank or an exercise):

- facility index = the mean item score, in % (Moodle: "the average score on the item, as a percentage");
- discrimination index = the correlation between the item score and the score on the rest of the activity
  (the other questions' item scores summed), times 100 (Moodle: "the correlation between the weighted scores
  for this question and those for the rest of the quiz"); None when either side does not vary.

Learners who answered some questions of the activity count 0 on a question they did not answer, as Moodle
counts an unanswered question in a finished attempt; read the numbers after class, when attempts are finished.
Reference: https://docs.moodle.org/en/Quiz_statistics_calculations
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class Row(Protocol):
    user: str
    activity: str
    question: str
    attempts: int
    timestamp: str
    score: float
    max_score: float


@dataclass(frozen=True)
class ItemStats:
    question: str
    learners: int
    facility: float | None
    """Mean first-try score in % (None with no learners)."""
    discrimination: float | None
    """Item–rest correlation × 100 (None when it cannot be computed)."""


def first_try_scores(rows: Iterable[Row]) -> dict[str, dict[str, dict[str, float]]]:
    """activity → user → question → first-try score in [0, 1]."""
    first: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        key = (row.activity, row.user, row.question)
        if key not in first or (row.attempts, row.timestamp) < (first[key].attempts, first[key].timestamp):
            first[key] = row
    out: dict[str, dict[str, dict[str, float]]] = {}
    for (activity, user, question), row in first.items():
        value = row.score / row.max_score if row.max_score else 0.0
        out.setdefault(activity, {}).setdefault(user, {})[question] = value
    return out


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r of two equally long lists; None when fewer than 2 pairs or either side is constant.

    >>> round(correlation([0, 1, 1, 0], [1, 3, 2, 0]), 4)
    0.8944
    """
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def item_statistics(scores: dict[str, dict[str, float]]) -> list[ItemStats]:
    """Facility and discrimination of each question of one activity, from user → question → item score."""
    questions = sorted({q for mine in scores.values() for q in mine})
    users = sorted(scores)
    out = []
    for question in questions:
        item = [scores[u].get(question, 0.0) for u in users]
        rest = [sum(v for q, v in scores[u].items() if q != question) for u in users]
        facility = 100 * sum(item) / len(item) if item else None
        r = correlation(item, rest)
        out.append(ItemStats(question, sum(question in scores[u] for u in users), facility,
                             None if r is None else 100 * r))
    return out
