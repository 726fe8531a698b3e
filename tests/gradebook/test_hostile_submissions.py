"""Issue #19: no learner-controlled file makes the gradebook hang, run out of memory, run code, print a
traceback or write a control character to the terminal; and no copied or renamed file earns marks unseen.

Every learner file here is made the real way (``check()`` into a real store) and then changed as a
learner could change it; the gradebook runs as the instructor runs it (``cli.main`` or ``python -m pakru``).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path

from gradebook_helpers import EX, FULL, by_student, read_csv, work

from pakru.gradebook import cli
from pakru.gradebook.config import progress_in_home
from pakru.progress import Store, export_csv

LIB = Path(__file__).parents[2] / "lib"


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging: SIGALRM interrupts a blocked open() or a long loop in this process."""
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def renamed(path: Path, learner: str, target: Path) -> Path:
    """A classmate's progress file with only ``learner`` changed (session, hub_user, timestamps kept)."""
    data = json.loads(path.read_text("utf-8"))
    data["learner"] = learner
    for record in data["records"]:
        record["learner"] = learner
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


# -- copied and renamed submissions ----------------------------------------------------------------------------------
def test_a_classmates_file_with_only_the_learner_renamed_earns_nothing(tmp_path, corpus, solution, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "ayesha")  # her kernel ran on the hub
    store = work(tmp_path / "stores", corpus, "ayesha", solution)
    monkeypatch.delenv("JUPYTERHUB_USER")
    root = tmp_path / "in"
    (root / "ayesha").mkdir(parents=True)
    shutil.copy(store.path, root / "ayesha" / "results.json")
    renamed(store.path, "bilal", root / "bilal" / "results.json")
    out = tmp_path / "out"
    assert cli.main([str(root), "--out", str(out)]) == 0
    detail = by_student(out / "gradebook.csv")
    assert float(detail["bilal"]["total"]) == 0
    assert float(detail["ayesha"]["total"]) == FULL  # her hub user is on every record: the file is hers
    review = [r for r in read_csv(out / "review.csv")[1:] if r[0] == "bilal"]
    assert review and all("not counted" in r[3] for r in review), review


def test_a_folder_named_by_the_instructor_keeps_its_students_hub_records(tmp_path, corpus, solution, monkeypatch):
    # honest: the folder is the student's name, the records her learner name, the hub user her account
    monkeypatch.setenv("JUPYTERHUB_USER", "akhan")
    store = work(tmp_path / "stores", corpus, "Ayesha Khan", solution)
    root = tmp_path / "in"
    (root / "Ayesha Khan").mkdir(parents=True)
    shutil.copy(store.path, root / "Ayesha Khan" / "results.json")
    out = tmp_path / "out"
    assert cli.main([str(root), "--out", str(out)]) == 0
    assert float(by_student(out / "gradebook.csv")["Ayesha Khan"]["total"]) == FULL
    assert read_csv(out / "review.csv")[1:] == []


def test_one_file_under_two_owners_off_a_hub_earns_nothing_for_either(tmp_path, corpus, solution):
    store = work(tmp_path / "stores", corpus, "ayesha", solution)
    root = tmp_path / "in"
    (root / "ayesha").mkdir(parents=True)
    shutil.copy(store.path, root / "ayesha" / "results.json")
    renamed(store.path, "bilal", root / "bilal" / "results.json")
    out = tmp_path / "out"
    assert cli.main([str(root), "--out", str(out)]) == 0
    detail = by_student(out / "gradebook.csv")
    assert float(detail["bilal"]["total"]) == float(detail["ayesha"]["total"]) == 0
    review = read_csv(out / "review.csv")[1:]
    assert any("ayesha" in r[0] and "bilal" in r[0] and "session" in r[3] for r in review), review


def test_a_canvas_submission_of_another_students_records_earns_nothing(tmp_path, corpus, solution):
    store = work(tmp_path / "stores", corpus, "ayesha", solution)
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(store.path, "khanayesha_1001_5001_pakru-results.json")
        z.write(store.path, "ahmedbilal_1002_5002_pakru-results.json")
        z.write(work(tmp_path / "stores", corpus, "chen", solution).path, "liuchen_1003_5003_pakru-results.json")
    out = tmp_path / "out"
    assert cli.main([str(archive), "--lms", "canvas", "--out", str(out)]) == 0
    grades = {r[1]: r[5:] for r in read_csv(out / "canvas.csv")[2:]}
    assert not any(grades["1002"])  # nothing counted: the import leaves the LMS as it is until the instructor decides
    assert any("ahmedbilal" in r[0] for r in read_csv(out / "review.csv")[1:])


