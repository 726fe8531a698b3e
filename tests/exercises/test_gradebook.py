"""The gradebook re-grades what learners did (real check() calls, real progress files) and trusts no verdict."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from exercise_helpers import EXERCISES, solution_namespace

from pakru.corpus import load
from pakru.exercises import gradebook, snapshot
from pakru.exercises.session import Exercise
from pakru.progress import CSV_COLUMNS, Store, export_csv

SPECS = gradebook.load_specs()
EX = "02_thaw_2003"
MAX = {t.id: t.max_score for t in SPECS[EX].tasks if t.max_score is not None}
FULL = sum(MAX.values())


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.fixture(scope="module")
def solution():
    return solution_namespace(EX)


def work(tmp_path, corpus, learner, namespace, exercise=EX) -> Store:
    """A learner checks every task of an exercise through the real checker; their store on disk."""
    store = Store(tmp_path / "stores", learner=learner)
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


@pytest.mark.parametrize("exercise", EXERCISES)
def test_regrading_a_snapshot_gives_what_check_gave(exercise, tmp_path, corpus):
    # Every task of every exercise, solved: the score re-computed from the saved snapshot equals check()'s.
    namespace = solution_namespace(exercise)
    store = work(tmp_path, corpus, "amna", namespace, exercise)
    judge = gradebook.Judge(SPECS)
    judge._corpus = corpus
    spec = SPECS[exercise]
    records = store.latest(exercise)
    for task in spec.tasks:
        if task.max_score is None:
            continue
        record = records[(exercise, task.id)]
        points, _ = judge.exercise(spec, task, record.answer)
        assert points == record.score == task.max_score, (exercise, task.id)


def test_a_wrong_answer_regrades_to_what_check_said(tmp_path, corpus, solution):
    wrong = dict(solution, gap_voa=31, latimes_outcomes=["latimes-2003 ¶1", "latimes-2003 ¶2"],
                 musharraf_quotes=solution["musharraf_quotes"].iloc[:-1])
    store = work(tmp_path, corpus, "bilal", wrong)
    judge = gradebook.Judge(SPECS)
    judge._corpus = corpus
    for (_, question), record in store.latest(EX).items():
        task = SPECS[EX].task(question)
        if task.max_score is not None:
            assert judge.exercise(SPECS[EX], task, record.answer)[0] == record.score, question
    assert store.latest(EX)[(EX, "q4")].score < MAX["q4"]


def test_snapshot_restores_what_each_rule_reads():
    import pandas as pd
    from matplotlib.figure import Figure

    table = pd.DataFrame({"doc_id": ["voa-2003"] * 3, "paragraph": [1, 2, 3], "text": ["a", "b", "c"]})
    back = snapshot.restore(snapshot.capture(table, ["doc_id", "paragraph"]))
    assert list(back.columns) == ["doc_id", "paragraph", "text"]
    assert back[["doc_id", "paragraph"]].values.tolist() == table[["doc_id", "paragraph"]].values.tolist()
    series = pd.Series({"voa-2003": 4, "toi-2018": 2})
    assert snapshot.restore(snapshot.capture(series)).to_dict() == {"voa-2003": 4, "toi-2018": 2}
    fig = Figure()
    ax = fig.add_subplot()
    ax.bar(["India", "US"], [1, 2])
    ax.set_title("t")
    ax.set_xlabel("x")
    back = snapshot.restore(snapshot.capture(fig))
    assert back.axes[0].get_title() == "t" and back.axes[0].get_ylabel() == ""
    assert {"India", "US"} <= {t.get_text() for t in back.axes[0].get_xticklabels()}
    assert snapshot.restore(snapshot.capture((1, "b"))) == (1, "b")
    with pytest.raises(snapshot.Unrestorable):
        snapshot.restore(snapshot.capture("x" * (snapshot.MAX_TEXT + 1)))
    assert snapshot.capture(pd.DataFrame({"a": range(snapshot.MAX_ROWS + 5)}), ["a"])["cut"] is True


def forge(path, learner=None, **changes):
    """Edit a progress file as a learner could: every record claims full marks (or other changes)."""
    data = json.loads(path.read_text("utf-8"))
    for record in data["records"]:
        record.update({"correct": True, "score": record["max_score"]} if not changes else changes)
        if learner:
            record["learner"] = learner
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="module")
def class_zip(tmp_path_factory, corpus, solution):
    """A Canvas bulk download: a full solution, a wrong one, a forged one, a quiz, a hostile notebook, junk."""
    tmp = tmp_path_factory.mktemp("canvas")
    good = work(tmp, corpus, "ayesha", solution)
    wrong = dict(solution, gap_voa=31, gap_latimes=1, meeting_date="2003-02-06")
    partial = work(tmp, corpus, "bilal", wrong)
    forged = work(tmp, corpus, "chen", wrong)
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
    assert gradebook.main([str(class_zip), "--lms", "canvas", "--out", str(out)]) == 0
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
    assert gradebook.main([str(class_zip), "--lms", "canvas", "--quizzes", "--out", str(out)]) == 0
    header = read_csv(out / "canvas.csv")[0]
    assert header[-1] == f"pakru quiz {EX} (questions right)"


def homes(tmp_path, corpus, solution):
    root = tmp_path / "home"
    for user, namespace in (("ayesha", solution), ("bilal", dict(solution, gap_voa=31))):
        store = Store(root / user / gradebook.PROGRESS_IN_HOME, learner=user)
        ex = Exercise(EX, namespace=dict(namespace), corpus=corpus, store=store)
        for task in ex.spec.tasks:
            ex.check(task.id)
    return root


def test_homes_on_a_hub_and_a_record_written_into_another_learners_store(tmp_path, corpus, solution):
    root = homes(tmp_path, corpus, solution)
    # bilal (on a hub where servers share one OS user) writes "his" full marks into ayesha's store
    intruder = Store(root / "ayesha" / gradebook.PROGRESS_IN_HOME, learner="bilal")
    intruder.record(EX, "q4", kind="exercise", answer={"shown": "x", "given": {"variables": {}}}, correct=True,
                    score=MAX["q4"], max_score=MAX["q4"])
    (root / "chen").mkdir()
    out = tmp_path / "out"
    assert gradebook.main(["--homes", str(root), "--lms", "canvas", "--out", str(out)]) == 0
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
    store = work(tmp_path / "a", corpus, "=HYPERLINK(1)", solution)
    (root / "=HYPERLINK(1)").mkdir(parents=True)
    export_csv(root / "=HYPERLINK(1)" / "results.csv", store)
    dup = work(tmp_path / "b", corpus, "dup", solution)
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
    assert gradebook.main([str(root), "--out", str(out)]) == 0
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
    assert gradebook.main([str(class_zip), "--lms", "canvas", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    for task in ("q2", "q4", "q5"):
        assert f"note: {EX}:{task}:" in out and "without solving" in out
    assert f"note: {EX}:q1:" not in out  # computed from the corpus at check time
    assert f"note: {EX}:q3:" not in out  # paragraphs judged by evidence words in their text, not hashes


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("plain", "plain"), (2.0, "2"), (None, ""),
])
def test_every_formula_start_is_neutralised(value, expected):
    assert gradebook.cell(value) == expected


def test_command_line_errors_are_one_line(tmp_path, class_zip):
    from pakru.__main__ import main

    assert main(["gradebook", str(class_zip)]) == 2  # an archive needs --lms
    assert main(["gradebook", str(tmp_path / "nothing")]) == 1
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    assert main(["gradebook", str(bad), "--lms", "moodle"]) == 1


DEFENSIBLE = yaml.safe_load((Path(__file__).parent / "fixtures" / "defensible.yaml").read_text("utf-8"))
ALTERNATIVES = [(e, t, n, a) for e, tasks in DEFENSIBLE.items() for t, answers in tasks.items()
                for n, a in enumerate(answers)]


@pytest.mark.parametrize(("exercise", "task", "n", "answer"), ALTERNATIVES,
                         ids=[f"{e}-{t}-{n}" for e, t, n, _ in ALTERNATIVES])
def test_every_defensible_answer_regrades_to_what_check_gave(exercise, task, n, answer, tmp_path, corpus):
    # the snapshot keeps what every rule reads, for the alternatives the checks accept too
    import pandas as pd

    namespace = {"pd": pd, **solution_namespace(exercise)}
    for name, expression in answer.items():
        namespace[name] = eval(expression, namespace)  # noqa: S307 - our own fixture, not a submission
    store = Store(tmp_path / "s", learner="amna")
    result = Exercise(exercise, namespace=namespace, corpus=corpus, store=store).check(task)
    record = store.latest(exercise)[(exercise, task)]
    judge = gradebook.Judge(SPECS)
    judge._corpus = corpus
    spec = SPECS[exercise]
    assert judge.exercise(spec, spec.task(task), record.answer)[0] == result.score == result.max_score


def test_points_per_check_are_reported(class_zip, tmp_path):
    assert gradebook.main([str(class_zip), "--lms", "canvas", "--out", str(tmp_path / "o")]) == 0
    rows = read_csv(tmp_path / "o" / "checks.csv")
    assert rows[0] == ["student", "task", "check", "type", "variable", "points", "out of"]
    q4 = {(r[0], r[4]): r[5] for r in rows[1:] if r[1] == f"{EX}:q4"}
    # ahmedbilal gave wrong gaps for both variables; khanayesha both right (one point each, from the task file)
    assert q4 == {("ahmedbilal", "gap_voa"): "0", ("ahmedbilal", "gap_latimes"): "0",
                  ("khanayesha", "gap_voa"): "1", ("khanayesha", "gap_latimes"): "1",
                  ("liuchen", "gap_voa"): "0", ("liuchen", "gap_latimes"): "0"}
