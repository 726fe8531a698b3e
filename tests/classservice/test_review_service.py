"""Handed-in files checked against the class service on a real hub: a file that is what the learner's kernel sent
gives no review row; one edited to claim an answer she never gave, or a classmate's file renamed to her, does."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXERCISE = "02_thaw_2003"
SOLVE_AND_EXPORT = r'''
import json, sys
from exercise_helpers import solution_namespace
from pakru.exercises.session import Exercise
from pakru.progress import export_csv
namespace = dict(solution_namespace(sys.argv[1]), **json.loads(sys.argv[2]))
exercise = Exercise(sys.argv[1], namespace=namespace)
for task in exercise.spec.tasks:
    exercise.check(task.id)
from pakru.classservice import sender
flushed = sender.current().flush(60)
export_csv(sys.argv[3])
print(json.dumps({"flushed": flushed}))
'''


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PAKRU_", "JUPYTERHUB_"))}


def solve_and_export(hub, user: str, home: Path, export: Path, **changes) -> list[dict]:
    """The learner's kernel on the hub checks every task (``changes``: her own wrong values), sending each answer to
    the service; then she downloads her results (``export_csv``). Returns the exported rows."""
    env = _clean_env()
    env.update(PYTHONPATH=os.pathsep.join([str(ROOT / "lib"), str(ROOT / "tests" / "exercises")]),
               PAKRU_PROGRESS_DIR=str(home), JUPYTERHUB_USER=user, JUPYTERHUB_API_TOKEN=hub.token(user),
               PAKRU_CLASS_SERVICE_URL=hub.direct_url, PAKRU_CACHE_DIR=os.environ.get("PAKRU_CACHE_DIR", ""))
    done = subprocess.run([sys.executable, "-c", SOLVE_AND_EXPORT, EXERCISE, json.dumps(changes), str(export)],
                          env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"flushed": True}
    with open(export, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_export(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def gradebook(hub, handed: Path, out: Path) -> subprocess.CompletedProcess:
    """The instructor grades the handed-in folder, with the class service as the reference."""
    env = _clean_env()
    env.update(PYTHONPATH=str(ROOT / "lib"), JUPYTERHUB_API_TOKEN=hub.token("instructor"),
               PAKRU_CACHE_DIR=os.environ.get("PAKRU_CACHE_DIR", ""))
    return subprocess.run([sys.executable, "-m", "pakru", "gradebook", str(handed), "--service", hub.service_url,
                           "--out", str(out)], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)


def review_rows(out: Path) -> list[dict]:
    with open(out / "review.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def score(out: Path, student: str, column: str) -> str:
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}[student][column]


def test_files_are_checked_against_what_the_learners_kernel_sent(hub, tmp_path):
    # learner1 gets q4 wrong (VOA's gap), learner3 solves it all; both kernels send to the service
    mine = solve_and_export(hub, "learner1", tmp_path / "home1", tmp_path / "learner1.csv", gap_voa=31)
    theirs = solve_and_export(hub, "learner3", tmp_path / "home3", tmp_path / "learner3.csv")
    assert {r["question"] for r in mine} >= {"q4"}

    honest = tmp_path / "honest"
    write_export(honest / "learner1" / "results.csv", mine)
    done = gradebook(hub, honest, tmp_path / "out-honest")
    assert done.returncode == 0, done.stderr
    assert review_rows(tmp_path / "out-honest") == []  # the file is what her kernel sent: nothing to review
    assert "checked against the class service: 1 of 1" in done.stdout

    # (b) she edits her file: q4 now holds learner3's right answer (her own session and time kept)
    right = {r["question"]: r for r in theirs}["q4"]
    forged = [dict(r, answer=right["answer"], score=right["score"], correct=right["correct"])
              if r["question"] == "q4" else r for r in mine]
    assert forged != mine
    write_export(tmp_path / "forged" / "learner1" / "results.csv", forged)
    done = gradebook(hub, tmp_path / "forged", tmp_path / "out-forged")
    assert done.returncode == 0, done.stderr
    rows = review_rows(tmp_path / "out-forged")
    assert [(r["student"], r["question"]) for r in rows] == [("learner1", f"{EXERCISE}:q4")]
    assert "class service received another answer" in rows[0]["what to check"]
    assert score(tmp_path / "out-forged", "learner1", f"{EXERCISE}:q4") in ("", "0")  # the forged answer earns nothing
    assert float(score(tmp_path / "out-forged", "learner1", f"{EXERCISE}:q1")) > 0  # her own answers still count

    # (b') learner3's file handed in as learner1's, with only `learner` renamed (session, hub user, times kept)
    assert {r["hub_user"] for r in theirs} == {"learner3"}
    write_export(tmp_path / "renamed" / "learner1" / "results.csv", [dict(r, learner="learner1") for r in theirs])
    done = gradebook(hub, tmp_path / "renamed", tmp_path / "out-renamed")
    rows = review_rows(tmp_path / "out-renamed")
    assert {r["question"] for r in rows} == {f"{EXERCISE}:{r['question']}" for r in theirs}
    assert all("never sent the class service" in r["what to check"] and r["student"] == "learner1" for r in rows)
