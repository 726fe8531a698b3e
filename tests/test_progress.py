"""The progress store under real failure: two writer processes, a killed writer, damaged files."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pakru.progress import FORMAT, Store, export_csv, main_export

WRITER = textwrap.dedent("""
    import sys
    from pakru.progress import Store
    root, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(root, "ayesha")
    print(store.path, flush=True)
    for i in range(count):
        store.record("bank", f"{name}-{i}", answer={"i": i}, correct=i % 2 == 0, attempts=1, score=1.0)
        store.record("bank", "shared", answer=f"{name}-{i}", correct=False, attempts=i + 1)
    print("done", flush=True)
""")


def run_writers(root: Path, names: list[str], count: int) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), name, str(count)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in names]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def test_record_then_read_back_in_a_new_session(tmp_path):
    first = Store(tmp_path, "ayesha")
    first.record("demo", "q1", answer="More than 30 years", correct=True, attempts=2, score=1)
    later = Store(tmp_path, "ayesha")
    [(key, rec)] = later.latest("demo").items()
    assert key == ("demo", "q1")
    assert (rec.answer, rec.correct, rec.attempts, rec.learner) == ("More than 30 years", True, 2, "ayesha")
    assert later.session != first.session


def test_file_format_follows_the_contract(tmp_path):
    store = Store(tmp_path, "bilal")
    store.record("demo", "q1", answer=[1, 2], correct=False, attempts=1)
    data = json.loads(store.path.read_text("utf-8"))
    assert data["format"] == FORMAT and data["learner"] == "bilal" and data["session"] == store.session
    assert store.path == tmp_path / "bilal" / f"{store.session}.json"
    assert set(data["records"][0]) == {"learner", "activity", "question", "kind", "answer", "correct", "attempts",
                                       "score", "max_score", "timestamp", "hub_user", "session"}
    assert data["records"][0]["session"] == store.session


def test_latest_answer_wins_across_sessions(tmp_path):
    old = Store(tmp_path, "c")
    old.record("demo", "q1", answer="first", correct=False, attempts=1)
    new = Store(tmp_path, "c")
    new.record("demo", "q1", answer="second", correct=True, attempts=2)
    old.record("demo", "q2", answer="x", correct=True)
    latest = Store(tmp_path, "c").latest()
    assert latest[("demo", "q1")].answer == "second"
    assert latest[("demo", "q2")].answer == "x"


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    count = 150
    results = run_writers(tmp_path, ["a", "b"], count)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    reader = Store(tmp_path, "ayesha")
    latest = reader.latest("bank")
    for name in ("a", "b"):
        for i in range(count):
            assert latest[("bank", f"{name}-{i}")].answer == {"i": i}
    assert latest[("bank", "shared")].answer in (f"a-{count - 1}", f"b-{count - 1}")
    assert reader.warnings == []
    assert len(list((tmp_path / "ayesha").glob("*.json"))) == 2
    assert list((tmp_path / "ayesha").glob(".*tmp")) == []


def test_reading_while_another_process_writes_never_fails(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "w", "400"],
                            stdout=subprocess.PIPE, text=True)
    reader = Store(tmp_path, "ayesha")
    before = 0
    while proc.poll() is None:
        latest = reader.latest()
        assert reader.warnings == []
        # each read is a state the writer passed through: records w-0 … w-(n-1), none missing or half-written,
        # "shared" naming the last or the one before (it is saved just after), and never fewer than a read before
        n = len(latest) - (("bank", "shared") in latest)
        assert {q for _, q in latest} - {"shared"} == {f"w-{i}" for i in range(n)}
        if ("bank", "shared") in latest:
            assert latest[("bank", "shared")].answer in (f"w-{n - 1}", f"w-{n - 2}")
        assert n >= before
        before = n
    proc.communicate(timeout=60)
    assert len(reader.latest()) == 401


def test_a_killed_writer_leaves_its_last_complete_file(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "k", "100000"],
                            stdout=subprocess.PIPE, text=True)
    path = Path(proc.stdout.readline().strip())
    while not path.exists():
        time.sleep(0.01)
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    reader = Store(tmp_path, "ayesha")
    latest = reader.latest("bank")
    assert reader.warnings == []
    assert len(latest) >= 2
    numbered = sorted(int(q.split("-")[1]) for (_, q) in latest if q != "shared")
    assert numbered == list(range(len(numbered)))  # every answer up to the last saved one is there


def test_a_truncated_file_is_moved_aside_with_a_warning(tmp_path):
    good = Store(tmp_path, "d")
    good.record("demo", "q1", answer="kept", correct=True)
    broken = tmp_path / "d" / "20260101T000000-1-deadbeef.json"
    text = json.dumps({"format": FORMAT, "learner": "d", "session": "x",
                       "records": [{"learner": "d", "activity": "demo", "question": "q2"}]})
    broken.write_text(text[: len(text) // 2], encoding="utf-8")
    reader = Store(tmp_path, "d")
    latest = reader.latest()
    assert latest[("demo", "q1")].answer == "kept"
    assert len(reader.warnings) == 1 and broken.name in reader.warnings[0] and "moved to" in reader.warnings[0]
    assert not broken.exists()
    [aside] = list((tmp_path / "d").glob("*.damaged-*"))
    assert aside.read_text("utf-8") == text[: len(text) // 2]  # kept for inspection, not deleted
    reader.record("demo", "q3", answer="new", correct=False)
    assert ("demo", "q3") in Store(tmp_path, "d").latest()


def test_wrong_shapes_are_damaged_files_too(tmp_path):
    folder = tmp_path / "e"
    folder.mkdir()
    (folder / "a.json").write_text("[1, 2]", encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({"format": FORMAT, "records": [{"learner": 1}]}), encoding="utf-8")
    (folder / "c.json").write_bytes(b"\xff\xfe not utf-8")
    (folder / "d.json").write_text(json.dumps({"format": FORMAT, "records": 5}), encoding="utf-8")
    reader = Store(tmp_path, "e")
    assert reader.latest() == {}
    assert len(reader.warnings) == 4


def test_export_csv_has_one_row_per_latest_answer(tmp_path):
    store = Store(tmp_path / "p", "f")
    store.record("demo", "q1", answer="a", correct=False, attempts=1)
    store.record("demo", "q1", answer="b", correct=True, attempts=2, score=1)
    store.record("demo", "q2", answer={"x": "1"}, correct=False, attempts=1)
    out = export_csv(tmp_path / "out" / "f.csv", store)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["question"], r["correct"], r["attempts"], json.loads(r["answer"])) for r in rows] == [
        ("q1", "True", "2", "b"), ("q2", "False", "1", {"x": "1"})]


def test_main_export_writes_the_file_and_says_where(tmp_path, capsys):
    from pakru.progress import default_store

    default_store().record("demo", "q1", answer="a", correct=True)
    target = tmp_path / "hand-in.csv"
    assert main_export(str(target)) == 0
    assert "wrote 1 answer of test-learner to" in capsys.readouterr().out
    assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == 1
    assert main_export(str(tmp_path)) == 1  # a folder, not a file
    assert "is a folder" in capsys.readouterr().err


def test_answers_that_cannot_be_saved_raise_before_writing(tmp_path):
    store = Store(tmp_path, "g")
    try:
        store.record("demo", "q1", answer=object())
    except TypeError:
        pass
    else:
        raise AssertionError("an unsaveable answer must raise")
    assert not store.path.exists()


# -- hardening: damaged files, forged records, Unicode names, orphans, identity ---------------------------------------
def good_record(**changes) -> dict:
    record = {"learner": "h", "activity": "demo", "question": "q1", "kind": "quiz", "answer": "a", "correct": True,
              "attempts": 1, "score": 1.0, "max_score": 1.0, "timestamp": "2026-01-05T10:00:00.000000Z"}
    return {**record, **changes}


def write_progress(path: Path, records, **top) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": FORMAT, "learner": "h", "session": path.stem, "records": records, **top}),
                    encoding="utf-8")
    return path


def test_a_file_without_records_or_nested_too_deep_is_moved_aside_and_later_loads_work(tmp_path):
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "no-records.json").write_text(json.dumps({"format": FORMAT, "learner": "h"}), encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (folder / "deep2.json").write_text('{"format": "pakru-progress/1", "records": [' + "[" * 500 + "]" * 500 + "]}",
                                       encoding="utf-8")
    write_progress(folder / "good.json", [good_record()])
    first = Store(tmp_path, "h")
    assert list(first.latest()) == [("demo", "q1")]
    assert len(first.warnings) == 3 and all("moved to" in w for w in first.warnings)
    assert any("no list of records" in w for w in first.warnings)
    assert sum("nested more than" in w for w in first.warnings) == 2
    later = Store(tmp_path, "h")
    assert list(later.latest()) == [("demo", "q1")] and later.warnings == []
    assert len(list(folder.glob("*.damaged-*"))) == 3


def test_every_field_of_a_record_is_checked_and_bad_records_are_left_out(tmp_path):
    bad = [good_record(question="q2", correct="yes"), good_record(question="q3", attempts="many"),
           good_record(question="q4", timestamp="9999-99-99T99:99:99.999999Z"),
           good_record(question="q5", timestamp="9999-12-31T23:59:59.999999Z"),  # real, but in the future
           good_record(question="q6", score=5.0), good_record(question="q7", max_score=1e12, score=1e12),
           good_record(question="q8", attempts=True), good_record(question="q9", score=float("nan")),
           good_record(question="q10", kind="exam"), good_record(question=""),
           good_record(question="q11", answer=json.loads("[" * 30 + "]" * 30)), "not an object",
           good_record(question="q12", hub_user=5)]
    write_progress(tmp_path / "h" / "forged.json", [good_record(), *bad])
    store = Store(tmp_path, "h")
    latest = store.latest()
    assert list(latest) == [("demo", "q1")]
    assert len(store.warnings) == len(bad)
    assert all("forged.json: record" in w and "left out" in w for w in store.warnings)
    assert any("correct must be true or false" in w for w in store.warnings)
    assert any("timestamp 9999-12-31T23:59:59.999999Z lies outside" in w for w in store.warnings)
    assert (tmp_path / "h" / "forged.json").exists()  # the file itself is kept as it is


def test_a_forged_record_cannot_win_the_merge_or_break_the_quiz(tmp_path):
    from pakru.quiz import show

    write_progress(tmp_path / "test-learner" / "forged.json",
                   [good_record(learner="test-learner", activity="demo", question="visit-gap", correct="yes",
                                attempts="many", timestamp="9999-99-99T99:99:99.999999Z")])
    quiz = show("demo", store=Store(tmp_path, "test-learner"))
    assert "record 1 left out" in quiz.warnings.value


def test_read_file_is_the_one_reader_and_says_why(tmp_path):
    from pakru.progress import DamagedFile, read_file

    path = write_progress(tmp_path / "x.json", [good_record(), good_record(question="q2", learner="other")])
    records, warnings = read_file(path)
    assert [r.question for r in records] == ["q1", "q2"] and warnings == []
    records, warnings = read_file(path, learner="h")
    assert [r.question for r in records] == ["q1"] and "another learner ('other')" in warnings[0]
    (tmp_path / "y.json").write_text("[" * 100_000, encoding="utf-8")
    try:
        read_file(tmp_path / "y.json")
    except DamagedFile as exc:
        assert str(exc).startswith("y.json: damaged file: nested more than")
    else:
        raise AssertionError("a deep file must be a DamagedFile")


NAMES = ["Зоя", "王芳", "李明", ".", "..", "Zoë", "Zoé", "ZOE", "zoe", "a" * 80 + "1", "a" * 80 + "2", "con",
         "x/../../etc"]


def test_learner_names_keep_their_own_folders(tmp_path):
    from pakru.progress import folder_name

    folders = {folder_name(name) for name in NAMES}
    assert len(folders) == len(NAMES)
    assert all(f not in (".", "..", "") and "/" not in f and len(f) <= 64 for f in folders)
    assert folder_name("Zoë").startswith("Zoe-") and folder_name("ayesha") == "ayesha"
    for name in NAMES:
        Store(tmp_path, name).record("demo", "q1", answer=name, correct=True)
    for name in NAMES:
        assert [r.answer for r in Store(tmp_path, name).latest().values()] == [name]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(folders)


def test_answers_saved_in_the_old_shared_folder_are_read_back_by_their_own_learner(tmp_path):
    """Before, "Zoë" and "Zoé" both wrote to Zo/; their answers are kept, each reading only its own."""
    write_progress(tmp_path / "Zo" / "old1.json", [good_record(learner="Zoë", answer="mine")])
    write_progress(tmp_path / "Zo" / "old2.json", [good_record(learner="Zoé", answer="hers")])
    zoe = Store(tmp_path, "Zoë")
    assert [r.answer for r in zoe.latest().values()] == ["mine"]
    assert [r.answer for r in Store(tmp_path, "Zoé").latest().values()] == ["hers"]
    assert zoe.warnings == []


HOLDER = textwrap.dedent("""
    import sys, time
    from pakru.progress import Store
    from pakru.progress.store import _HOST
    store = Store(sys.argv[1], "ayesha")
    store.folder.mkdir(parents=True, exist_ok=True)
    tmp = store.folder / f".{store.session}.{_HOST}.0123abcd.tmp"
    handle = open(tmp, "w")
    handle.write('{"format": "pakru-progress/1", "rec')
    handle.flush()
    print(tmp, flush=True)
    time.sleep(600)
