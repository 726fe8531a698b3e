"""Helpers shared by the gradebook tests (imported by name: the tests folder has no packages).

Learners' files are made the real way: ``check()`` through a real ``Exercise`` into a real ``Store``.
"""

from __future__ import annotations

import csv
import json

from pakru.exercises.session import Exercise
from pakru.exercises.tasks import load_specs
from pakru.progress import Store

SPECS = load_specs()
EX = "02_thaw_2003"
MAX = {t.id: t.max_score for t in SPECS[EX].tasks if t.max_score is not None}
FULL = sum(MAX.values())


def work(root, corpus, learner, namespace, exercise=EX, **store_options) -> Store:
    """A learner checks every task of an exercise through the real checker; their store on disk."""
    store = Store(root, learner=learner, **store_options)
    ex = Exercise(exercise, namespace=dict(namespace), corpus=corpus, store=store)
    for task in ex.spec.tasks:
        ex.check(task.id)
    return store


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def by_student(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return {r["student"]: r for r in csv.DictReader(handle)}


def forge(path, learner=None, **changes):
    """Edit a progress file as a learner could: every record claims full marks (or other changes)."""
    data = json.loads(path.read_text("utf-8"))
    for record in data["records"]:
        record.update({"correct": True, "score": record["max_score"]} if not changes else changes)
        if learner:
            record["learner"] = learner
    path.write_text(json.dumps(data), encoding="utf-8")
