"""Issue #20: import files that land in the existing assignment, and a review that means something.

Canvas matches an import column to an assignment by ``Name (assignment id)``, as its own gradebook
export titles them (e.g. "Quiz 1 (87568490)"; https://nemogb-dev.github.io/nemogb-r/articles/detailed-canvas-export-info.html);
a column without the id creates a new assignment (OSU's Canvas guide: "New assignment columns in the
Gradebook generate new assignments"). Moodle's grade import maps users by user id, ID number, email
address or username (grade/import/csv/classes/load_data.php in moodle/moodle: userid, useridnumber,
useremail, username).
"""

from __future__ import annotations

import json

import pytest
from gradebook_helpers import EX, FULL, SPECS, read_csv, work

from pakru.exercises.release import release
from pakru.gradebook import cli
from pakru.gradebook.config import progress_in_home
from pakru.paths import PROJECT_ROOT

TITLE = f"pakru {SPECS[EX].title}"


@pytest.fixture(scope="module")
def student_edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "edition"
    release(out, PROJECT_ROOT)
    return out / "exercises" / "tasks"


def edition_work(root, corpus, learner, namespace, tasks):
    """A learner runs check() on every task in the student edition (hashes withheld), on the hub."""
    from pakru.exercises.session import Exercise
    from pakru.progress import Store

    store = Store(root / learner / progress_in_home(), learner=learner)
    ex = Exercise(EX, namespace=dict(namespace), corpus=corpus, store=store, tasks_dir=tasks)
    for task in ex.spec.tasks:
        ex.check(task.id)
    return store


@pytest.fixture(scope="module")
def honest_homes(tmp_path_factory, corpus, solution, student_edition):
    root = tmp_path_factory.mktemp("homes") / "home"
    wrong = dict(solution, gap_voa=31)
    for n in range(3):
        edition_work(root, corpus, f"learner{n:02d}", solution if n != 1 else wrong, student_edition)
    return root


def test_an_honest_class_in_the_student_edition_gives_no_review_rows(honest_homes, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["--homes", str(honest_homes), "--out", str(out)]) == 0
    assert read_csv(out / "review.csv")[1:] == []
    said = capsys.readouterr().out
    assert "re-graded from the instructors' copy" in said  # one summary line, not one row per answer
    assert sum("instructors' copy" in line for line in said.splitlines()) == 1
    totals = {r[0]: float(r[-2]) for r in read_csv(out / "gradebook.csv")[1:]}
    assert totals["learner00"] == FULL and totals["learner01"] < FULL


def test_a_forged_score_in_the_student_edition_still_gives_a_review_row(honest_homes, tmp_path):
    root = tmp_path / "home"
    import shutil

    shutil.copytree(honest_homes, root)
    (path,) = (root / "learner01" / progress_in_home()).rglob("*.json")
    data = json.loads(path.read_text("utf-8"))
    for record in data["records"]:
        if record["question"] == "q4":
            record.update(score=record["max_score"], correct=True)
    path.write_text(json.dumps(data), "utf-8")
    out = tmp_path / "out"
    assert cli.main(["--homes", str(root), "--out", str(out)]) == 0
    rows = read_csv(out / "review.csv")[1:]
    assert [(r[0], r[2]) for r in rows] == [("learner01", f"{EX}:q4")], rows


# -- Moodle ----------------------------------------------------------------------------------------------------------
def test_moodle_from_homes_matches_on_username_without_a_roster(tmp_path, corpus, solution):
    root = tmp_path / "home"
    for user in ("ayesha", "bilal"):
        work(root / user / progress_in_home(), corpus, user, solution)
    out = tmp_path / "out"
    assert cli.main(["--homes", str(root), "--lms", "moodle", "--out", str(out)]) == 0
    table = read_csv(out / "moodle.csv")
    username = table[0].index("Username")
    assert {r[username]: r[-1] for r in table[1:]} == {"ayesha": f"{FULL:g}", "bilal": f"{FULL:g}"}


def test_a_moodle_file_that_would_import_nothing_fails_in_one_line(tmp_path, corpus, solution, capsys):
    import zipfile

    store = work(tmp_path / "stores", corpus, "ayesha", solution)
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for n in range(3):
            z.write(store.path, f"Learner {n}_50{n}_assignsubmission_file/pakru-results.json")
    assert cli.main([str(archive), "--lms", "moodle", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert sum("moodle.csv" in line for line in err.splitlines()) == 1
    assert "would import nothing" in err and "--roster" in err


# -- Canvas ----------------------------------------------------------------------------------------------------------
def canvas_archive(tmp_path, corpus, solution):
    import zipfile

    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(work(tmp_path / "stores", corpus, "ayesha", solution).path, "khanayesha_1001_5001_r.json")
    return archive


def test_the_canvas_column_carries_the_assignment_id_from_the_gradebook_export(tmp_path, corpus, solution):
    export = tmp_path / "export.csv"
    export.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Essay (77),"
                      f"{SPECS[EX].title} (4242),Current Score\n"
                      "    Points Possible,,,,,10,13,(read only)\n"
                      '"Khan, Ayesha",1001,S-1,akhan,History 101,8,,\n', encoding="utf-8")
    out = tmp_path / "out"
    archive = canvas_archive(tmp_path, corpus, solution)
    assert cli.main([str(archive), "--lms", "canvas", "--canvas-export", str(export), "--out", str(out)]) == 0
    table = read_csv(out / "canvas.csv")
    assert table[0][5:] == [f"{SPECS[EX].title} (4242)"]  # Canvas's own name and id: the existing assignment
    assert table[2][:2] == ["Khan, Ayesha", "1001"] and table[2][5] == f"{FULL:g}"  # the export is the roster too


def test_an_explicit_assignment_id(tmp_path, corpus, solution):
    out = tmp_path / "out"
    archive = canvas_archive(tmp_path, corpus, solution)
    assert cli.main([str(archive), "--lms", "canvas", "--assignment-id", "4242", "--out", str(out)]) == 0
    assert read_csv(out / "canvas.csv")[0][5:] == [f"{TITLE} (4242)"]


def test_without_an_id_canvas_would_create_a_new_assignment_and_says_so(tmp_path, corpus, solution, capsys):
    assert cli.main([str(canvas_archive(tmp_path, corpus, solution)), "--lms", "canvas", "--out",
                     str(tmp_path / "out")]) == 0
    assert "Canvas will create a new assignment" in capsys.readouterr().err
