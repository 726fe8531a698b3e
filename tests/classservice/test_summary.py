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
    assert [le["answered"]["02_thaw_2003 · quiz"] for le in anonymous["learners"]] == [2, 2, 1, 0]
    assert [le["right"]["02_thaw_2003 · quiz"] for le in anonymous["learners"]] == [2, 1, 0, 0]
    named = class_summary(rows, with_names=True)
    assert [le["name"] for le in named["learners"]] == ["ayesha", "boris", "chen"]


@pytest.mark.parametrize(("given", "shown"), [
    ("Ｐｕｔｉｎ", "putin"), ("3,5", "3.5"), ("  «Moscow» ", "moscow"), ([True, 2], "true; 2"), (None, "(no answer)"),
    ("", "(empty)"), ("<b>x</b>", "<b>x</b>"),
])
def test_answers_are_grouped_by_a_normal_form_and_kept_as_text(given, shown):
    assert normalise(given) == shown


def test_questions_are_labelled_with_their_number_and_prompt_in_their_banks_order(rows):
    from pakru.classservice.prompts import Prompt

    prompts = {("02_thaw_2003 · quiz", "q2"): Prompt(1, "How many?"),
               ("02_thaw_2003 · quiz", "q1"): Prompt(2, "Who <spoke>?")}
    questions = class_summary(rows, prompts=prompts)["activities"][0]["questions"]
    assert [(q["id"], q["label"]) for q in questions] == [("q2", "Q1 · How many?"), ("q1", "Q2 · Who <spoke>?")]
    assert [q["label"] for q in class_summary(rows)["activities"][0]["questions"]] == ["q1", "q2"]  # no course


def test_the_course_names_each_question_as_the_class_saw_it():
    """The real course: lesson 2's bank and exercise, numbered in their files' order, prompts as written."""
    import yaml

    from pakru.classservice.prompts import course_prompts
    from pakru.paths import QUIZZES_DIR, TASKS_DIR

    found = course_prompts()
    bank = yaml.safe_load((QUIZZES_DIR / "02_thaw_2003.yaml").read_text("utf-8"))
    first, last = bank["questions"][0], bank["questions"][-1]
    assert found[("02_thaw_2003 · quiz", first["id"])].label == f"Q1 · {' '.join(first['prompt'].split())}"
    assert found[("02_thaw_2003 · quiz", last["id"])].number == len(bank["questions"])
    tasks = yaml.safe_load((TASKS_DIR / "02_thaw_2003.yaml").read_text("utf-8"))["tasks"]
    assert found[("02_thaw_2003 · exercise", tasks[0]["id"])].text == " ".join(tasks[0]["title"].split())


def test_a_lessons_quiz_and_its_exercise_are_listed_apart(tmp_path):
    """Both are called 02_thaw_2003: the view names the kind, so their questions and numbers never mix."""
    db = AnswerDB(f"sqlite:///{tmp_path / 'class.sqlite'}")
    task = Record("x", "02_thaw_2003", "q1", "exercise", "a table", True, 1, 2.0, 2.0,
                  START.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), None, "s")
    db.add("ayesha", [answer("visit-gap", "More than 30 years", True, 1, 1), task])
    activities = {a["id"]: [q["id"] for q in a["questions"]] for a in class_summary(db.answers())["activities"]}
    db.close()
    assert activities == {"02_thaw_2003 · exercise": ["q1"], "02_thaw_2003 · quiz": ["visit-gap"]}
