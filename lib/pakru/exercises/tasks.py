"""Task files (``exercises/tasks/<exercise>.yaml``): each task's variables, hints and checks, validated on load."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from pakru.exercises.expected_from_corpus import EXPECTED
from pakru.paths import EXERCISES_DIR
from pakru.problems import Problem, ProblemError, display_path
from pakru.schema import Model, Text, fail, named_after_file, read, unique

TASKS_DIR = EXERCISES_DIR / "tasks"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _expected(value: Any) -> dict:
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in EXPECTED:
        raise fail(f"`expected:` must be one of {', '.join(EXPECTED)} with its parameters, "
                   "e.g. {paragraphs: {contains: Soviet}}")
    return dict(value)


def _hashes(value: list[str]) -> list[str]:
    if not all(_SHA256.match(str(a)) for a in value):
        raise fail("`accept:` must list SHA-256 hashes made with "
                   "`python -m pakru.exercises.answer_hashes --salt SALT VALUE`")
    return value


Expected = Annotated[dict, PlainValidator(_expected), WithJsonSchema({
    "type": "object", "minProperties": 1, "maxProperties": 1, "propertyNames": {"enum": list(EXPECTED)},
    "description": "what the corpus gives, computed at check time: one of pakru.exercises.expected_from_corpus"})]
Hashes = Annotated[list[str], AfterValidator(_hashes)]


class Rule(Model):
    """Fields every check has; each check type below adds the parameters its rule in ``rules.py`` takes."""

    model_config = ConfigDict(title="check")

    variable: str | None = None
    """The learner's variable this check reads; may be left out when the task has one variable."""
    points: float = Field(default=1.0, ge=0)
    advice: str | None = None
    """Extra words shown when the check fails (must not give the answer away)."""

    @property
    def params(self) -> dict:
        """The keyword arguments of this check's rule function (only those the author wrote)."""
        return self.model_dump(include=self.model_fields_set - {"type", "variable", "points", "advice"})


class TableCheck(Rule):
    type: Literal["table"]
    columns: list[str] | None = None


class RowsCheck(Rule):
    type: Literal["rows"]
    expected: Expected
    key: list[str]


class CountsCheck(Rule):
    type: Literal["counts"]
    expected: Expected


class ValueCheck(Rule):
    type: Literal["value"]
    expected: Expected


class AnswerCheck(Rule):
    type: Literal["answer"]
    accept: Hashes


def _patterns(value: list[list[str]]) -> list[list[str]]:
    for group in value:
        if not group:
            raise fail("each `evidence:` group needs at least one pattern")
        for pattern in group:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise fail(f"bad regular expression {pattern!r} in `evidence:` ({exc})") from None
    return value


class CitationsCheck(Rule):
    type: Literal["citations"]
    min: int = 1
    max: int | None = None
    within: str | None = None
    accept: Hashes | None = None
    cover: list[str] | None = None
    evidence: Annotated[list[list[str]], AfterValidator(_patterns)] | None = None
    """Groups of patterns (case ignored): a cited paragraph counts when every group matches its text."""
    sources: int | None = Field(default=None, ge=1)
    """At least this many different sources among the citations."""


class FigureCheck(Rule):
    type: Literal["figure"]
    min_marks: int = 1
    labels: list[str] | None = None


class WordsCheck(Rule):
    type: Literal["words"]
    min: int
    max: int
    points: float = Field(default=0.0, ge=0)


Check = Annotated[TableCheck | RowsCheck | CountsCheck | ValueCheck | AnswerCheck | CitationsCheck | FigureCheck
                  | WordsCheck, Field(discriminator="type")]
"""One check on one variable; its ``type`` names a rule of ``pakru.exercises.check_rules.RULES``."""


Criterion = Literal["evidence", "attribution", "disagreement", "dating", "argument"]
"""What a written answer is marked on (exercises/INSTRUCTORS.md says what each criterion means)."""


class RubricLine(Model):
    """One criterion of a written task's rubric: what earns its full points, and examples for the marker."""

    model_config = ConfigDict(title="rubric line")

    criterion: Criterion
    points: int = Field(default=2, ge=1)
    """The most this criterion gives (it scores 0 to this)."""
    full: Text
    """What earns the full points, in words a student may read before writing (no paragraph ids, no years)."""
    examples: str | None = None
    """For the marker: paragraphs and details that meet the criterion. Withheld from the student edition,
    because they can answer the exercise's checked tasks (the paragraphs a citations task asks for)."""


def _one_line_per_criterion(value: list[RubricLine]) -> list[RubricLine]:
    return unique(value, "criterion", "criterion")