def test_a_non_latin_folder_does_not_take_another_non_latin_learners_records(tmp_path, corpus, solution):
    store = work(tmp_path / "stores", corpus, "王芳", solution)
    root = tmp_path / "in"
    (root / "Зоя").mkdir(parents=True)
    shutil.copy(store.path, root / "Зоя" / "results.json")
    out = tmp_path / "out"
    assert cli.main([str(root), "--out", str(out)]) == 0
    assert float(by_student(out / "gradebook.csv")["Зоя"]["total"]) == 0
    assert any(r[0] == "Зоя" and "'王芳'" in r[3] for r in read_csv(out / "review.csv")[1:])


# -- files as spreadsheets and file systems leave them ---------------------------------------------------------------
def test_a_results_csv_saved_by_a_spreadsheet_keeps_a_right_false_answer_right(tmp_path):
    store = Store(tmp_path / "stores", learner="ayesha")
    store.record("00_start_here", "latimes-dated", kind="quiz", answer=False, correct=True)
    exported = export_csv(tmp_path / "export.csv", store)
    with open(exported, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    root = tmp_path / "in"
    (root / "ayesha").mkdir(parents=True)
    with open(root / "ayesha" / "results.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[c.upper() if c.lower() in ("true", "false") else c for c in row]
                                      for row in rows])  # what LibreOffice and Excel write back
    assert "FALSE" in (root / "ayesha" / "results.csv").read_text("utf-8")
    out = tmp_path / "out"
    assert cli.main([str(root), "--out", str(out)]) == 0
    assert by_student(out / "quizzes.csv")["ayesha"]["00_start_here right"] == "1"
    assert read_csv(out / "review.csv")[1:] == []


def home_store(root: Path, user: str) -> Path:
    return root / user / progress_in_home()


def test_marks_from_a_file_anyone_could_write_are_named(tmp_path, corpus, solution):
    root = tmp_path / "home"
    store = work(home_store(root, "ayesha"), corpus, "ayesha", solution)
    os.chmod(store.path, 0o666)
    out = tmp_path / "out"
    assert cli.main(["--homes", str(root), "--out", str(out)]) == 0
    rows = [r for r in read_csv(out / "review.csv")[1:] if r[0] == "ayesha"]
    assert rows and all(store.path.name in r[1] and "anyone" in r[3] for r in rows), rows
    assert f"{EX}:q4" in " ".join(r[3] for r in rows)  # which marks rest on it


def test_marks_from_a_folder_anyone_could_write_are_named(tmp_path, corpus, solution):
    root = tmp_path / "home"
    store = work(home_store(root, "ayesha"), corpus, "ayesha", solution)
    os.chmod(store.path.parent, 0o777)  # anyone may replace the file (no sticky bit)
    out = tmp_path / "out"
    assert cli.main(["--homes", str(root), "--out", str(out)]) == 0
    rows = [r for r in read_csv(out / "review.csv")[1:] if r[0] == "ayesha"]
    assert rows and all("folder is writable by anyone (mode 0777)" in r[3] for r in rows), rows
    os.chmod(store.path.parent, 0o1777)  # sticky: only the file's owner may replace it
    assert cli.main(["--homes", str(root), "--out", str(out)]) == 0
    assert read_csv(out / "review.csv")[1:] == []


def test_a_fifo_in_a_learners_store_does_not_block_the_gradebook(tmp_path, corpus, solution, capsys):
    root = tmp_path / "home"
    work(home_store(root, "ayesha"), corpus, "ayesha", solution)
    (home_store(root, "bilal") / "x").mkdir(parents=True)
    os.mkfifo(home_store(root, "bilal") / "x" / "s1.json")
    with deadline(60):
        assert cli.main(["--homes", str(root), "--out", str(tmp_path / "out")]) == 0
    assert "s1.json: not a regular file; skipped" in capsys.readouterr().err


