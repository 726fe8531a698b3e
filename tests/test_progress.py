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
                                       "score", "max_score", "timestamp"}


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
    assert "could not write" in capsys.readouterr().err


def test_answers_that_cannot_be_saved_raise_before_writing(tmp_path):
    store = Store(tmp_path, "g")
    try:
        store.record("demo", "q1", answer=object())
    except TypeError:
        pass
    else:
        raise AssertionError("an unsaveable answer must raise")
    assert not store.path.exists()
