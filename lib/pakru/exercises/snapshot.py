"""What a learner gave, kept small and as data, so the gradebook can run the task's own checks again.

Why: a progress record's verdict and score are plain JSON the learner can edit. The gradebook
therefore never trusts them; it re-runs every check of the task on the value the learner gave.
A check result says only what happened, so each ``check()`` also stores a *snapshot* of the
learner's variables: exactly what the task's rule types look at, nothing more, within a size bound.

``capture(value)`` → JSON data; ``restore(data)`` → a value that every rule in
``pakru.exercises.check_rules`` judges exactly as it judged the original (a table keeps its column
names and the columns the checks compare; a figure comes back as a figure with the same title,
labels, marks and tick labels). A snapshot that had to be cut short says so (``"cut": true``) and
the gradebook reports that task as not re-gradable instead of guessing.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import pandas as pd

FORMAT = "pakru-snapshot/1"
MAX_ROWS = 2000
"""Rows kept of a table (a task's tables have tens of rows; a learner's whole corpus has a few hundred)."""
MAX_TEXT = 4000
"""Characters kept of one text (written answers are capped at a few hundred words)."""
MAX_ITEMS = 500
MAX_MARKS = 1_000
"""Most marks (bars, lines) a figure snapshot may claim (a lesson figure has tens): restoring draws one
patch per mark, and a hand-edited snapshot claiming ``10**9`` would keep the gradebook drawing for hours."""


def _scalar(value: Any) -> Any:
    """A JSON scalar that normalises (``answers.normalise``) exactly as the value did."""
    if value is None or isinstance(value, bool | str):
        return value[:MAX_TEXT] if isinstance(value, str) else value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        try:
            return _scalar(value.item())
        except (TypeError, ValueError):
            pass
    return str(value)[:MAX_TEXT]


def _texts(values: list) -> list:
    return [_scalar(v) for v in values[:MAX_ITEMS]]


def capture(value: Any, columns: list[str] | None = None) -> dict:
    """A bounded JSON snapshot of one variable; ``columns``: the table columns the checks compare."""
    try:
        return _capture(value, columns)
    except Exception as exc:  # a learner's object can be anything: record that it could not be kept
        return {"type": "unreadable", "why": type(exc).__name__}


def _capture(value: Any, columns: list[str] | None) -> dict:
    from pakru.citations import Citation

    if isinstance(value, pd.DataFrame):
        names = [str(c) for c in value.columns[:MAX_ITEMS]]
        keep = [c for c in value.columns if str(c) in (columns or [])]
        rows = value[keep].head(MAX_ROWS) if keep else value.iloc[:0, :0]
        frame = {"type": "table", "columns": names, "rows": len(value),
                 "data": {str(c): _texts(list(rows[c])) for c in keep}}
        if columns is None and len(value.columns) <= 50:  # counts tables (a row and a column label per cell)
            frame["index"] = _texts(list(value.index[:MAX_ROWS]))
            frame["data"] = {str(c): _texts(list(value[c].head(MAX_ROWS))) for c in value.columns}
            frame["labelled"] = True
        frame["cut"] = len(value) > MAX_ROWS or len(value.columns) > MAX_ITEMS
        return frame
    if isinstance(value, pd.Series):
        return {"type": "series", "index": _texts(list(value.index)), "values": _texts(list(value.values)),
                "cut": len(value) > MAX_ITEMS}
    if isinstance(value, dict):
        items = list(value.items())
        return {"type": "dict", "keys": _texts([k for k, _ in items]), "values": _texts([v for _, v in items]),
                "cut": len(items) > MAX_ITEMS}
    if isinstance(value, list | tuple | set):
        items = sorted(value, key=str) if isinstance(value, set) else list(value)
        return {"type": type(value).__name__, "items": _texts([str(v) if isinstance(v, Citation) else v
                                                               for v in items]),
                "cut": len(items) > MAX_ITEMS}
    figure = _figure(value)
    if figure is not None:
        return figure
    if isinstance(value, str):
        return {"type": "text", "value": value[:MAX_TEXT], "cut": len(value) > MAX_TEXT}
    if value is Ellipsis:
        return {"type": "unset"}
    return {"type": "scalar", "value": _scalar(value), "cut": isinstance(value, str) and len(value) > MAX_TEXT}


def _figure(value: Any) -> dict | None:
    """The parts of a matplotlib figure that the ``figure`` rule reads."""
    try:
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure
    except ImportError:
        return None
    if isinstance(value, Figure):
        axes = [a for a in value.axes if a.has_data()] or value.axes
        if not axes:
            return {"type": "figure", "empty": True}
        ax = axes[0]
    elif isinstance(value, Axes):
        ax = value
    else:
        return None
    fig = ax.get_figure()
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    shown = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    legend = ax.get_legend()
    if legend:
        shown += [t.get_text() for t in legend.get_texts()]
    return {"type": "figure", "title": ax.get_title() or suptitle, "xlabel": ax.get_xlabel(),
            "ylabel": ax.get_ylabel(), "marks": len(ax.patches) + len(ax.lines) + len(ax.collections),
            "labels": _texts([s for s in shown if s])}


class Unrestorable(ValueError):
    """The snapshot does not hold enough to judge the answer again."""


def restore(data: Any) -> Any:
    """The value a snapshot stands for (see the module doc); Unrestorable if it cannot be rebuilt."""
    if not isinstance(data, dict) or "type" not in data:
        raise Unrestorable("not a snapshot")
    if data.get("cut"):
        raise Unrestorable("the answer was too large to keep whole")
    stored_type = data["type"]
    if stored_type == "table":
        columns = [str(c) for c in data["columns"]]
        if data.get("labelled"):
            return pd.DataFrame({c: data["data"][c] for c in columns}, index=data.get("index"))
        length = max((len(v) for v in data["data"].values()), default=0)
        return pd.DataFrame({c: data["data"].get(c, [None] * length) for c in columns}, columns=columns)
    if stored_type == "series":
        return pd.Series(data["values"], index=data["index"], dtype=object if not data["values"] else None)
    if stored_type == "dict":
        return dict(zip(data["keys"], data["values"], strict=True))
    if stored_type in ("list", "tuple", "set"):
        items = data["items"]
        return {"list": list, "tuple": tuple, "set": set}[stored_type](items)
    if stored_type in ("text", "scalar"):
        return data["value"]
    if stored_type == "unset":
        return Ellipsis
    if stored_type == "figure":
        return _rebuild_figure(data)
    raise Unrestorable(f"cannot rebuild a {stored_type!r} answer")


def _rebuild_figure(data: dict):
    """A figure the ``figure`` rule judges as it judged the learner's (no pyplot, no global backend)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    marks, labels = data.get("marks", 0), data.get("labels", [])
    if isinstance(marks, bool) or not isinstance(marks, int) or not 0 <= marks <= MAX_MARKS:
        raise Unrestorable(f"the figure's marks are not a whole number from 0 to {MAX_MARKS} (hand-edited?)")
    if not isinstance(labels, list) or len(labels) > MAX_ITEMS:
        raise Unrestorable("the figure's labels are not a short list")
    fig = Figure()
    if data.get("empty"):
        return fig
    ax = fig.add_subplot()
    ax.set_title(data.get("title", ""))
    ax.set_xlabel(data.get("xlabel", ""))
    ax.set_ylabel(data.get("ylabel", ""))
    for i in range(marks):
        ax.add_patch(Rectangle((i, 0), 0.8, 1))
    labels = [str(label) for label in labels]
    ax.set_xticks(range(len(labels)), labels)
    return fig


def capture_task(namespace: dict, variables: tuple[str, ...], rules: tuple) -> dict:
    """A snapshot of every variable a task checks, with the table columns its rules compare."""
    columns: dict[str, list[str]] = {}
    for rule in rules:
        wanted = list(rule.params.get("key") or []) + list(rule.params.get("columns") or [])
        if rule.type == "counts":
            columns[rule.variable] = None  # counts tables are kept with their labels
        elif wanted and columns.get(rule.variable, []) is not None:
            columns[rule.variable] = sorted(set(columns.get(rule.variable, [])) | set(wanted))
    found = {}
    for name in variables:
        if name in namespace:
            found[name] = capture(namespace[name], columns.get(name, []))
    return {"format": FORMAT, "variables": found}


def shown(answer: Any) -> Any:
    """The learner-readable part of an exercise record's answer (older records hold only that text)."""
    return answer.get("shown") if isinstance(answer, dict) and "given" in answer else answer