def test_a_link_to_dev_zero_is_not_read(tmp_path, corpus, solution):
    root = tmp_path / "home"
    work(home_store(root, "ayesha"), corpus, "ayesha", solution)
    (home_store(root, "bilal") / "x").mkdir(parents=True)
    (home_store(root, "bilal") / "x" / "s1.json").symlink_to("/dev/zero")
    (home_store(root, "chen") / "x").mkdir(parents=True)
    (home_store(root, "chen") / "x" / "s1.json").symlink_to(work(tmp_path / "elsewhere", corpus, "chen",
                                                                 solution).path)

    def limit():  # reading /dev/zero whole would take all memory: stop at 3 GB of address space
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    with deadline(120):
        done = subprocess.run([sys.executable, "-m", "pakru", "gradebook", "--homes", str(root), "--out",
                               str(tmp_path / "out")], capture_output=True, text=True, timeout=110,
                              env={**os.environ, "PYTHONPATH": str(LIB)}, preexec_fn=limit)
    assert done.returncode == 0, done.stderr
    assert "bilal/.local/share/pakru/progress/x/s1.json: a link; skipped" in done.stderr
    assert "chen/.local/share/pakru/progress/x/s1.json: a link; skipped" in done.stderr  # leads out of the home
    assert "Traceback" not in done.stderr


def test_a_figure_snapshot_claiming_a_billion_marks_does_not_hang(tmp_path):
    figure = {"type": "figure", "title": "t", "xlabel": "", "ylabel": "", "marks": 10**9, "labels": ["India"]}
    record = {"learner": "ayesha", "activity": "05_corpus_as_data", "question": "q4", "kind": "exercise",
              "answer": {"shown": "figure", "given": {"format": "pakru-snapshot/1",
                                                      "variables": {"mentions_figure": figure}}},
              "correct": True, "attempts": 1, "score": 2.0, "max_score": 2.0,
              "timestamp": "2026-03-01T10:00:00.000000Z", "hub_user": None, "session": "s"}
    root = tmp_path / "in"
    root.mkdir()
    (root / "ayesha.json").write_text(json.dumps({"format": "pakru-progress/1", "records": [record]}), "utf-8")
    out = tmp_path / "out"
    with deadline(60):
        assert cli.main([str(root), "--out", str(out)]) == 0
    assert any("cannot be re-graded" in r[3] for r in read_csv(out / "review.csv")[1:])


