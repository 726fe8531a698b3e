"""What ``check``, ``hint`` and ``summary`` return: objects that render themselves, always escaped.

Each check result also carries a small JSON record under its own MIME type, so a saved notebook
holds its results in its outputs and the gradebook can read them without running anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pakru.exercises.rules import Outcome
from pakru.show import escape

MIME = "application/vnd.pakru.check+json"
FORMAT = "pakru-check/1"
STATUS = {
    "passed": ("✔", "these checks passed", "var(--jp-success-color1, #2e7d32)"),
    "not yet": ("✘", "not yet", "var(--jp-warn-color1, #e65100)"),
    "collected": ("✎", "saved for your instructor", "var(--jp-info-color1, #0277bd)"),
    "unchecked": ("·", "not checked yet", "var(--jp-content-font-color2, #666)"),
}
BOX = ("border-left: 4px solid {colour}; padding: 0.4em 0.8em; margin: 0.4em 0;"
       " background: var(--jp-layout-color1, transparent); color: var(--jp-content-font-color1, inherit);")


def _code(text: str) -> str:
    """Escape text, then show `backticked` parts as code (safe: the text is escaped first)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


@dataclass
class TaskResult:
    """The outcome of ``check("q1")``: what passed, what did not and why, and the score."""

    exercise: str
    task: str
    title: str
    kind: str
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
        symbol, words, _ = STATUS[self.status]
        points = "" if self.max_score is None else f" ({self.score:g} of {self.max_score:g} points)"
        return f"{symbol} {self.task}: {words}{points}"

    def lines(self) -> list[str]:
        """One plain sentence per check."""
        return [f"{'✔' if o.passed else '✘'} `{var}` {o.message}" for var, o in self.outcomes] + self.notes

    def record(self) -> dict:
        """The JSON form saved in the notebook's output (no expected values: only what happened)."""
        return {"exercise": self.exercise, "task": self.task, "kind": self.kind, "status": self.status,
                "score": self.score, "max_score": self.max_score, "answer": self.answer,
                "learner": self.learner, "timestamp": self.timestamp}

    def __repr__(self) -> str:
        return "\n".join([self.headline, *("  " + line for line in self.lines())])

    def _repr_html_(self) -> str:
        _, _, colour = STATUS[self.status]
        items = "".join(f"<li>{_code(line)}</li>" for line in self.lines())
        return (f'<div style="{BOX.format(colour=colour)}"><strong>{escape(self.headline)}</strong>'
                f" — {escape(self.title)}<ul>{items}</ul></div>")

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
        more = "" if self.number < self.total else " — the last hint"
        return (f'<div style="{BOX.format(colour="var(--jp-info-color1, #0277bd)")}"><strong>💡 Hint '
                f"{self.number} of {self.total} for {escape(self.task)}{more}</strong><p>{_code(self.text)}</p></div>")


@dataclass
class Notice:
    """A plain message instead of a traceback (an unknown task id, a broken task file)."""

    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<div style="{BOX.format(colour="var(--jp-warn-color1, #e65100)")}">⚠ {_code(self.text)}</div>'


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
        symbol, words, _ = STATUS[row["status"]]
        return f"{symbol} {row['task']} {words}, {_points(row)} — {row['title']}"

    def __repr__(self) -> str:
        score, available = self.totals()
        head = f"{self.exercise}: {score:g} of {available:g} points from the checks so far"
        return "\n".join([head, *("  " + self._row_text(r) for r in self.rows), *self.notes])

    def _repr_html_(self) -> str:
        score, available = self.totals()
        body = "".join(
            f"<tr><td>{escape(r['task'])}</td><td>{escape(r['title'])}</td>"
            f"<td>{escape(STATUS[r['status']][0] + ' ' + STATUS[r['status']][1])}</td>"
            f"<td>{escape(_points(r))}</td></tr>"
            for r in self.rows)
        notes = "".join(f"<p>{_code(n)}</p>" for n in self.notes)
        return (f'<div style="{BOX.format(colour="var(--jp-brand-color1, #1976d2)")}">'
                f"<strong>{escape(self.title)}: {score:g} of {available:g} points from the checks so far</strong>"
                f'<table><thead><tr><th scope="col">task</th><th scope="col">what</th><th scope="col">status</th>'
                f'<th scope="col">points</th></tr></thead><tbody>{body}</tbody></table>{notes}</div>')

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        records = [{"exercise": self.exercise, **{k: r[k] for k in ("task", "kind", "status", "score", "max_score",
                                                                     "answer", "learner", "timestamp")}}
                   for r in self.rows if r["status"] != "unchecked"]
        return {"text/plain": repr(self), "text/html": self._repr_html_(), MIME: {"format": FORMAT,
                                                                                  "results": records}}


def _points(row: dict) -> str:
    """``2 / 3`` for a marked task, ``not marked`` for a written one."""
    if row["max_score"] is None:
        return "not marked"
    return f"{row['score'] or 0:g} / {row['max_score']:g}"
