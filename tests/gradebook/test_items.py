"""``items.csv``: facility and discrimination per question (Moodle's quiz statistics), first tries only."""

from __future__ import annotations

import shutil

from gradebook_helpers import EX, read_csv

from pakru.gradebook import cli
from pakru.progress import Store

RIGHT = {"debt-expected": True, "working-group": "A working group to tackle terrorism"}
WRONG = {"debt-expected": False, "working-group": "A trade agreement"}


def test_items_csv_gives_facility_and_discrimination_from_first_tries(tmp_path):
    """Four learners answer two questions of lesson 2's quiz; item scores (first tries) worked out by hand:

    debt-expected: a 1, b 1, c 0, d 0 (d was right only at the second try: 0 under the first-try rule);
    working-group: a 1, b 0, c 0, d 0. Facility 50 % and 25 %; each question's score correlates with the other's
    (the rest of the quiz) by r = 0.5 / sqrt(1 × 0.75) = 0.577 → discrimination 57.7.
    """
    plan = {"a": ("right", "right", 1), "b": ("right", "wrong", 1), "c": ("wrong", "wrong", 1),
            "d": ("right", "wrong", 2)}
    handed = tmp_path / "handed"
    for learner, (debt, group, debt_attempts) in plan.items():
        store = Store(tmp_path / "stores", learner=learner)
        answers = {"right": RIGHT, "wrong": WRONG}
        store.record(EX, "debt-expected", kind="quiz", answer=answers[debt]["debt-expected"], correct=debt == "right",
                     attempts=debt_attempts)
        store.record(EX, "working-group", kind="quiz", answer=answers[group]["working-group"],
                     correct=group == "right")
        (handed / learner).mkdir(parents=True)
        shutil.copy(store.path, handed / learner / "results.json")
    out = tmp_path / "out"
    assert cli.main([str(handed), "--out", str(out)]) == 0
    rows = read_csv(out / "items.csv")
    assert rows[0] == ["activity", "question", "learners answered", "facility %", "discrimination"]
    assert sorted(rows[1:]) == [[EX, "debt-expected", "4", "50.0", "57.7"], [EX, "working-group", "4", "25.0", "57.7"]]


def test_a_question_everyone_got_right_has_no_discrimination(tmp_path):
    """Facility 100 %; the item score does not vary, so no correlation can be computed: the cell is blank."""
    handed = tmp_path / "handed"
    for learner in ("a", "b"):
        store = Store(tmp_path / "stores", learner=learner)
        store.record(EX, "debt-expected", kind="quiz", answer=True, correct=True)
        (handed / learner).mkdir(parents=True)
        shutil.copy(store.path, handed / learner / "results.json")
    out = tmp_path / "out"
    assert cli.main([str(handed), "--out", str(out)]) == 0
    assert read_csv(out / "items.csv")[1:] == [[EX, "debt-expected", "2", "100.0", ""]]