# -- archives with broken members ------------------------------------------------------------------------------------
def patched_zip(path: Path, members: dict[str, bytes], damage: dict[str, str]) -> Path:
    """A zip whose members named in ``damage`` are broken as a damaged download or a hostile hand-in is."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data, zipfile.ZIP_STORED if damage.get(name) == "crc" else zipfile.ZIP_DEFLATED)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        infos = {i.filename: i for i in z.infolist()}
    for name, how in damage.items():
        info = infos[name]
        local = info.header_offset
        start = local + 30 + int.from_bytes(raw[local + 26:local + 28], "little") + \
            int.from_bytes(raw[local + 28:local + 30], "little")
        central = raw.index(b"PK\x01\x02", raw.index(name.encode(), start + info.compress_size) - 46)
        if how == "crc":
            raw[start] ^= 0xFF
        elif how == "deflate":
            raw[start:start + info.compress_size] = b"\xff" * info.compress_size
        elif how == "encrypted":
            raw[local + 6] |= 1
            raw[central + 8] |= 1
        elif how == "method":
            raw[local + 8:local + 10] = (99).to_bytes(2, "little")
            raw[central + 10:central + 12] = (99).to_bytes(2, "little")
    path.write_bytes(bytes(raw))
    return path


def test_an_archive_with_broken_members_grades_the_rest(tmp_path, corpus, solution, capsys):
    good = work(tmp_path / "stores", corpus, "ayesha", solution).path.read_bytes()
    names = {"crc": "bcrc_1002_1_r.json", "deflate": "cdeflate_1003_1_r.json", "encrypted": "dlocked_1004_1_r.json",
             "method": "emethod_1005_1_r.json"}
    members = {"khanayesha_1001_1_r.json": good, **{n: good for n in names.values()}}
    archive = patched_zip(tmp_path / "c.zip", members, {n: how for how, n in names.items()})
    out = tmp_path / "out"
    assert cli.main([str(archive), "--lms", "canvas", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    for name in names.values():
        assert f"{name}: cannot be read" in err, (name, err)
    assert "Traceback" not in err
    assert float(by_student(out / "gradebook.csv")["khanayesha"]["total"]) == FULL


# -- what reaches the instructor's terminal --------------------------------------------------------------------------
def test_control_characters_in_names_and_records_are_made_visible(tmp_path, capsys):
    root = tmp_path / "in"
    hostile = "\x1b]0;owned\x07\x1b[31mRED"
    (root / hostile).mkdir(parents=True)
    (root / hostile / "notes.txt").write_text("x", "utf-8")
    (root / "eve").mkdir()
    (root / "eve" / "x\n⚠ fake line.json").write_text("{", "utf-8")
    store = Store(tmp_path / "stores", learner="eve")
    store.record("\x1b[2Jwipe\nforged", "q1", kind="exercise", answer="x")
    shutil.copy(store.path, root / "eve" / "results.json")
    out = tmp_path / "out"
    assert cli.main([str(root), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    problems = (out / "problems.txt").read_text("utf-8")
    for text in (captured.err, captured.out, problems):
        assert "\x1b" not in text and "\x07" not in text
    assert not any(line.startswith("⚠ fake line") for line in problems.splitlines() + captured.err.splitlines())
    assert "\\x1b]0;owned\\x07\\x1b[31mRED" in captured.err


def test_a_quiz_record_naming_a_bank_file_of_its_own_is_not_graded_against_it(tmp_path):
    # the record's activity is learner text: as a path, the learner's own bank (with their answer "right")
    # or /dev/zero would be loaded; only the course's banks, by id, are graded against
    from pakru.quiz import QUIZZES_DIR

    bank = tmp_path / "mine" / "00_start_here.yaml"
    bank.parent.mkdir()
    text = (QUIZZES_DIR / "00_start_here.yaml").read_text("utf-8")
    start = text.index("- id: latimes-dated")
    bank.write_text(text[:start] + text[start:].replace("answer: false", "answer: true", 1), "utf-8")
    store = Store(tmp_path / "stores", learner="ayesha")
    store.record(str(bank), "latimes-dated", kind="quiz", answer=True, correct=True)
    store.record("/dev/zero", "q1", kind="quiz", answer=True, correct=True)
    root = tmp_path / "in"
    (root / "ayesha").mkdir(parents=True)
    shutil.copy(store.path, root / "ayesha" / "results.json")
    out = tmp_path / "out"
    with deadline(60):
        assert cli.main([str(root), "--out", str(out)]) == 0
    assert read_csv(out / "quizzes.csv") == [["student"], ["ayesha"]]  # no bank graded, nothing right
    assert "is not a question of the course's banks; ignored" in (out / "problems.txt").read_text("utf-8")


def test_a_canvas_submission_saved_by_another_hub_user_than_the_roster_says_earns_nothing(tmp_path, corpus,
                                                                                           solution, monkeypatch):
    # ayesha never handed in; bilal uploads her results file. The roster's SIS Login ID is the hub user.
    monkeypatch.setenv("JUPYTERHUB_USER", "akhan")
    store = work(tmp_path / "stores", corpus, "ayesha", solution)
    monkeypatch.delenv("JUPYTERHUB_USER")
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(store.path, "ahmedbilal_1002_5002_pakru-results.json")
        z.write(work(tmp_path / "stores", corpus, "chen", solution).path, "liuchen_1003_5003_pakru-results.json")
    roster = tmp_path / "export.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section\n"
                      '"Khan, Ayesha",1001,S-1,akhan,A\n"Ahmed, Bilal",1002,S-2,bahmed,A\n"Liu, Chen",1003,S-3,,A\n',
                      encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main([str(archive), "--lms", "canvas", "--roster", str(roster), "--out", str(out)]) == 0
    grades = {r[1]: r[5:] for r in read_csv(out / "canvas.csv")[2:]}
    assert not any(grades["1002"]) and grades["1003"] == [f"{FULL:g}"]
    assert any(r[0] == "ahmedbilal" and "saved on the hub by user 'akhan'" in r[3]
               for r in read_csv(out / "review.csv")[1:])
