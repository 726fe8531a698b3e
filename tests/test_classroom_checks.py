"""The classroom benchmark's own judges can say no: lost, misattributed and non-importable LMS files.

tests/test_classroom.py trusts bench/classroom.py's ``compare`` and ``check_lms_files`` to find what
went wrong on the hub; these feed them broken stores and import files (no hub needed).
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from pakru.paths import PROJECT_ROOT

BENCH = PROJECT_ROOT / "bench"


@pytest.fixture(scope="module")
def classroom():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("classroom_bench", BENCH / "classroom.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def learner(classroom, name="learner01", index=0):
    le = classroom.Learner(name, index)
    le.expected[("02_thaw_2003", "visit-gap")] = {"kind": "quiz", "answer": "More than 30 years", "correct": True,
                                                  "attempts": 2}
    le.expected[("02_thaw_2003", "q4")] = {"kind": "exercise", "status": "not yet", "correct": False, "score": 1.0,
                                           "max_score": 2.0, "marker": None}
    le.expected[("02_thaw_2003", "q6")] = {"kind": "exercise", "status": "collected", "correct": True,
                                           "score": None, "max_score": 0.0, "marker": f"Signed {name}."}
    return le


def record(name, question, file="learner01/.local/share/pakru/progress/learner01/s1.json", **fields):
    base = {"learner": name, "activity": "02_thaw_2003", "question": question, "kind": "exercise",
            "answer": None, "correct": False, "attempts": 1, "score": 1.0, "max_score": 2.0,
            "timestamp": "2026-11-30T07:00:00.000000Z", "hub_user": name, "session": "s1", "_file": file}
    base.update(fields)
    return (base["learner"], base["activity"], base["question"]), base


def store(*records):
    return dict(records)


def good_records(name="learner01"):
    return store(record(name, "visit-gap", kind="quiz", answer="More than 30 years", correct=True, attempts=2),
                 record(name, "q4"),
                 record(name, "q6", correct=True, answer=f"My essay. Signed {name}."))


def test_a_complete_store_is_all_collected(classroom):
    assert classroom.compare(learner(classroom), good_records()) == (3, [], [])


def test_a_missing_or_stale_answer_is_lost(classroom):
    records = good_records()
    del records[("learner01", "02_thaw_2003", "q4")]
    stale = dict(records[("learner01", "02_thaw_2003", "visit-gap")], attempts=1, answer="About 10 years")
    records[("learner01", "02_thaw_2003", "visit-gap")] = stale
    collected, lost, wrong = classroom.compare(learner(classroom), records)
    assert collected == 1 and len(lost) == 2 and wrong == []


def test_a_forged_verdict_in_the_store_counts_as_lost(classroom):
    records = good_records()
    records[("learner01", "02_thaw_2003", "q4")]["correct"] = True
    collected, lost, _ = classroom.compare(learner(classroom), records)
    assert collected == 2 and "correct=True" in lost[0]


def test_answers_under_another_id_or_session_or_with_anothers_essay_are_misattributed(classroom):
    records = store(
        record("jovyan", "visit-gap", kind="quiz", answer="More than 30 years", correct=True, attempts=2),
        record("learner01", "q4", hub_user="learner02"),
        record("learner01", "q6", correct=True, answer="Essay. Signed learner02.", session="other"))
    collected, lost, wrong = classroom.compare(learner(classroom), records)
    # the quiz answer is there (under the wrong id and hub user); q4 names another hub user; q6 names
    # another session than its file's and carries someone else's essay (so it is also lost)
    assert sum("recorded for 'jovyan'" in w for w in wrong) == 1
    assert sum("hub user" in w for w in wrong) == 2
    assert sum("names session 'other'" in w for w in wrong) == 1
    assert sum("another learner's written answer" in w for w in wrong) == 1
    assert len(wrong) == 5 and collected == 2 and len(lost) == 1


def write(path: Path, rows: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def canvas_rows(points="1"):
    return [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise 2"],
            ["Points Possible", "", "", "", "", "13"],
            ["Learner 01", "1001", "S1001", "learner01", "Class A", points]]


def test_a_canvas_file_that_follows_the_rules_passes(classroom, tmp_path):
    write(tmp_path / "canvas.csv", canvas_rows())
    assert classroom.check_lms_files("canvas", tmp_path, [learner(classroom)]) == []


@pytest.mark.parametrize("change, problem", [
    (lambda rows: rows[0].__setitem__(1, "Canvas ID"), "no import file with the canvas identity columns"),
    (lambda rows: rows[2].__setitem__(5, "13"), "points add up to 13"),
    (lambda rows: rows[2].__setitem__(5, "=1+0"), "not a number"),
    (lambda rows: rows[2].__setitem__(3, "learner02"), "SIS Login ID 'learner02'"),
    (lambda rows: rows.append(["Stranger", "999", "", "", "", "1"]), "someone not in the class"),
    (lambda rows: rows.append(list(rows[2])), "2 rows for learner01"),
    (lambda rows: rows[1].__setitem__(5, "lots"), "Points Possible row has a non-number"),
])
def test_a_canvas_file_that_breaks_a_rule_is_reported(classroom, tmp_path, change, problem):
    rows = canvas_rows()
    change(rows)
    write(tmp_path / "canvas.csv", rows)
    problems = classroom.check_lms_files("canvas", tmp_path, [learner(classroom)])
    assert any(problem in p for p in problems), problems


def test_a_moodle_file_needs_a_user_column_and_the_learners_points(classroom, tmp_path):
    write(tmp_path / "moodle.csv", [["Email address", "ID number", "First name", "Last name", "Exercise 2"],
                                    ["learner01@school.example", "N1001", "Learner", "01", "1"]])
    assert classroom.check_lms_files("moodle", tmp_path, [learner(classroom)]) == []
    write(tmp_path / "moodle.csv", [["Name", "Exercise 2"], ["learner01", "1"]])
    assert classroom.check_lms_files("moodle", tmp_path, [learner(classroom)])
