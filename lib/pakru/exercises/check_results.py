"""What ``check``, ``hint`` and ``summary`` return: objects that render themselves, always escaped.

Each check result also carries a small JSON record under its own MIME type, so a saved notebook
holds its results in its outputs and the gradebook can read them without running anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pakru.exercises.check_rules import Outcome
from pakru.render import render

MIME = "application/vnd.pakru.check+json"
FORMAT = "pakru-check/1"
STATUS = {
    "passed": ("✔", "these checks passed"),
    "not yet": ("✘", "not yet"),
    "collected": ("✎", "saved for your instructor"),
    "unchecked": ("·", "not checked yet"),
}
"""Each status as a symbol and words (its colour is the stylesheet's ``pakru-status-*`` class)."""


@dataclass
class TaskResult:
    """The outcome of ``check("q1")``: what passed, what did not and why, and the score."""

    exercise: str
    task: str
    title: str
    kind: str
    """The task's ``kind`` from its exercise file (``Task.kind``): ``code`` or ``written``."""
    status: str
    """``passed``, ``not yet`` or (written answers) ``collected``."""
    outcomes: list[tuple[str, Outcome]]
    """(variable, outcome) for every check run, in order."""
    score: float | None
    max_score: float | None
    answer: str | None = None
    """The learner's text, for written answers only."""
    learner: str | None = None
    timestamp: str | None = None
    notes: list[str] = field(default_factory=list)
    """Things to say besides the checks, e.g. that the result could not be saved."""

    @property
    def headline(self) -> str:
        symbol, words = STATUS[self.status]
        points = ""
        if self.max_score is not None:
            passed = sum(1 for _, o in self.outcomes if o.passed)
            points = f" ({self.score:g} of {self.max_score:g} points; {passed} of {len(self.outcomes)} checks passed)"
        return f"{symbol} {self.task}: {words}{points}"

    def lines(self) -> list[str]:
        """One plain sentence per check, with the points it earned: which parts hold, never the answer."""
        return [f"{'✔' if o.passed else '✘'} `{var}`{_earned(o, self.kind)} {o.message}"
                for var, o in self.outcomes] + self.notes

    def check_points(self) -> list[dict]:
        """Points per check, in order (what the summary and the gradebook report; no messages, no answers)."""
        return [{"variable": var, "check": o.check, "passed": o.passed, "points": o.points,
                 "max_points": o.max_points} for var, o in self.outcomes]

    def record(self) -> dict:
        """The JSON form saved in the notebook's output (no expected values: only what happened)."""
        return {"exercise": self.exercise, "task": self.task, "kind": self.kind, "status": self.status,
                "score": self.score, "max_score": self.max_score, "answer": self.answer,
                "learner": self.learner, "timestamp": self.timestamp, "checks": self.check_points()}

    def __repr__(self) -> str:
        return "\n".join([self.headline, *("  " + line for line in self.lines())])

    def _repr_html_(self) -> str:
        return str(render("check_result.html.j2", status=self.status, headline=self.headline, title=self.title,
                          lines=self.lines()))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": repr(self), "text/html": self._repr_html_(),
                MIME: {"format": FORMAT, "results": [self.record()]}}


@dataclass
class Hint:
    """One hint of several, numbered so the learner sees how many are left."""

    task: str
    number: int
    total: int
    text: str

    def __repr__(self) -> str:
        more = "" if self.number < self.total else " (the last hint)"
        return f"Hint {self.number} of {self.total} for {self.task}{more}: {self.text}"

    def _repr_html_(self) -> str:
        return str(render("hint.html.j2", task=self.task, number=self.number, total=self.total, text=self.text))


@dataclass
class Notice:
    """A plain message instead of a traceback (an unknown task id, a broken task file)."""

    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return str(render("notice.html.j2", text=self.text))


@dataclass
class Summary:
    """Where the learner stands on every task of an exercise."""

    exercise: str
    title: str
    rows: list[dict]
    """One per task: task, title, status, score, max_score, checked (when)."""
    notes: list[str] = field(default_factory=list)

    def totals(self) -> tuple[float, float]:
        """Points earned and available over the marked tasks."""
        marked = [r for r in self.rows if r["max_score"] is not None]
        return sum(r["score"] or 0 for r in marked), sum(r["max_score"] for r in marked)

    def _row_text(self, row: dict) -> str:
        symbol, words = STATUS[row["status"]]
        detail = _per_check(row)
        return f"{symbol} {row['task']} {words}, {_points(row)}{f' ({detail})' if detail else ''} — {row['title']}"

    def __repr__(self) -> str:
        score, available = self.totals()
        head = f"{self.exercise}: {score:g} of {available:g} points from the checks so far"
        return "\n".join([head, *("  " + self._row_text(r) for r in self.rows), *self.notes])

    def _repr_html_(self) -> str:
        score, available = self.totals()
        rows = [{"task": r["task"], "title": r["title"], "status": " ".join(STATUS[r["status"]]),
                 "points": _points(r) + (f" ({_per_check(r)})" if _per_check(r) else "")} for r in self.rows]
        heading = f"{self.title}: {score:g} of {available:g} points from the checks so far"
        return str(render("summary.html.j2", heading=heading, rows=rows, notes=self.notes))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        records = [{"exercise": self.exercise, **{k: r.get(k) for k in ("task", "kind", "status", "score", "max_score",
                                                                         "answer", "learner", "timestamp", "checks")}}
                   for r in self.rows if r["status"] != "unchecked"]
        return {"text/plain": repr(self), "text/html": self._repr_html_(), MIME: {"format": FORMAT,
                                                                                  "results": records}}


def _earned(outcome: Outcome, kind: str) -> str:
    """`` (1/2 points)`` after a marked check's variable; nothing for written answers, which are not marked."""
    if kind == "written" or not outcome.max_points:
        return ""
    return f" ({outcome.points:g}/{outcome.max_points:g} point{'s' if outcome.max_points != 1 else ''})"


def _per_check(row: dict) -> str:
    """Points per check, e.g. ``table 1/1, rows 0/2``: which parts of a task hold (no answers)."""
    checks = row.get("checks") or []
    if row.get("max_score") is None or not checks:
        return ""
    return ", ".join(f"{c.get('check') or c.get('variable')} {c.get('points', 0):g}/{c.get('max_points', 0):g}"
                     for c in checks if isinstance(c, dict))


def _points(row: dict) -> str:
    """``2 / 3`` for a marked task, ``not marked`` for a written one."""
    if row["max_score"] is None:
        return "not marked"
    return f"{row['score'] or 0:g} / {row['max_score']:g}"
