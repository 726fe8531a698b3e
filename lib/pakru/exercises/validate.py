"""``python -m pakru check`` for exercises: task files, solution markers, task coverage, fresh student versions."""

from __future__ import annotations

import re
from pathlib import Path

from pakru.corpus import Corpus
from pakru.exercises import build as buildlib
from pakru.exercises import expected_from_corpus
from pakru.exercises.release import is_student_edition
from pakru.exercises.tasks import TASKS_DIR, ExerciseSpec, load_spec, spec_paths
from pakru.problems import Problem, display_path

_CALL = re.compile(r"\b(check|hint)\(\s*[\"']([^\"']+)[\"']\s*\)")


def check_all_exercises(corpus: Corpus, tasks_dir: Path = TASKS_DIR, source_dir: Path = buildlib.SOURCE_DIR,
                        student_dir: Path = buildlib.STUDENT_DIR) -> list[Problem]:
    """Every problem with the exercises: nothing here runs a notebook, and nothing raises."""
    problems: list[Problem] = []
    specs: dict[str, ExerciseSpec] = {}
    for path in spec_paths(tasks_dir):
        spec, found = load_spec(path)
        problems += found
        if spec:
            specs[spec.id] = spec
            problems += _expected_runs(spec, corpus)
    if is_student_edition():
        return problems  # solutions are left out on purpose: nothing to build or compare
    built, found = buildlib.build_all(source_dir)
    problems += found
    for one in built:
        spec = specs.get(one.exercise)
        if spec is None:
            if not (tasks_dir / f"{one.exercise}.yaml").exists():
                problems.append(Problem(display_path(one.source), f"no task file {one.exercise}.yaml in "
                                                                  f"{display_path(tasks_dir)}"))
            continue
        problems += _coverage(spec, one)
    for exercise in sorted(set(specs) - {b.exercise for b in built}):
        if not (source_dir / f"{exercise}.ipynb").exists():
            problems.append(Problem(display_path(specs[exercise].path), f"no source notebook {exercise}.ipynb"))
    if not any(p.severity == "error" for p in problems):
        problems += buildlib.stale(built, student_dir)
    return problems


def _expected_runs(spec: ExerciseSpec, corpus: Corpus) -> list[Problem]:
    """Each computed expectation runs on today's corpus and gives something to compare with."""
    problems = []
    for task in spec.tasks:
        for rule in task.rules:
            if "expected" not in rule.params:
                continue
            try:
                value = expected_from_corpus.compute(corpus, rule.params["expected"])
            except Exception as exc:  # a stale parameter or a changed table: report, never crash the check
                problems.append(Problem(display_path(spec.path), f"task {task.id}: expected value cannot be "
                                                                 f"computed ({type(exc).__name__}: {exc})", rule.line))
                continue
            if getattr(value, "empty", False) or (isinstance(value, str | list) and not value) or value is None:
                problems.append(Problem(display_path(spec.path), f"task {task.id}: expected value is empty on "
                                                                 "the current corpus", rule.line))
    return problems


def _coverage(spec: ExerciseSpec, built: buildlib.Built) -> list[Problem]:
    """Every task has a solution cell setting its variables and a check cell; no cell names an unknown task."""
    shown = display_path(built.source)
    problems = []
    ids = {t.id for t in spec.tasks}
    answered: dict[str, set[str]] = {}
    called: set[str] = set()
    for index, cell in enumerate(built.notebook.cells, 1):
        meta = cell.get("metadata", {}).get("pakru", {})
        if buildlib.role(cell) == buildlib.ROLE_ANSWER:
            task = meta.get("task")
            if task not in ids:
                problems.append(Problem(shown, f"cell {index}: solution cell names task {task!r}, not in "
                                               f"{spec.id}.yaml"))
            answered.setdefault(task, set()).update(_names(cell.source))
        if cell.cell_type == "code":
            for verb, task in _CALL.findall(cell.source):
                if task not in ids:
                    problems.append(Problem(shown, f"cell {index}: {verb}({task!r}) names no task of {spec.id}"))
                if verb == "check":
                    called.add(task)
    for task in spec.tasks:
        if task.id not in answered:
            problems.append(Problem(shown, f"task {task.id} has no solution cell"))
        else:
            missing = [v for v in task.variables if v not in answered[task.id]]
            if missing:
                problems.append(Problem(shown, f"task {task.id}: no solution region sets {', '.join(missing)}"))
        if task.id not in called:
            problems.append(Problem(shown, f"task {task.id} has no cell calling check({task.id!r})"))
    return problems


def _names(source: str) -> set[str]:
    """Names a student answer cell leaves as ``name = ...`` placeholders."""
    return {line.split("=")[0].strip() for line in source.splitlines() if line.rstrip().endswith("= ...")}
