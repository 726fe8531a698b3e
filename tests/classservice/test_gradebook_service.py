"""The gradebook reads a class from the service on a real hub: no file uploaded, re-graded from the answers,
identities from the hub, one group at a time, and a learner's token refused."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXERCISE = "02_thaw_2003"
SOLVE = r'''
import json, sys
from exercise_helpers import solution_namespace
from pakru.exercises.session import Exercise
namespace = solution_namespace(sys.argv[1])
exercise = Exercise(sys.argv[1], namespace=namespace)
for task in exercise.spec.tasks:
    exercise.check(task.id)
from pakru.classservice import sender
print(json.dumps({"flushed": sender.current().flush(60)}))
'''


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PAKRU_", "JUPYTERHUB_"))}


def solve_in_a_kernel(hub, user: str, progress: Path) -> None:
    """A learner's kernel on the hub solves the exercise; its answers reach the service as they are checked."""
    env = _clean_env()
    env.update(PYTHONPATH=os.pathsep.join([str(ROOT / "lib"), str(ROOT / "tests" / "exercises")]),
               PAKRU_PROGRESS_DIR=str(progress), JUPYTERHUB_USER=user, JUPYTERHUB_API_TOKEN=hub.token(user),
               PAKRU_CLASS_SERVICE_URL=hub.direct_url, PAKRU_CACHE_DIR=os.environ.get("PAKRU_CACHE_DIR", ""))
    done = subprocess.run([sys.executable, "-c", SOLVE, EXERCISE], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"flushed": True}


def gradebook(hub, token_of: str, out: Path, *options: str) -> subprocess.CompletedProcess:
    env = _clean_env()
    env.update(PYTHONPATH=str(ROOT / "lib"), JUPYTERHUB_API_TOKEN=hub.token(token_of),
               PAKRU_CACHE_DIR=os.environ.get("PAKRU_CACHE_DIR", ""))
    return subprocess.run([sys.executable, "-m", "pakru", "gradebook", "--service", hub.service_url,
                           "--lms", "moodle", "--out", str(out), *options], env=env, capture_output=True,
                          text=True, timeout=300, cwd=ROOT)


def test_the_gradebook_grades_a_class_from_the_service_with_no_file_handed_in(hub, tmp_path):
    for user in ("learner1", "learner3"):
        solve_in_a_kernel(hub, user, tmp_path / "homes" / user)  # each learner's own folder, never read below
    done = gradebook(hub, "instructor", tmp_path / "all")
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "all" / "moodle.csv", encoding="utf-8", newline="") as handle:
        rows = {row["Username"]: row for row in csv.DictReader(handle)}
    assert {"learner1", "learner3"} <= set(rows)
    with open(tmp_path / "all" / "gradebook.csv", encoding="utf-8", newline="") as handle:
        detail = list(csv.DictReader(handle))
    totals = {row["student"]: float(row["total"]) for row in detail}
    assert totals["learner1"] == totals["learner3"] > 0  # both solved it all, re-graded from the answers
    with open(tmp_path / "all" / "review.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1  # the header only: an honest class gives no review rows
    with open(tmp_path / "all" / "items.csv", encoding="utf-8", newline="") as handle:
        items = {row["question"]: row for row in csv.DictReader(handle) if row["activity"] == EXERCISE}
    for task in ("q1", "q2", "q3", "q4", "q5"):  # both right at the first try: facility 100 %, nothing to correlate
        assert (items[task]["learners answered"], items[task]["facility %"], items[task]["discrimination"]) == (
            "2", "100.0", "")


def test_one_group_at_a_time(hub, tmp_path):
    solve_in_a_kernel(hub, "learner1", tmp_path / "homes" / "learner1")
    done = gradebook(hub, "instructor", tmp_path / "a", "--group", "class-a")
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "a" / "gradebook.csv", encoding="utf-8", newline="") as handle:
        students = {row["student"] for row in csv.DictReader(handle)}
    assert "learner1" in students and "learner3" not in students


def test_a_learners_token_cannot_read_the_class(hub, tmp_path):
    done = gradebook(hub, "learner2", tmp_path / "nope")
    assert done.returncode == 1
    assert "403" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "nope" / "moodle.csv").exists()
