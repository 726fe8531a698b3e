"""The re-grade stage: every counted answer judged again, with the task's own checks and the bank's questions.

Why: a record's ``correct`` and ``score`` are JSON the learner can edit. Every exercise answer is judged
again on the snapshot of the learner's variables that ``check()`` saved (``pakru.exercises.snapshot``),
and every quiz answer with its bank's question. Nothing here decides whether a record is the student's
own or whether its verdict was honest: that is the review stage's, which compares ``Gradebook.outcomes``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from pakru.exercises import snapshot
from pakru.exercises.tasks import ExerciseSpec, Task
from pakru.gradebook.model import Given, Gradebook, Handed, Mark, Outcome


class Judge:
    """Re-runs the task's checks and the bank's questions; caches the corpus and banks."""

    def __init__(self, specs: dict[str, ExerciseSpec]):
        self.specs = specs
        self._corpus = None
        self._banks: dict[str, Any] = {}
        self._known: set[str] | None = None

    @property
    def corpus(self):
        if self._corpus is None:
            from pakru.corpus import load

            self._corpus = load()
        return self._corpus

    def exercise(self, spec: ExerciseSpec, task: Task, answer: Any) -> tuple[float, str]:
        """Points the task's checks give the saved snapshot (see ``checks`` for points per check)."""
        points, note, _ = self.checks(spec, task, answer)
        return points, note

    def checks(self, spec: ExerciseSpec, task: Task, answer: Any) -> tuple[float, str, tuple]:
        """Points the task's checks give the saved snapshot; raises snapshot.Unrestorable when there is none."""
        from pakru.exercises.check_rules import Context, score

        given = answer.get("given") if isinstance(answer, dict) else None
        if not isinstance(given, dict) or not isinstance(given.get("variables"), dict):
            raise snapshot.Unrestorable("the record holds no snapshot of the answer (made by an older version?)")
        unset = tuple((r.type, r.variable, 0.0, r.points) for r in task.rules)
        if any(name not in given["variables"] for name in task.variables):
            return 0.0, "not set", unset  # check() saves no value for a variable still `...`: no rule ran
        values = {name: snapshot.restore(given["variables"][name]) for name in task.variables}
        if any(v is Ellipsis for v in values.values()):
            return 0.0, "not set", unset
        ctx, found = Context(self.corpus, spec.salt), []
        for rule in task.rules:
            try:  # the same scoring as check(): a partly right citations answer earns its share
                _, _, earned = score(rule.type, values[rule.variable], ctx, rule.params, rule.points)
            except Exception:  # noqa: BLE001 - the learner's value can be anything, as in check()
                earned = 0.0
            found.append((rule.type, rule.variable, earned, rule.points))
        return sum(f[2] for f in found), "", tuple(found)

    def course_banks(self) -> set[str]:
        """The ids of the course's quiz banks (files in notebooks/quizzes/)."""
        if self._known is None:
            from pakru.quiz import bank_files

            self._known = {path.stem for path in bank_files()}
        return self._known

    def bank(self, bank_id: str):
        """The course's bank of that id, or None. The id is the learner's text: a path is never loaded
        (their own bank file would grade their answer right; ``/dev/zero`` would be read until memory ran out)."""
        if bank_id not in self.course_banks():
            return None
        if bank_id not in self._banks:
            from pakru.problems import ProblemError
            from pakru.quiz import load_bank

            try:
                self._banks[bank_id] = load_bank(bank_id, self.corpus)
            except (ProblemError, OSError, ValueError):
                self._banks[bank_id] = None
        return self._banks[bank_id]

    def quiz(self, given: Given) -> bool | None:
        """Right on re-grading (True/False), or None when the bank or question is unknown."""
        bank = self.bank(given.activity)
        if bank is None:
            return None
        try:
            question = bank.question(given.question)
        except KeyError:
            return None
        try:
            return bool(question.check(given.answer).correct)
        except Exception:  # noqa: BLE001 - a forged answer of any shape is simply not right
            return False


