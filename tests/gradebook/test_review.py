"""The review stage: records that are not the student's own are set aside; verdicts are compared with the re-grade."""

from __future__ import annotations

from pakru.gradebook.model import Given, Handed, Outcome, Owner
from pakru.gradebook.review import screen, verdict

EX = "02_thaw_2003"


def given(learner, question="q4", kind="exercise", correct=True, score=2.0):
    return Given(kind, EX, question, learner, None, correct, score, "2026-01-01T00:00:00.000000Z", f"{learner}.json")


def handed(*pairs):
    found = Handed()
    for owner, records in pairs:
        found.owners[owner.key] = owner
        found.given[owner.key] += records
    return found


def test_a_record_of_another_learner_in_a_home_is_set_aside():
    home = Owner("home:ayesha", "ayesha", {"login": "ayesha"})
    kept, rows = screen(handed((home, [given("ayesha"), given("bilal", "q5")])))
    assert [g.question for g in kept.given[home.key]] == ["q4"]
    assert rows == [("ayesha", "bilal.json", f"{EX}:q5", "recorded for learner 'bilal', handed in by 'ayesha'; "
                                                        "not counted")]


def test_one_learners_records_under_two_canvas_students_are_listed():
    a, b = Owner("canvas:1", "khanayesha", {"canvas_id": "1"}), Owner("canvas:2", "ahmedbilal", {"canvas_id": "2"})
    _, rows = screen(handed((a, [given("ayesha")]), (b, [given("ayesha")])))
    assert len(rows) == 1 and "handed in by several students (ahmedbilal, khanayesha)" in rows[0][3]


def test_verdicts_that_the_regrade_does_not_bear_out():
    assert verdict("a", Outcome("s", given("a"), points=2.0, max_score=2.0)) is None
    row = verdict("a", Outcome("s", given("a"), points=1.0, max_score=2.0))
    assert row[3] == "recorded 2 of 2 points, re-graded 1: the re-graded score counts"
    row = verdict("a", Outcome("s", given("a", "visit-gap", "quiz", correct=True), right=False))
    assert row[3] == "quiz answer recorded as right, but it is wrong: re-graded"
    assert "cannot be re-graded (no snapshot)" in verdict("a", Outcome("s", given("a"), failure="no snapshot"))[3]
