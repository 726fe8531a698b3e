"""Task files (``exercises/tasks/<exercise>.yaml``): each task's variables, hints and checks, validated on load."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from pathlib import Path

from pakru.exercises.expected import EXPECTED
from pakru.exercises.rules import REQUIRED, RULES
from pakru.paths import EXERCISES_DIR
from pakru.problems import Problem, ProblemError, display_path
from pakru.yamlfile import LineDict, load_yaml

TASKS_DIR = EXERCISES_DIR / "tasks"
KINDS = ("code", "written")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Rule:
    """One check on one variable: a rule type from ``pakru.exercises.rules`` and its parameters."""

    type: str
    variable: str
    params: dict
    points: float = 1.0
    advice: str | None = None
    """Extra words shown when the check fails (must not give the answer away)."""
    line: int | None = None


@dataclass(frozen=True)
class Task:
    """One question of an exercise."""

    id: str
    title: str
    kind: str
    """``code`` (checked and scored) or ``written`` (word range checked, collected, not marked)."""
    variables: tuple[str, ...]
    hints: tuple[str, ...]
    rules: tuple[Rule, ...]
    line: int | None = None

    @property
    def max_score(self) -> float | None:
        """Points available; None for written answers, which are not marked."""
        return None if self.kind == "written" else sum(r.points for r in self.rules)


@dataclass(frozen=True)
class ExerciseSpec:
    """An exercise's task file: its id, salt for hashed answers, and tasks in order."""

    id: str
    title: str
    salt: str
    tasks: tuple[Task, ...]
    path: Path = field(default=Path())

    def task(self, task_id: str) -> Task:
        """The task with this id, or a KeyError listing the ids there are."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(f"no task {task_id!r} in {self.id}; tasks are: {', '.join(t.id for t in self.tasks)}")


def load_spec(path: Path) -> tuple[ExerciseSpec | None, list[Problem]]:
    """Read and validate a task file; return it (None if unusable) and every problem found."""
    shown = display_path(path)
    try:
        data = load_yaml(path)
    except ProblemError as exc:
        return None, exc.problems
    problems: list[Problem] = []
    if not isinstance(data, LineDict):
        return None, [Problem(shown, "expected a mapping with id, title, salt and tasks", 1)]
    for key in ("id", "title", "salt", "tasks"):
        if key not in data:
            problems.append(Problem(shown, f"missing `{key}:`", data.line))
    if data.get("id") != path.stem:
        problems.append(Problem(shown, f"`id:` must equal the file name {path.stem!r}", data.line_of("id")))
    if not isinstance(data.get("tasks"), list) or not data.get("tasks"):
        return None, problems + [Problem(shown, "`tasks:` must be a non-empty list", data.line_of("tasks"))]
    tasks = []
    for raw in data["tasks"]:
        task, found = _task(raw, shown)
        problems += found
        if task:
            tasks.append(task)
    seen: set[str] = set()
    for task in tasks:
        if task.id in seen:
            problems.append(Problem(shown, f"task id {task.id!r} is used twice", task.line))
        seen.add(task.id)
    if problems:
        return None, problems
    return ExerciseSpec(str(data["id"]), str(data["title"]), str(data["salt"]), tuple(tasks), path), []


def _task(raw: object, shown: str) -> tuple[Task | None, list[Problem]]:
    if not isinstance(raw, LineDict):
        return None, [Problem(shown, "each task must be a mapping (id, title, kind, variables, hints, checks)")]
    line = raw.line
    problems = []
    task_id = str(raw.get("id", ""))
    if not _ID.match(task_id):
        problems.append(Problem(shown, f"task id {task_id!r} must be lower-case letters, digits, - or _", line))
    kind = raw.get("kind", "code")
    if kind not in KINDS:
        problems.append(Problem(shown, f"task {task_id}: kind must be one of {', '.join(KINDS)}", raw.line_of("kind")))
    variables = raw.get("variables")
    if not isinstance(variables, list) or not variables or not all(_VARIABLE.match(str(v)) for v in variables):
        problems.append(Problem(shown, f"task {task_id}: `variables:` must list the Python names the learner sets",
                                raw.line_of("variables")))
        variables = []
    hints = raw.get("hints")
    if not isinstance(hints, list) or not hints or not all(isinstance(h, str) and h.strip() for h in hints):
        problems.append(Problem(shown, f"task {task_id}: give at least one hint (a list of strings, mildest first)",
                                raw.line_of("hints")))
        hints = []
    rules = []
    checks = raw.get("checks")
    if not isinstance(checks, list) or not checks:
        problems.append(Problem(shown, f"task {task_id}: `checks:` must list at least one check",
                                raw.line_of("checks")))
        checks = []
    for check in checks:
        rule, found = _rule(check, task_id, [str(v) for v in variables], shown, line)
        problems += found
        if rule:
            rules.append(rule)
    if kind == "written" and any(r.type != "words" for r in rules):
        problems.append(Problem(shown, f"task {task_id}: a written task has only `words` checks", line))
    if kind == "code" and any(r.type == "words" for r in rules):
        problems.append(Problem(shown, f"task {task_id}: `words` checks belong to written tasks", line))
    if problems:
        return None, problems
    return Task(task_id, str(raw.get("title", task_id)), kind, tuple(str(v) for v in variables), tuple(hints),
                tuple(rules), line), []


def _rule(raw: object, task_id: str, variables: list[str], shown: str, line: int) -> tuple[Rule | None, list[Problem]]:
    if not isinstance(raw, LineDict):
        return None, [Problem(shown, f"task {task_id}: each check must be a mapping with `type:`", line)]
    where = raw.line
    kind = raw.get("type")
    if kind not in RULES:
        return None, [Problem(shown, f"task {task_id}: unknown check type {kind!r}; use one of {', '.join(RULES)}",
                              where)]
    variable = raw.get("variable", variables[0] if len(variables) == 1 else None)
    problems = []
    if variable not in variables:
        problems.append(Problem(shown, f"task {task_id}: check names variable {variable!r}, "
                                       "which is not in the task's `variables:`", where))
    params = {k: v for k, v in raw.items() if k not in ("type", "variable", "points", "advice")}
    allowed = list(inspect.signature(RULES[kind]).parameters)[2:]
    for key in params:
        if key not in allowed:
            problems.append(Problem(shown, f"task {task_id}: a {kind} check takes {', '.join(allowed) or 'nothing'}, "
                                           f"not {key!r}", raw.line_of(key)))
    for key in REQUIRED[kind]:
        if key not in params:
            problems.append(Problem(shown, f"task {task_id}: a {kind} check needs `{key}:`", where))
    spec = params.get("expected")
    if spec is not None and (not isinstance(spec, dict) or len(spec) != 1 or next(iter(spec)) not in EXPECTED):
        problems.append(Problem(shown, f"task {task_id}: `expected:` must be one of {', '.join(EXPECTED)} "
                                       "with its parameters, e.g. {paragraphs: {contains: Soviet}}",
                                raw.line_of("expected")))
    accept = params.get("accept")
    if accept is not None and (not isinstance(accept, list) or not all(re.fullmatch(r"[0-9a-f]{64}", str(a))
                                                                      for a in accept)):
        problems.append(Problem(shown, f"task {task_id}: `accept:` must list SHA-256 hashes made with "
                                       "`python -m pakru.exercises.answers --salt SALT VALUE`",
                                raw.line_of("accept")))
    points = raw.get("points", 0 if kind == "words" else 1)
    if not isinstance(points, int | float) or points < 0:
        problems.append(Problem(shown, f"task {task_id}: `points:` must be a number ≥ 0", raw.line_of("points")))
    if problems:
        return None, problems
    return Rule(kind, str(variable), dict(params), float(points), raw.get("advice"), where), []


def spec_paths(tasks_dir: Path = TASKS_DIR) -> list[Path]:
    """Every task file, in exercise order."""
    return sorted(tasks_dir.glob("*.yaml"))


def load(exercise_id: str, tasks_dir: Path = TASKS_DIR) -> ExerciseSpec:
    """The task file of one exercise; a ProblemError says what is wrong with it."""
    path = tasks_dir / f"{exercise_id}.yaml"
    if not path.exists():
        known = ", ".join(p.stem for p in spec_paths(tasks_dir))
        raise ProblemError([Problem(display_path(path), f"no exercise {exercise_id!r}; exercises are: {known}")])
    spec, problems = load_spec(path)
    if spec is None:
        raise ProblemError(problems)
    return spec
