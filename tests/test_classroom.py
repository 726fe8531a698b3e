"""A class of three on a real JupyterHub (bench/classroom.py): nothing lost, nothing misattributed.

The benchmark starts JupyterHub + configurable-http-proxy + git daemon on 127.0.0.1, pulls the student
edition into each learner's home through the nbgitpuller link, runs lesson 2 and exercise 2 in each
learner's kernel (quiz widgets filled in and Check pressed; ``check("qN")``), restarts one kernel and
kills one server mid-lesson, kills the class service twice (answers sent from every kernel), then collects.
These tests read its JSON report; the run itself is the
proof, so it happens once per session. Select with ``-m hub``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import needs
import pytest

from pakru.exercises import tasks
from pakru.paths import PROJECT_ROOT
from pakru.quiz import load_bank

pytestmark = pytest.mark.hub
LEARNERS = 3
BENCH = PROJECT_ROOT / "bench" / "classroom.py"
CHP = PROJECT_ROOT / "bench" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"


def _missing() -> list[str]:
    missing = [name for name in ("jupyterhub", "nbgitpuller") if importlib.util.find_spec(name) is None]
    if not (CHP.is_file() or shutil.which("configurable-http-proxy") or os.environ.get("PAKRU_CHP")):
        missing.append("configurable-http-proxy (npm)")
    if not shutil.which("git"):
        missing.append("git")
    return missing


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    missing = _missing()
    if missing:
        needs.missing(f"the real-hub test needs {', '.join(missing)}; .ci/run installs them", "PAKRU_REQUIRE_HUB")
    out = tmp_path_factory.mktemp("classroom") / "report.json"
    # The class must not see the test session's own learner settings: ids have to come from the hub.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAKRU_") or k == "PAKRU_CHP"}
    # learners think 2 s before each Check, so the class outlasts the service's outages (the hub restarts a dead
    # service at its next 30 s check) and both kills fall while answers are still being given
    done = subprocess.run([sys.executable, str(BENCH), "--learners", str(LEARNERS), "--json", str(out),
                           "--timeout", "240", "--think", "2"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=900)
    if not out.exists():
        pytest.fail(f"the classroom run wrote no report (exit {done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(out.read_text("utf-8"))
    report["_stdout"] = done.stdout
    return report


def test_every_learner_got_through_the_lesson_and_the_exercise(run):
    assert run["errors"] == {}, run["_stdout"]
    assert len(run["faults"]) == 2 and set(run["faults"].values()) == {"kernel-restart", "server-kill"}
    # 3 first spawns + the killed learner's second one
    assert run["spawn_seconds"]["count"] == LEARNERS + 1


def test_no_answer_is_lost_after_kernel_restarts_and_killed_servers(run):
    per_learner = len(load_bank("02_thaw_2003").questions) + len(tasks.load("02_thaw_2003").tasks)
    answers = run["answers"]
    assert answers["expected"] == LEARNERS * per_learner
    assert answers["lost"] == 0, answers["lost_detail"]
    assert answers["collected"] == answers["expected"]
    assert answers["damaged_files"] == []


def test_saved_quiz_answers_come_back_after_each_fault(run):
    restored = run["restored_after_fault"]
    assert restored["bad"] == []
    # both faulty learners had answered half the quiz (4 questions each) before the fault
    assert restored["ok"] == 2 * (len(load_bank("02_thaw_2003").questions) // 2)


def test_answers_are_recorded_for_the_hub_user_not_the_os_user(run):
    assert run["identity"] == []  # kernels see JUPYTERHUB_USER = their learner
    assert run["answers"]["misattributed"] == 0, run["answers"]["misattributed_detail"]


def test_the_gradebook_collects_every_answer_from_the_homes(run):
    answers = run["answers"]
    assert answers["gradebook_expected"] == answers["expected"]  # quizzes (as counts), tasks, written answers
    assert answers["in_gradebook"] == answers["gradebook_expected"]
    assert answers["gradebook_strangers"] == []


def test_canvas_and_moodle_files_follow_the_documented_import_rules(run):
    # rules and documentation links: bench/classroom.py check_lms_files
    assert set(run["lms_files"]) == {"canvas", "moodle"}
    assert run["lms_files"] == {"canvas": [], "moodle": []}


def test_a_record_forged_by_another_learner_is_listed_and_earns_nothing(run):
    # learner01 wrote learner02's miscounted q4 as right with full marks, from their own kernel
    forgery = run["forgery"]
    assert forgery["victim"] == "learner02" and forgery["was"][0] is False
    assert forgery["listed_for_review"], forgery
    # the import files still carry learner02's own points (check_lms_files compares every row with the
    # learner's own checks)
    assert run["lms_files"] == {"canvas": [], "moodle": []}


def test_the_class_service_holds_every_answer_once_through_two_kills(run):
    # the hub's managed service (SQLite), SIGKILLed twice while learners answer; the hub starts it again
    service = run["service"]
    assert len(service["kills"]) == 2 and all(k["down_seconds"] > 0 for k in service["kills"])
    assert all(k["answers_while_down"] > 0 for k in service["kills"]), service["kills"]  # mid-class, both
    assert service["lost"] == 0, service["lost_detail"]
    assert service["counted_twice"] == 0
    assert service["misattributed"] == 0, service["misattributed_detail"]
    assert service["stored_rows"] == service["given"]  # one row per Check pressed, none twice, none missing
    assert service["last_answers_in_service"] == service["last_answers_expected"] == run["answers"]["expected"]


def test_a_learners_token_gets_nothing_from_the_instructors_endpoints(run):
    assert run["service"]["learner_probe"] == {"live view page": 403, "api/class": 403, "api/progress": 403}


def test_answers_given_while_the_service_is_up_reach_it_and_the_live_view_in_time(run):
    stored = run["service"]["check_to_stored_seconds_service_up"]
    assert stored["count"] >= 1 and stored["p95"] <= 1.0, stored
    seen = run["service"]["check_to_live_view_seconds_service_up"]
    assert seen["count"] == 0 or seen["p95"] <= 2.0, seen  # sampled every 0.25 s; the page polls every 1 s


def test_a_lesson_kernel_costs_at_most_a_fifth_more_than_a_bare_one(run):
    assert run["memory"]["lesson_to_bare"] <= 1.2, run["memory"]
