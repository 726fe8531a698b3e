"""The service's database on real SQLite and real PostgreSQL: each answer once, a killed writer loses nothing."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import needs
import pytest
from sqlalchemy import text

from pakru.classservice.db import AnswerDB
from pakru.progress import Record, parse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from classwatch import Postgres, pg_bin  # noqa: E402


def rec(question: str, stamp_offset: int = 0, session: str = "s1", answer="x") -> Record:
    stamp = (dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC) + dt.timedelta(microseconds=stamp_offset))
    return Record("whoever", "02_thaw_2003", question, "quiz", answer, True, 1, 1.0, 1.0,
                  stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), None, session)


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory):
    if pg_bin() is None or importlib.util.find_spec("psycopg") is None:
        needs.missing("PostgreSQL (Debian's postgresql) and psycopg are needed; .ci/run installs them",
                      "PAKRU_REQUIRE_HUB")
    from classwatch import free_port_local
    server = Postgres(tmp_path_factory.mktemp("pg"), free_port_local())
    yield server.start()
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    if request.param == "sqlite":
        database = AnswerDB(f"sqlite:///{tmp_path / 'class.sqlite'}")
    else:
        database = AnswerDB(request.getfixturevalue("postgres_url"))
        with database.engine.begin() as connection:
            connection.execute(text("DELETE FROM pakru_answers"))
    yield database
    database.close()


def test_each_answer_is_stored_once_whoever_sends_it_how_often(db):
    first = db.add("ayesha", [rec("q1"), rec("q2")])
    assert (first.stored, first.duplicates) == (2, 0)
    again = db.add("ayesha", [rec("q1"), rec("q2"), rec("q2", stamp_offset=1)])
    assert (again.stored, again.duplicates) == (1, 2)  # a later answer to q2 is new; the resends are not
    assert db.add("ivan", [rec("q1")]).stored == 1  # the same record from another hub user is theirs, not a duplicate
    assert db.count() == 4


def test_two_senders_racing_with_the_same_records_store_them_once(db):
    batch = [rec(f"q{i}", stamp_offset=i) for i in range(40)]
    results = []
    threads = [threading.Thread(target=lambda: results.append(db.add("ayesha", batch))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.count() == 40
    assert sum(r.stored for r in results) == 40 and sum(r.duplicates for r in results) == 40


def test_the_progress_document_reads_as_a_learners_own_file_with_the_hub_user_as_learner(db):
    db.add("ayesha", [rec("q1", answer="first"), rec("q1", stamp_offset=5, answer="second", session="s2"),
                      rec("q2", answer={"a": [1, "<b>"]})])
    documents = db.progress_documents()
    records, warnings = parse(documents["ayesha"], "ayesha.json", learner="ayesha")
    assert warnings == []
    assert {r.question: (r.answer, r.session, r.hub_user) for r in records} == {
        "q1": ("second", "s2", "ayesha"), "q2": ({"a": [1, "<b>"]}, "s1", "ayesha")}
    assert db.progress_documents({"nobody"}) == {}


WRITER = r'''
import sys, datetime as dt
from pakru.classservice.db import AnswerDB
from pakru.progress import Record
db = AnswerDB(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    stamp = (dt.datetime(2026, 12, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=i)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    db.add("ayesha", [Record("a", "x", f"q{i}", "quiz", "y" * 500, True, 1, 1.0, 1.0, stamp, None, "s")])
    i += 1
'''


def test_a_writer_killed_mid_write_leaves_a_sound_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'class.sqlite'}"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE, text=True,
                              env={"PYTHONPATH": str(ROOT / "lib"), "PATH": "/usr/bin:/bin"})
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(1.5)
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)
    db = AnswerDB(url)
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    stored = db.count()
    assert stored > 0
    # every committed row is whole, and adding goes on where it stopped
    assert all(json.loads(r.answer) == "y" * 500 for r in db.answers())
    assert db.add("ayesha", [rec("after")]).stored == 1
    db.close()