""")


def test_orphaned_tmp_files_of_killed_saves_are_removed_on_the_next_start(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        live = Path(proc.stdout.readline().strip())
        old = live.with_name(".20260101T000000-1-feedbeef.00000000.11112222.tmp")  # another host, long ago
        recent = live.with_name(".20260101T000000-1-feedbeef.00000000.33334444.tmp")  # another host, now
        old.write_text("{", encoding="utf-8")
        recent.write_text("{", encoding="utf-8")
        os.utime(old, (time.time() - 600, time.time() - 600))
        os.utime(live, (time.time() - 5, time.time() - 5))
        Store(tmp_path, "ayesha").latest()
        assert live.exists() and recent.exists() and not old.exists()  # a live writer's file is never touched
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        store = Store(tmp_path, "ayesha")
        store.record("demo", "q1", answer="x")
        assert not live.exists() and recent.exists()
        assert store.warnings == []
    finally:
        proc.kill()
        proc.wait(timeout=30)


def test_a_huge_answer_is_stored_as_a_short_summary(tmp_path):
    store = Store(tmp_path, "big")
    store.record("demo", "q1", answer="x" * 10_000_000)
    store.record("demo", "q2", answer="small")
    assert store.path.stat().st_size < 20_000
    saved = Store(tmp_path, "big").latest()
    assert saved[("demo", "q1")].answer.startswith("(answer of 10,000,002 characters; first 200 stored)")
    assert saved[("demo", "q2")].answer == "small"


def run_cli(*args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pakru", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


def bare_env(tmp_path: Path, **extra: str) -> dict:
    """The environment of a kernel or terminal without any learner variables (as in a container without $USER)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PAKRU_LEARNER", "JUPYTERHUB_USER", "USER", "LOGNAME",
                                                             "LNAME", "USERNAME")}
    return {**env, "PAKRU_PROGRESS_DIR": str(tmp_path / "progress"), **extra}