def hashed_tasks(specs: dict[str, ExerciseSpec]) -> dict[str, list[str]]:
    """Tasks whose marks rest on salted hashes of the answers, which ship in the student edition."""
    found = {}
    for exercise, spec in specs.items():
        for task in spec.tasks:
            kinds = sorted({r.type for r in task.rules if r.params.get("accept")})
            if kinds and task.max_score:
                found[f"{exercise}:{task.id}"] = kinds
    return found


def latest(handed: Handed, problems: list[str]) -> dict[tuple[str, str, str, str], Given]:
    """The answer that counts per (student, kind, activity, question): re-gradable first, then the latest."""
    unknown: Counter = Counter()
    chosen: dict[tuple[str, str, str, str], Given] = {}
    for student, records in handed.given.items():
        for given in records:
            if given.kind not in ("exercise", "quiz"):
                unknown[f"{given.file}: records of kind {given.kind!r} (neither quiz nor exercise); ignored"] += 1
                continue
            key = (student, given.kind, given.activity, given.question)
            # an answer that can be re-graded beats a bare verdict (a notebook's output) of any date
            if key not in chosen or (given.regradable, given.timestamp) > (chosen[key].regradable,
                                                                           chosen[key].timestamp):
                chosen[key] = given
    problems += [line + (f" ({n} records)" if n > 1 else "") for line, n in sorted(unknown.items())]
    return chosen


def regrade(handed: Handed, specs: dict[str, ExerciseSpec], judge: Judge | None = None) -> Gradebook:
    """Re-grade every record handed in (as given: the review stage has already set aside foreign ones)."""
    judge = judge or Judge(specs)
    problems = list(handed.problems)
    unknown: Counter = Counter()
    marks: dict[tuple[str, str], Mark] = {}
    written, outcomes = [], []
    quizzes: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (student, kind, activity, question), given in sorted(latest(handed, problems).items()):
        where = f"{activity}:{question}"
        if kind == "quiz":
            right = judge.quiz(given)
            if right is None:
                unknown[f"{given.file}: quiz {where} is not a question of the course's banks; ignored"] += 1
                continue
            quizzes[(student, activity)][0] += 1
            quizzes[(student, activity)][1] += int(right)
            outcomes.append(Outcome(student, given, right=right))
            continue
        spec = specs.get(activity)
        try:
            task = spec.task(question) if spec else None
        except KeyError:
            task = None
        if task is None:
            unknown[f"{given.file}: exercise {where} is not a task of the course's exercises; ignored"] += 1
            continue
        if task.kind == "written":
            text = snapshot.shown(given.answer)
            kept = given.answer.get("given") if isinstance(given.answer, dict) else None
            if isinstance(kept, dict):  # the snapshot says what the variable held: only text is an answer
                var = (kept.get("variables") or {}).get(task.variables[0])
                text = var.get("value") if isinstance(var, dict) and var.get("type") == "text" else None
            if isinstance(text, str) and text.strip():
                written.append((student, activity, task, text))
            continue
        top = task.max_score or 0.0
        if not given.regradable:
            marks[(student, where)] = Mark(0.0, top, "recorded in a notebook only")
            outcomes.append(Outcome(student, given, points=None, max_score=top, failure="notebook"))
            continue
        try:
            points, note, checks = judge.checks(spec, task, given.answer)
        except Exception as exc:  # noqa: BLE001 - a hand-made snapshot can break restore() in any way: 0 points
            marks[(student, where)] = Mark(0.0, top, "not re-gradable")
            outcomes.append(Outcome(student, given, points=None, max_score=top, failure=str(exc) or type(exc).__name__))
            continue
        marks[(student, where)] = Mark(points, top, note, checks)
        hashed = sum(c[2] for c, rule in zip(checks, task.rules, strict=False) if rule.params.get("accept"))
        outcomes.append(Outcome(student, given, points=points, max_score=top, hashed_points=hashed))
    problems += [f"{line}" + (f" ({n} records)" if n > 1 else "") for line, n in sorted(unknown.items())]
    students = sorted(handed.owners, key=lambda k: handed.owners[k].name.casefold())
    return Gradebook(specs, students, {k: handed.owners[k].name for k in students}, marks, written,
                     {k: (v[0], v[1]) for k, v in quizzes.items()}, [], problems, hashed_tasks(specs), outcomes)
