"""The kernel's sender against the real service: the Check never waits, nothing is lost, nothing counted twice.

Each "kernel" is a fresh Python process that saves answers through the progress store, as a quiz's Check does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pakru.classservice.client import fetch_progress
from pakru.progress import parse

ROOT = Path(__file__).resolve().parents[2]
KERNEL = r'''
import json, os, sys, threading, time
from pakru.kernelstore import kernel_store
store = kernel_store()
times = []
for q in sys.argv[2:]:
    start = time.perf_counter()
    store.record("07_sender", q, answer=q.upper(), correct=True)
    times.append(time.perf_counter() - start)
imported = "pakru.classservice.sender" in sys.modules
from pakru.classservice import sender
s = sender.current()
flushed = s.flush(float(sys.argv[1])) if s else None
print(json.dumps({"times": times, "flushed": flushed, "session": store.session,
                  "stored": s.stored if s else None, "duplicates": s.duplicates if s else None,
                  "imported": imported,
                  "threads": [t.name for t in threading.enumerate()]}))
'''


def kernel(progress: Path, url: str | None, token: str, flush: float, *questions: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAKRU_", "JUPYTERHUB_"))}
    env.update(PYTHONPATH=str(ROOT / "lib"), PAKRU_PROGRESS_DIR=str(progress), JUPYTERHUB_USER="learner2",
               JUPYTERHUB_API_TOKEN=token, PAKRU_CACHE_DIR=os.environ.get("PAKRU_CACHE_DIR", ""))
    if url:
        env["PAKRU_CLASS_SERVICE_URL"] = url
    done = subprocess.run([sys.executable, "-c", KERNEL, str(flush), *questions], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def held(hub) -> dict[str, list]:
    """What the service holds of learner2's 07_sender answers: question → [answer, session]."""
    documents = fetch_progress(hub.service_url, hub.token("instructor"))
    records = parse(documents.get("learner2", b'{"format": "pakru-progress/1", "records": []}'), "x")[0]
    return {r.question: [r.answer, r.session] for r in records if r.activity == "07_sender"}


def test_without_a_service_nothing_is_imported_and_no_thread_started(hub, tmp_path):
    run = kernel(tmp_path, None, hub.token("learner2"), 0, "a1")
    assert run["imported"] is False and "pakru-class-sender" not in run["threads"]


def test_answers_given_while_the_service_is_killed_reach_it_once_it_is_back(hub, tmp_path):
    token = hub.token("learner2")
    hub.kill_service()
    restart = threading.Timer(3.0, hub.start_service)  # back after 3 s, while the kernel keeps answering
    restart.start()
    try:
        run = kernel(tmp_path, hub.direct_url, token, 60, "k1", "k2", "k3")
    finally:
        restart.join()
        hub.wait_service()
    assert run["flushed"] is True and run["stored"] == 3
    assert max(run["times"]) < 0.1, run["times"]  # Check → saved never waits for the service
    assert {q: v for q, v in held(hub).items() if q.startswith("k")} == {
        "k1": ["K1", run["session"]], "k2": ["K2", run["session"]], "k3": ["K3", run["session"]]}


def test_a_kernel_that_died_unsent_is_sent_by_the_next_and_never_twice(hub, tmp_path):
    token = hub.token("learner2")
    # the service is unreachable the whole life of the first kernel (nothing listens on that port)
    # d1 answered twice: the session file keeps the second only; the outbox keeps both tries
    dead = kernel(tmp_path, "http://127.0.0.1:9/services/pakru-class/", token, 0.5, "d1", "d1", "d2")
    assert dead["flushed"] is False
    assert "d1" not in held(hub)
    later = kernel(tmp_path, hub.direct_url, token, 60)  # a new kernel, no new answer: sends the backlog
    assert later["flushed"] is True and later["stored"] == 3
    assert held(hub)["d1"] == ["D1", dead["session"]] and held(hub)["d2"] == ["D2", dead["session"]]
    again = kernel(tmp_path, hub.direct_url, token, 60)  # the ledger says both were stored: nothing resent
    assert (again["stored"], again["duplicates"]) == (0, 0)
    for ledger in (tmp_path / "learner2").glob(".*.sent"):
        ledger.unlink()  # acknowledgements lost: everything is sent again, and the service stores none twice
    resent = kernel(tmp_path, hub.direct_url, token, 60)
    assert resent["stored"] == 0 and resent["duplicates"] == 3


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x/"])
def test_the_check_returns_at_once_when_the_service_never_answers(hub, tmp_path, url):
    run = kernel(tmp_path, url, hub.token("learner2"), 0, *[f"s{i}" for i in range(20)])
    assert max(run["times"]) < 0.1, run["times"]


OTHER_STORE = r'''
import json, sys, tempfile
from pakru.kernelstore import kernel_store
from pakru.progress import Store
mine = kernel_store()
Store(tempfile.mkdtemp(), learner="instructor-check").record("07_sender", "o1", answer="THEIRS", correct=True)
mine.record("07_sender", "o2", answer="MINE", correct=True)
from pakru.classservice import sender
print(json.dumps({"flushed": sender.current().flush(30), "stored": sender.current().stored}))
'''


def test_only_the_learners_own_store_is_sent(hub, tmp_path):
    # a store a notebook makes for someone else (the bench's instructor check) saves locally only
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAKRU_", "JUPYTERHUB_"))}
    env.update(PYTHONPATH=str(ROOT / "lib"), PAKRU_PROGRESS_DIR=str(tmp_path), JUPYTERHUB_USER="learner2",
               JUPYTERHUB_API_TOKEN=hub.token("learner2"), PAKRU_CLASS_SERVICE_URL=hub.direct_url)
    done = subprocess.run([sys.executable, "-c", OTHER_STORE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"flushed": True, "stored": 1}
    assert held(hub)["o2"][0] == "MINE" and "o1" not in held(hub)