def test_the_hub_user_is_the_learner_and_every_record_keeps_hub_user_and_session(tmp_path, monkeypatch):
    from pakru.progress import identity

    monkeypatch.delenv("PAKRU_LEARNER")
    monkeypatch.setenv("JUPYTERHUB_USER", "ayesha")
    monkeypatch.setenv("USER", "jovyan")
    who = identity()
    assert (who.learner, who.source, who.guessed) == ("ayesha", "JUPYTERHUB_USER", False)
    store = Store(tmp_path)
    rec = store.record("demo", "q1", answer="a")
    assert (rec.learner, rec.hub_user, rec.session) == ("ayesha", "ayesha", store.session)
    assert Store(tmp_path).latest()[("demo", "q1")].session == store.session
    monkeypatch.setenv("PAKRU_LEARNER", "Ayesha K")
    assert (identity().learner, identity().hub_user) == ("Ayesha K", "ayesha")
    monkeypatch.delenv("PAKRU_LEARNER")
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert identity().guessed and "guessed" in identity().describe()


def test_export_without_user_names_the_learners_who_have_answers_instead_of_writing_nothing(tmp_path):
    store = Store(tmp_path / "progress", "jovyan")
    for i in range(14):
        store.record("demo", f"q{i}", answer=i)
    result = run_cli("export", env=bare_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wrote 0" not in result.stdout
    assert "no saved answers for learner" in result.stderr and "'jovyan' (14)" in result.stderr
    assert "guessed" in result.stdout + result.stderr
    assert list(tmp_path.glob("*.csv")) == []
    result = run_cli("export", "--learner", "jovyan", env=bare_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 0 and "wrote 14 answers of jovyan to pakru-results-jovyan.csv" in result.stdout


def test_export_for_a_learner_with_no_answers_says_so(tmp_path):
    Store(tmp_path / "progress", "ayesha").record("demo", "q1", answer="a")
    result = run_cli("export", env=bare_env(tmp_path, PAKRU_LEARNER="bilal"), cwd=tmp_path)
    assert result.returncode == 1
    assert "no saved answers for learner 'bilal'" in result.stderr and "'ayesha' (1)" in result.stderr
    assert list(tmp_path.glob("*.csv")) == []


def test_export_says_whose_answers_and_refuses_to_overwrite_or_an_empty_out(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "ayesha")
    Store(tmp_path / "progress", "ayesha").record("demo", "q1", answer="a")
    env = bare_env(tmp_path, JUPYTERHUB_USER="ayesha")
    result = run_cli("export", "--out", "mine.csv", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Answers are saved for learner 'ayesha' (your JupyterHub user name)" in result.stdout
    assert "wrote 1 answer of ayesha to mine.csv" in result.stdout
    before = (tmp_path / "mine.csv").read_bytes()
    result = run_cli("export", "--out", "mine.csv", env=env, cwd=tmp_path)
    assert result.returncode == 1 and "exists; add --force" in result.stderr
    assert (tmp_path / "mine.csv").read_bytes() == before
    assert run_cli("export", "--out", "mine.csv", "--force", env=env, cwd=tmp_path).returncode == 0
    result = run_cli("export", "--out", "", env=env, cwd=tmp_path)
    assert result.returncode == 1 and "--out needs a file name" in result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["mine.csv"]
    rows = list(csv.DictReader((tmp_path / "mine.csv").open(encoding="utf-8")))
    assert rows[0]["hub_user"] == "ayesha" and rows[0]["session"]


def test_quizzes_and_exercises_say_whose_answers_they_save_and_warn_when_guessed(tmp_path, monkeypatch):
    from pakru.exercises import Exercise
    from pakru.quiz import show

    monkeypatch.delenv("PAKRU_LEARNER")
    monkeypatch.setenv("JUPYTERHUB_USER", "ayesha")
    quiz = show("demo", store=Store(tmp_path))
    assert "Answers are saved for learner &#39;ayesha&#39; (your JupyterHub user name)" in quiz.title.value
    assert "⚠" not in quiz.title.value
    monkeypatch.delenv("JUPYTERHUB_USER")
    store = Store(tmp_path)
    guessed = show("demo", store=store)
    assert "guessed from the computer" in guessed.title.value and "PAKRU_LEARNER" in guessed.title.value
    exercise = Exercise("02_thaw_2003", namespace={}, store=store)
    assert "guessed from the computer" in repr(exercise)
    notes = exercise.summary().notes
    assert notes[0] == store.identity.describe() and store.learner in notes[0]


def test_a_record_of_another_learner_in_my_folder_is_left_out_and_said(tmp_path):
    write_progress(tmp_path / "ayesha" / "planted.json",
                   [good_record(learner="ayesha", answer="mine"), good_record(learner="bilal", question="q2")])
    store = Store(tmp_path, "ayesha")
    assert [(q, r.answer) for (_, q), r in store.latest().items()] == [("q1", "mine")]
    assert store.warnings == ["⚠ Progress file planted.json: record 2 belongs to another learner ('bilal') "
                              "and was left out."]


def test_a_listener_hears_each_saved_answer_after_it_is_on_disk(tmp_path):
    from pakru.progress import add_listener, read_file, remove_listener

    heard = []

    def listener(record, store):
        on_disk, _ = read_file(store.path)
        heard.append((record.question, [r.question for r in on_disk]))

    add_listener(listener)
    try:
        store = Store(tmp_path, "ayesha")
        store.record("demo", "q1", answer="a")
        store.record("demo", "q2", answer="b")
    finally:
        remove_listener(listener)
    assert heard == [("q1", ["q1"]), ("q2", ["q1", "q2"])]


def test_a_failing_listener_never_fails_the_save_and_is_reported(tmp_path):
    from pakru.progress import add_listener, remove_listener

    def broken(record, store):
        raise ConnectionError("service down")

    add_listener(broken)
    try:
        store = Store(tmp_path, "ayesha")
        saved = store.record("demo", "q1", answer="a", correct=True)
    finally:
        remove_listener(broken)
    assert store.latest()[("demo", "q1")] == saved
    assert any("service down" in w for w in store.warnings)


def test_export_neutralises_formula_cells_and_the_gradebook_reads_them_back(tmp_path):
    """A learner named like a spreadsheet formula, and an answer that starts like one, cannot run on opening."""
    from pakru.csvcell import restore

    store = Store(tmp_path, "=cmd|' /C calc'!A0")
    store.record("demo", "@SUM(1+1)", answer=-5, correct=True)
    out = export_csv(tmp_path / "out.csv", store)
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["learner"] == "'=cmd|' /C calc'!A0" and row["question"] == "'@SUM(1+1)" and row["answer"] == "'-5"
    assert (restore(row["learner"]), json.loads(restore(row["answer"]))) == ("=cmd|' /C calc'!A0", -5)
