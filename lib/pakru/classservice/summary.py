"""The live view's numbers: per activity and question, who answered what; per learner, how far they are.

Pure data in, JSON-ready data out (the handler serves it, the page's script only lays it out). Answers are
compared *normalised* (case, spacing, Unicode forms, surrounding punctuation; numbers as numbers), so
"Putin", " putin." and "PUTIN" count as one answer on the projector.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any, Protocol

from pakru.itemstats import first_try_scores, item_statistics

TOP_ANSWERS = 6
"""How many distinct answers a question lists (the most common first)."""
_SPACE = re.compile(r"\s+")
_EDGE = " \t\n.,;:!?\"'«»“”‘’()[]"


class Row(Protocol):
    user: str
    activity: str
    question: str
    kind: str
    answer: str
    correct: bool
    attempts: int
    score: float
    max_score: float
    timestamp: str
    received: str


def normalise(answer: Any) -> str:
    """One answer as the text the class view groups by.

    >>> normalise("  The  Kremlin. "), normalise("3.0"), normalise(3), normalise(["b", "a"]), normalise(True)
    ('the kremlin', '3', '3', 'b; a', 'true')
    >>> normalise({"1999": "Kargil", "2003": "visit"})
    '1999 → kargil; 2003 → visit'
    """
    if answer is None:
        return "(no answer)"
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, int | float):
        return f"{answer:g}"
    if isinstance(answer, str):
        text = _SPACE.sub(" ", unicodedata.normalize("NFKC", answer)).strip(_EDGE).casefold()
        try:
            return f"{float(text.replace(',', '.')):g}" if text else "(empty)"
        except ValueError:
            return text
    if isinstance(answer, list):
        return "; ".join(normalise(item) for item in answer)
    if isinstance(answer, dict):
        return "; ".join(f"{normalise(k)} → {normalise(v)}" for k, v in sorted(answer.items()))
    return normalise(json.dumps(answer, ensure_ascii=False))


def class_summary(rows: Iterable[Row], roster: set[str] | None = None, with_names: bool = False,
                  prompts: dict | None = None) -> dict:
    """Everything the live view shows, from the stored answers (oldest first) of a class.

    ``roster``: the group's members (learners who have not answered yet still appear); ``with_names``: learners
    by hub name, else as "learner 1", "learner 2"... in a fixed order (the projector shows no names unless asked);
    ``prompts``: ``{(activity, question): Prompt}`` (``classservice.prompts``): questions are then labelled
    "Q4 · <prompt>" and listed in their bank's order; without it, by id.
    """
    prompts = prompts or {}
    rows = [viewed(row) for row in rows]
    latest: dict[tuple[str, str, str], Row] = {}
    first_right: dict[tuple[str, str, str], bool] = {}
    for row in rows:
        key = (row.activity, row.question, row.user)
        if key not in latest or row.timestamp >= latest[key].timestamp:
            latest[key] = row
        early = row.attempts <= 1
        first_right[key] = first_right.get(key, False) or (early and row.correct)
    users = sorted(set(roster or ()) | {row.user for row in rows})
    label = {u: (u if with_names else f"learner {i}") for i, u in enumerate(users, 1)}
    scores = first_try_scores(rows)
    activities: dict[str, dict] = {}
    for (activity, question, user), row in sorted(latest.items()):
        entry = activities.setdefault(activity, {"id": activity, "questions": {}})
        q = entry["questions"].setdefault(question, {"id": question, "answered": 0, "right_now": 0,
                                                     "right_first_try": 0, "_answers": Counter(), "_right": set()})
        q["answered"] += 1
        q["right_now"] += row.correct
        q["right_first_try"] += first_right[(activity, question, user)]
        text = normalise(json.loads(row.answer))
        q["_answers"][text] += 1
        if row.correct:
            q["_right"].add(text)
    out_activities = []
    for activity_id, entry in sorted(activities.items()):
        stats = {s.question: s for s in item_statistics(scores.get(activity_id, {}))}
        questions = []
        def order(item: tuple[str, dict], activity_id: str = activity_id) -> tuple:
            known = prompts.get((activity_id, item[0]))
            return (0, known.number, []) if known else (1, 0, _natural(item[0]))

        for qid, q in sorted(entry["questions"].items(), key=order):
            known = prompts.get((activity_id, qid))
            q["label"] = known.label if known else qid
            counts: Counter = q.pop("_answers")
            right = q.pop("_right")
            q["answers"] = [{"text": text, "count": n, "right": text in right}
                            for text, n in counts.most_common(TOP_ANSWERS)]
            q["other_answers"] = sum(counts.values()) - sum(a["count"] for a in q["answers"])
            q["share_right_first_try"] = q["right_first_try"] / q["answered"] if q["answered"] else None
            s = stats.get(qid)
            q["facility"] = None if s is None else s.facility
            q["discrimination"] = None if s is None else s.discrimination
            questions.append(q)
        out_activities.append({"id": activity_id, "questions": questions,
                               "learners": len({u for (a, _q, u) in latest if a == activity_id})})
    learners = []
    for user in users:
        done = {a["id"]: sum((a["id"], q["id"], user) in latest for q in a["questions"]) for a in out_activities}
        right = {a["id"]: sum(latest[(a["id"], q["id"], user)].correct for q in a["questions"]
                              if (a["id"], q["id"], user) in latest) for a in out_activities}
        learners.append({"name": label[user], "answered": done, "right": right,
                         "last": max((r.timestamp for k, r in latest.items() if k[2] == user), default=None)})
    return {"activities": out_activities, "learners": learners, "answers_stored": len(rows),
            "names_shown": with_names}


def activity_key(activity: str, kind: str) -> str:
    """What the view lists as one activity: a lesson's quiz and its exercise share an id, so the kind is named.

    >>> activity_key("02_thaw_2003", "quiz"), activity_key("02_thaw_2003", "exercise")
    ('02_thaw_2003 · quiz', '02_thaw_2003 · exercise')
    """
    return f"{activity} · {kind}"


def viewed(row: Row) -> SimpleNamespace:
    """A stored answer as the view counts it: under its activity and kind (``activity_key``); its question's
    prompt is looked up under the stored activity, kept as ``stored_activity``."""
    fields = ("user", "question", "kind", "answer", "correct", "attempts", "score", "max_score", "timestamp")
    return SimpleNamespace(**{name: getattr(row, name) for name in fields},
                           activity=activity_key(row.activity, row.kind), stored_activity=row.activity)


def _natural(text: str) -> list:
    """Sort key so that q2 comes before q10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]
