"""The live view's numbers and the item statistics, from answers stored in a real (SQLite) database."""

from __future__ import annotations

import datetime as dt

import pytest

from pakru.classservice.db import AnswerDB
from pakru.classservice.summary import class_summary, normalise
from pakru.itemstats import correlation
from pakru.progress import Record

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def answer(question: str, given, correct: bool, attempts: int, second: int) -> Record:
    stamp = (START + dt.timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return Record("x", "02_thaw_2003", question, "quiz", given, correct, attempts, float(correct), 1.0, stamp,
                  None, "s")


@pytest.fixture
def rows(tmp_path):
    db = AnswerDB(f"sqlite:///{tmp_path / 'class.sqlite'}")
    db.add("ayesha", [answer("q1", "Lavrov", False, 1, 1), answer("q1", "Putin", True, 2, 2),
                      answer("q2", 42, True, 1, 3)])
    db.add("boris", [answer("q1", " putin.", True, 1, 4), answer("q2", "41", False, 1, 5)])
    db.add("chen", [answer("q1", "LAVROV", False, 1, 6)])
    yield db.answers()
    db.close()


def test_each_question_counts_answers_latest_per_learner_and_first_tries(rows):
    summary = class_summary(rows)
    (activity,) = summary["activities"]
    q1, q2 = activity["questions"]
    assert (q1["id"], q1["answered"], q1["right_now"], q1["right_first_try"]) == ("q1", 3, 2, 1)
    assert q1["share_right_first_try"] == pytest.approx(1 / 3)
    # normalised: "Putin" and " putin." are one answer; ayesha's first "Lavrov" is not her latest
    assert q1["answers"] == [{"text": "putin", "count": 2, "right": True},
                             {"text": "lavrov", "count": 1, "right": False}]
    assert q2["answers"] == [{"text": "42", "count": 1, "right": True}, {"text": "41", "count": 1, "right": False}]
    assert q2["share_right_first_try"] == 0.5


def test_item_statistics_follow_moodles_definitions(rows):
    q1, q2 = class_summary(rows)["activities"][0]["questions"]
    # first-try scores: ayesha q1 0 q2 1; boris q1 1 q2 0; chen q1 0 (q2 unanswered counts 0)
    assert q1["facility"] == pytest.approx(100 / 3) and q2["facility"] == pytest.approx(100 / 3)
    # item [0, 1, 0] against the rest [1, 0, 0]: r = -0.5
    assert q1["discrimination"] == pytest.approx(-50.0)
    assert correlation([1, 1, 1], [0, 1, 2]) is None  # a question everyone got right tells nothing


def test_learners_are_numbered_not_named_unless_asked_and_the_roster_shows_who_has_not_answered(rows):
    anonymous = class_summary(rows, roster={"ayesha", "boris", "chen", "dana"})
    assert [le["name"] for le in anonymous["learners"]] == ["learner 1", "learner 2", "learner 3", "learner 4"]
    assert [le["answered"]["02_thaw_2003"] for le in anonymous["learners"]] == [2, 2, 1, 0]
    assert [le["right"]["02_thaw_2003"] for le in anonymous["learners"]] == [2, 1, 0, 0]
    named = class_summary(rows, with_names=True)
    assert [le["name"] for le in named["learners"]] == ["ayesha", "boris", "chen"]


@pytest.mark.parametrize(("given", "shown"), [
    ("Ｐｕｔｉｎ", "putin"), ("3,5", "3.5"), ("  «Moscow» ", "moscow"), ([True, 2], "true; 2"), (None, "(no answer)"),
    ("", "(empty)"), ("<b>x</b>", "<b>x</b>"),
])
def test_answers_are_grouped_by_a_normal_form_and_kept_as_text(given, shown):
    assert normalise(given) == shown
