"""The gradebook re-grades what learners did (real check() calls, real progress files) and trusts no verdict."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest
from gradebook_helpers import EX, FULL, MAX, SPECS, by_student, forge, read_csv, work

from pakru.exercises.session import Exercise
from pakru.gradebook import cli
from pakru.gradebook.config import progress_in_home
from pakru.progress import CSV_COLUMNS, Store, export_csv


@pytest.fixture(scope="module")
def class_zip(tmp_path_factory, corpus, solution):
    """A Canvas bulk download: a full solution, a wrong one, a forged one, a quiz, a hostile notebook, junk."""
    tmp = tmp_path_factory.mktemp("canvas")
    good = work(tmp / "stores", corpus, "ayesha", solution)
    wrong = dict(solution, gap_voa=31, gap_latimes=1, meeting_date="2003-02-06")
    partial = work(tmp / "stores", corpus, "bilal", wrong)
    forged = work(tmp / "stores", corpus, "chen", wrong)
    right = ["more than 30 years", "33 years", "the first in decades", "in 30 years"]
    good.record(EX, "visit-gap", kind="quiz", answer=right, correct=True)  # lesson 2's quiz, same id as exercise 2
    forged.record(EX, "visit-gap", kind="quiz", answer=["25 years"], correct=False)
    forge(forged.path)  # after the last save: the store rewrites its whole file on every save
    good.record(EX, "no-such-question", kind="quiz", answer="x", correct=True)
    archive = tmp / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(good.path, "khanayesha_1001_5001_pakru-results.json")
        export_csv(tmp / "bilal.csv", partial)
        z.write(tmp / "bilal.csv", "ahmedbilal_LATE_1002_5002_pakru-results.csv")
        z.write(forged.path, "liuchen_1003_5003_pakru-results.json")
        z.writestr("dana_1004_5004_02_thaw_2003.ipynb", "[" * 200_000)
        z.writestr("readme.txt", "not a submission")
    return archive


def test_canvas_archive_is_regraded_and_a_forged_record_is_caught(class_zip, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main([str(class_zip), "--lms", "canvas", "--out", str(out)]) == 0
    detail = by_student(out / "gradebook.csv")
    assert float(detail["khanayesha"]["total"]) == FULL
    partial_total = FULL - MAX["q4"] - 2  # q4 both gaps wrong; q5's date (2 points) wrong, its evidence right
    assert float(detail["ahmedbilal"]["total"]) == partial_total
    assert float(detail["liuchen"]["total"]) == partial_total  # the forged "full marks" count for nothing
    review = read_csv(out / "review.csv")
    forged = [r for r in review if r[0] == "liuchen"]
    assert {r[2] for r in forged} == {f"{EX}:q4", f"{EX}:q5", f"{EX}:visit-gap"}
    assert all("re-graded" in r[3] for r in forged)
    assert not [r for r in review if r[0] in ("khanayesha", "ahmedbilal")]
    err = capsys.readouterr().err
    assert "dana_1004_5004_02_thaw_2003.ipynb" in err and "damaged" in err  # hostile notebook: reported, skipped
    assert "readme.txt: not named as Canvas names submission files" in err
    assert "not a task" not in err  # the quiz shares the exercise's id; its kind keeps it apart
    assert "quiz 02_thaw_2003:no-such-question is not a question" in err
    quizzes = by_student(out / "quizzes.csv")
    assert quizzes["khanayesha"][f"{EX} answered"] == "1" and quizzes["khanayesha"][f"{EX} right"] == "1"
    assert quizzes["liuchen"][f"{EX} answered"] == "1" and quizzes["liuchen"][f"{EX} right"] == "0"
    canvas = read_csv(out / "canvas.csv")
    # Canvas user ids from the file names; dana's damaged file leaves her grade blank (the import changes nothing)
    assert [(r[1], r[5]) for r in canvas[2:]] == [("1002", f"{partial_total:g}"), ("1004", ""),
                                                  ("1001", f"{FULL:g}"), ("1003", f"{partial_total:g}")]
    assert "quiz" not in ",".join(canvas[0])  # quiz participation only with --quizzes


def test_quiz_columns_are_optional(class_zip, tmp_path):
    out = tmp_path / "out"
    assert cli.main([str(class_zip), "--lms", "canvas", "--quizzes", "--out", str(out)]) == 0
    header = read_csv(out / "canvas.csv")[0]
    assert header[-1] == f"pakru quiz {EX} (questions right)"


def homes(tmp_path, corpus, solution):
    root = tmp_path / "home"
    for user, namespace in (("ayesha", solution), ("bilal", dict(solution, gap_voa=31))):
        store = Store(root / user / progress_in_home(), learner=user)
        ex = Exercise(EX, namespace=dict(namespace), corpus=corpus, store=store)
        for task in ex.spec.tasks:
            ex.check(task.id)
    return root


def test_homes_on_a_hub_and_a_record_written_into_another_learners_store(tmp_path, corpus, solution):
    root = homes(tmp_path, corpus, solution)
    # bilal (on a hub where servers share one OS user) writes "his" full marks into ayesha's store
    intruder = Store(root / "ayesha" / progress_in_home(), learner="bilal")
    intruder.record(EX, "q4", kind="exercise", answer={"shown": "x", "given": {"variables": {}}}, correct=True,
                    score=MAX["q4"], max_score=MAX["q4"])
    (root / "chen").mkdir()
    out = tmp_path / "out"
    assert cli.main(["--homes", str(root), "--lms", "canvas", "--out", str(out)]) == 0
    detail = by_student(out / "gradebook.csv")
    assert float(detail["ayesha"]["total"]) == FULL
    assert float(detail["bilal"]["total"]) == FULL - 1  # one of q4's two checks
    review = read_csv(out / "review.csv")
    assert any(r[0] == "ayesha" and "recorded for learner 'bilal'" in r[3] for r in review)
    canvas = read_csv(out / "canvas.csv")
    assert {r[3] for r in canvas[2:]} == {"ayesha", "bilal"}  # matched on SIS Login ID = hub user
    assert "chen: no pakru progress" in (out / "problems.txt").read_text("utf-8")


def test_folder_with_duplicates_unknown_activities_and_hostile_cells(tmp_path, corpus, solution):
    root = tmp_path / "handed-in"
    store = work(tmp_path / "a" / "stores", corpus, "=HYPERLINK(1)", solution)
    (root / "=HYPERLINK(1)").mkdir(parents=True)
    export_csv(root / "=HYPERLINK(1)" / "results.csv", store)
    dup = work(tmp_path / "b" / "stores", corpus, "dup", solution)
    (root / "dup").mkdir()
    export_csv(root / "dup" / "results.csv", dup)
    # a hand-written record (the store itself refuses a score of 1e12) in the export and in the progress file
    evil = {"learner": "dup", "activity": "=evil() 1e12", "question": "q1", "kind": "exercise", "correct": True,
            "attempts": 1, "score": 1e12, "max_score": 1e12, "timestamp": "2026-03-01T10:00:00.000000Z"}
    with open(root / "dup" / "results.csv", "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=CSV_COLUMNS).writerow({**evil, "answer": '"x"', "hub_user": "",
                                                                 "session": "s"})
    data = json.loads(dup.path.read_text("utf-8"))
    data["records"].append({**evil, "answer": "x"})
    (root / "dup.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main([str(root), "--out", str(out)]) == 0
    problems = (out / "problems.txt").read_text("utf-8")
    assert "dup: handed in as dup, dup.json; merged" in problems
    assert "exercise =evil() 1e12:q1 is not a task of the course's exercises; ignored" in problems
    assert "dup.json: 1 damaged record(s) skipped" in problems  # the progress reader refuses a score of 1e12
    rows = read_csv(out / "gradebook.csv")
    assert not any("evil" in c for c in rows[0])  # an unknown activity never reaches the header
    assert float(rows[0 + 1][-1]) == FULL  # max_total untouched by the 1e12 record
    assert rows[1][0] == "'=HYPERLINK(1)"
    marking = read_csv(out / "marking.csv")
    assert marking[0][:5] == ["student", "exercise", "task", "question", "rubric"]
    assert {(r[0], r[2]) for r in marking[1:]} == {("'=HYPERLINK(1)", "q6"), ("dup", "q6")}
    assert all(r[7].startswith("VOA (voa-2003)") for r in marking[1:])
    # the rubric cell is the task file's rubric: every criterion with its points, what earns them, and examples
    rubric = SPECS[EX].task("q6").rubric
    for row in marking[1:]:
        assert row[1] == EX
        for line in rubric:
            assert f"{line.criterion.capitalize()} (0–{line.points}): {line.full}" in row[4], line.criterion
            assert line.examples is None or line.examples in row[4]


def test_notes_say_which_marks_rest_on_hashes_in_the_students_copy(class_zip, tmp_path, capsys):
    assert cli.main([str(class_zip), "--lms", "canvas", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    for task in ("q2", "q4", "q5"):
        assert f"note: {EX}:{task}:" in out and "without solving" in out
    assert f"note: {EX}:q1:" not in out  # computed from the corpus at check time
    assert f"note: {EX}:q3:" not in out  # paragraphs judged by evidence words in their text, not hashes


def test_command_line_errors_are_one_line(tmp_path, class_zip):
    from pakru.__main__ import main

    assert main(["gradebook", str(class_zip)]) == 2  # an archive needs --lms
    assert main(["gradebook", str(tmp_path / "nothing")]) == 1
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    assert main(["gradebook", str(bad), "--lms", "moodle"]) == 1


def test_points_per_check_are_reported(class_zip, tmp_path):
    assert cli.main([str(class_zip), "--lms", "canvas", "--out", str(tmp_path / "o")]) == 0
    rows = read_csv(tmp_path / "o" / "checks.csv")
    assert rows[0] == ["student", "task", "check", "type", "variable", "points", "out of"]
    q4 = {(r[0], r[4]): r[5] for r in rows[1:] if r[1] == f"{EX}:q4"}
    # ahmedbilal gave wrong gaps for both variables; khanayesha both right (one point each, from the task file)
    assert q4 == {("ahmedbilal", "gap_voa"): "0", ("ahmedbilal", "gap_latimes"): "0",
                  ("khanayesha", "gap_voa"): "1", ("khanayesha", "gap_latimes"): "1",
                  ("liuchen", "gap_voa"): "0", ("liuchen", "gap_latimes"): "0"}


def test_the_settings_say_where_progress_sits_in_a_home_and_which_lms(tmp_path, corpus, solution, monkeypatch):
    # pakru.settings: progress_in_home (an image that keeps progress elsewhere) and lms (no --lms needed)
    monkeypatch.setenv("PAKRU_PROGRESS_IN_HOME", "work/pakru-progress")
    monkeypatch.setenv("PAKRU_LMS", "moodle")
    root = tmp_path / "home"
    work(root / "ayesha" / "work" / "pakru-progress", corpus, "ayesha", solution)
    out = tmp_path / "out"
    assert cli.main(["--homes", str(root), "--out", str(out)]) == 0
    assert float(by_student(out / "gradebook.csv")["ayesha"]["total"]) == FULL
    assert read_csv(out / "moodle.csv")[1][2] == "ayesha"  # Username: the hub user