def _variables(value: list[str]) -> list[str]:
    if not value or not all(isinstance(v, str) and _VARIABLE.match(v) for v in value):
        raise fail(f"`variables:` must list the Python names the learner sets, not {value!r}")
    return value


def _hints(value: list[str]) -> list[str]:
    if not value or not all(h.strip() for h in value):
        raise fail("give at least one hint (a list of texts, mildest first)")
    return value


class Task(Model):
    """One question of an exercise."""

    model_config = ConfigDict(title="task")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    title: Text
    kind: Literal["code", "written"] = "code"
    """``code`` (checked and scored) or ``written`` (word range checked, collected, not marked)."""
    variables: Annotated[list[Any], AfterValidator(_variables)]
    """The Python names the learner sets."""
    hints: Annotated[list[str], AfterValidator(_hints)]
    """Hints, mildest first."""
    checks: Annotated[list[Check], Field(min_length=1)]
    alternatives: list[str] = []
    """Defensible answers other than the solution's, found by reading the sources, and how the checks accept them
    (tests/exercises/fixtures/defensible.yaml holds each as an answer that must pass)."""
    rubric: Annotated[list[RubricLine], AfterValidator(_one_line_per_criterion)] | None = None
    """A written task's marking criteria; the gradebook's marking sheet (marking.csv) carries them."""

    @model_validator(mode="after")
    def _checks_fit_the_task(self) -> Task:
        for index, check in enumerate(self.checks):
            if check.variable is None and len(self.variables) == 1:
                object.__setattr__(check, "variable", self.variables[0])  # the default: frozen once read
            if check.variable not in self.variables:
                raise fail(f"check names variable {check.variable!r}, which is not in the task's `variables:`",
                           "checks", index)
            if (check.type == "words") != (self.kind == "written"):
                raise fail("a written task has only `words` checks" if self.kind == "written"
                           else "`words` checks belong to written tasks", "checks", index)
        if self.rubric is not None and self.kind != "written":
            raise fail("`rubric:` belongs to written tasks; a code task is marked by its checks", "rubric")
        return self

    @property
    def rules(self) -> list[Rule]:
        """The checks, in order."""
        return self.checks

    @property
    def rubric_text(self) -> str:
        """The rubric as one paragraph for a marker (examples included), or "" when the task has none."""
        return " | ".join(f"{line.criterion.capitalize()} (0–{line.points}): {line.full}"
                          + (f" (e.g. {line.examples})" if line.examples else "") for line in self.rubric or [])

    @property
    def max_score(self) -> float | None:
        """Points available; None for written answers, which are not marked."""
        return None if self.kind == "written" else sum(r.points for r in self.rules)


class ExerciseSpec(Model):
    """An exercise's task file: its id, salt for hashed answers, and tasks in order."""

    model_config = ConfigDict(title="exercise")

    id: Text
    """Equals the file name without .yaml."""
    title: Text
    salt: Text
    """Mixed into the hashes of accepted answers (python -m pakru.exercises.answer_hashes --salt SALT VALUE)."""
    tasks: Annotated[list[Task], Field(min_length=1)]
    _path: Path = PrivateAttr(default=Path())

    @field_validator("id")
    @classmethod
    def _named_after_its_file(cls, value: str, info: ValidationInfo) -> str:
        return named_after_file(value, info, lambda stem: f"`id:` must equal the file name {stem!r}")

    @field_validator("tasks")
    @classmethod
    def _unique(cls, tasks: list[Task]) -> list[Task]:
        return unique(tasks, "id", "task id")

    @property
    def path(self) -> Path:
        """The task file this was read from."""
        return self._path

    def task(self, task_id: str) -> Task:
        """The task with this id, or a KeyError listing the ids there are."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(f"no task {task_id!r} in {self.id}; tasks are: {', '.join(t.id for t in self.tasks)}")


def load_spec(path: Path) -> tuple[ExerciseSpec | None, list[Problem]]:
    """Read and validate a task file; return it (None if unusable) and every problem found."""
    spec, problems = read(path, ExerciseSpec)
    if spec is not None:
        spec._path = path
    return spec, problems


def spec_paths(tasks_dir: Path = TASKS_DIR) -> list[Path]:
    """Every task file, in exercise order."""
    return sorted(tasks_dir.glob("*.yaml"))


def load_specs(tasks_dir: Path = TASKS_DIR) -> dict[str, ExerciseSpec]:
    """Every valid task file, by exercise id (a broken one is reported by ``pakru check``, not used here)."""
    specs = {}
    for path in spec_paths(tasks_dir):
        spec, _ = load_spec(path)
        if spec:
            specs[spec.id] = spec
    return specs


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
