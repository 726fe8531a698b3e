"""The LMS import files (write.canvas, write.moodle) checked against the rules Canvas and Moodle document.

Canvas gradebook import (CSV) — rules from Canvas's guide "How do I import grades in the Gradebook?"
(https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807)
as restated by a university's Canvas guide we read
(https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):
  C1. The header starts with Student, ID, SIS User ID, SIS Login ID, Section, in that order.
  C2. Every column after them is an assignment; an unknown name creates a new assignment.
  C3. An optional second row whose first cell is "Points Possible" gives each assignment's points.
  C4. Students are matched on ID (the Canvas user id), else SIS User ID / SIS Login ID.
  C5. A score is a number; an empty cell leaves the gradebook as it is.
Canvas "Download Submissions" names each file lastfirst[_LATE]_<userid>_<attachmentid>_<file>.

Moodle grade import (CSV) — https://docs.moodle.org/en/Grade_import:
  M1. The first row names the columns; one row per user, no other rows.
  M2. Users are identified by mapping one column to email address, ID number or username (userid,
      useridnumber, useremail, username in grade/import/csv/classes/load_data.php), so every row must
      carry one of them.
  M3. Grade columns hold numbers (empty: no grade).
Moodle "Download all submissions" (mod/assign/classes/downloader.php in moodle/moodle): folders named
<Full Name>_<participantid>_assignsubmission_file/, or flat files ..._assignsubmission_file_<file>.
"""

from __future__ import annotations

import csv
import zipfile

import pytest
from exercise_helpers import solution_namespace

from pakru.corpus import load
from pakru.exercises.session import Exercise
from pakru.exercises.tasks import load_specs
from pakru.gradebook import cli
from pakru.progress import Store

EX = "02_thaw_2003"
FULL = sum(t.max_score for t in load_specs()[EX].tasks if t.max_score is not None)


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_canvas_rules(path, assignments):
    table = rows(path)
    assert table[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]  # C1
    assert table[0][5:] == assignments  # C2
    assert table[1][0] == "Points Possible" and all(is_number(c) for c in table[1][5:])  # C3
    for row in table[2:]:
        assert len(row) == len(table[0])
        assert row[1] or row[2] or row[3], row  # C4
        assert all(c == "" or is_number(c) for c in row[5:]), row  # C5
    return table


def assert_moodle_rules(path):
    table = rows(path)
    header = table[0]
    assert "Email address" in header and "ID number" in header and "Username" in header  # M1, M2
    email, number, username = header.index("Email address"), header.index("ID number"), header.index("Username")
    grades = [i for i, h in enumerate(header) if h.startswith("pakru ")]
    assert grades
    for row in table[1:]:
        assert len(row) == len(header)
        assert row[email] or row[number] or row[username], row  # M2
        assert all(row[i] == "" or is_number(row[i]) for i in grades), row  # M3
    return table


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Three learners' real progress files: two solved everything, one got q4 wrong."""
    tmp = tmp_path_factory.mktemp("work")
    corpus, solution = load(), solution_namespace(EX)
    paths = {}
    for learner, namespace in (("ayesha", solution), ("bilal", dict(solution, gap_voa=31, gap_latimes=1)),
                               ("ghost", solution)):
        store = Store(tmp, learner=learner)
        ex = Exercise(EX, namespace=dict(namespace), corpus=corpus, store=store)
        for task in ex.spec.tasks:
            ex.check(task.id)
        paths[learner] = store.path
    return paths


def test_canvas_import_follows_canvas_rules_with_a_roster(results, tmp_path):
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(results["ayesha"], "khanayesha_1001_9001_pakru-results.json")
        z.write(results["bilal"], "ahmedbilal_LATE_1002_9002_pakru-results.json")
        z.write(results["ghost"], "ghostx_1009_9009_pakru-results.json")  # not in the roster
    roster = tmp_path / "export.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Essay (77)\n"
                      "    Points Possible,,,,,10\n"
                      '"Khan, Ayesha",1001,S-1,akhan,History 101,8\n'
                      '"Ahmed, Bilal",1002,S-2,bahmed,History 101,\n'
                      '"=cmd|calc, Zara",1003,S-3,zara,History 101,\n'
                      '"Student, Test",999,,,History 101,\n', encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main([str(archive), "--lms", "canvas", "--roster", str(roster), "--out", str(out)]) == 0
    table = assert_canvas_rules(out / "canvas.csv", ["pakru The 2003 thaw — two reports of one visit"])
    assert table[1][5] == f"{FULL:g}"
    got = {r[1]: (r[0], r[2], r[3], r[4], r[5]) for r in table[2:]}
    assert got == {"1001": ("Khan, Ayesha", "S-1", "akhan", "History 101", f"{FULL:g}"),
                   "1002": ("Ahmed, Bilal", "S-2", "bahmed", "History 101", f"{FULL - 2:g}"),
                   "1003": ("'=cmd|calc, Zara", "S-3", "zara", "History 101", "")}  # nothing handed in: blank
    assert "ghostx: not in the roster" in (out / "problems.txt").read_text("utf-8")


def test_moodle_import_follows_moodle_rules(results, tmp_path):
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(results["ayesha"], "Ayesha Khan_501_assignsubmission_file/pakru-results.json")
        z.write(results["bilal"], "Bilal Ahmed_502_assignsubmission_file_pakru-results.json")
        z.writestr("Bilal Ahmed_502_assignsubmission_onlinetext/onlinetext.html", "<p>see file</p>")
    roster = tmp_path / "grades.csv"
    roster.write_text("First name,Last name,ID number,Institution,Department,Email address\n"
                      "Ayesha,Khan,20231,,,ayesha@example.edu\n"
                      "Bilal,Ahmed,,,,bilal@example.edu\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main([str(archive), "--lms", "moodle", "--roster", str(roster), "--out", str(out)]) == 0
    table = assert_moodle_rules(out / "moodle.csv")
    got = {r[0]: (r[1], r[-1]) for r in table[1:]}
    assert got == {"ayesha@example.edu": ("20231", f"{FULL:g}"), "bilal@example.edu": ("", f"{FULL - 2:g}")}


def test_moodle_without_a_roster_says_what_is_missing(results, tmp_path, capsys):
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(results["ayesha"], "Ayesha Khan_501_assignsubmission_file/pakru-results.json")
    assert cli.main([str(archive), "--lms", "moodle", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "carry nothing Moodle matches on (email, ID number or username): pass --roster" in err
    assert "moodle.csv would import nothing" in err
    assert not (tmp_path / "o" / "moodle.csv").exists()


def test_a_roster_without_identifiers_is_refused_in_one_line(results, tmp_path):
    roster = tmp_path / "names.csv"
    roster.write_text("name\nAyesha\n", encoding="utf-8")
    from pakru.__main__ import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ayesha.json").write_bytes(results["ayesha"].read_bytes())
    assert main(["gradebook", str(folder), "--lms", "canvas", "--roster", str(roster)]) == 1
