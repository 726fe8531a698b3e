"""The learner's side: ``check("q1")``, ``hint("q1")`` and ``summary()`` on the notebook's own variables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pakru.corpus import Corpus
from pakru.exercises import learner_values, snapshot
from pakru.exercises import tasks as tasklib
from pakru.exercises.check_results import Hint, Notice, Summary, TaskResult
from pakru.exercises.check_rules import Context, Outcome, score
from pakru.problems import ProblemError

_CURRENT: Exercise | None = None


def _user_namespace() -> dict:
    """The notebook's variables: IPython's user namespace in a kernel, else the running script's globals."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is not None:
        return shell.user_ns
    import __main__

    return vars(__main__)


def _describe(value: object) -> str:
    """A short, JSON-safe description of a learner's value already made plain, for the progress record."""
    if isinstance(value, learner_values.NotPlain):
        return f"(not read: it {value})"
    if value is Ellipsis:
        return "(not set yet)"
    return learner_values.describe(value, 500, checked=True)


class Exercise:
    """One exercise notebook's checker: ``ex = Exercise("02_thaw_2003")``, then ``ex.check("q1")``."""

    def __init__(self, exercise_id: str, namespace: dict | None = None, corpus: Corpus | None = None,
                 store=None, tasks_dir: Path = tasklib.TASKS_DIR):
        global _CURRENT
        self.spec = tasklib.load(exercise_id, tasks_dir)
        self._namespace = namespace
        self._corpus = corpus
        self._store = store
        self.hints_shown: dict[str, int] = {}
        self.results: dict[str, TaskResult] = {}
        _CURRENT = self

    def __repr__(self) -> str:
        return (f"<Exercise {self.spec.id}: {len(self.spec.tasks)} tasks — use check('q1'), hint('q1'), summary()>"
                f"\n{self.whose()}")

    def whose(self) -> str:
        """Whose answers this notebook saves (and a warning when the name is only guessed from the login)."""
        who = getattr(self.store, "identity", None)
        return who.describe() if who is not None else f"Answers are saved for learner {self.store.learner!r}."

    # -- what the checker reads ---------------------------------------------------------------------------------
    @property
    def namespace(self) -> dict:
        return self._namespace if self._namespace is not None else _user_namespace()

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            from pakru.corpus import load

            self._corpus = load()
        return self._corpus

    @property
    def store(self):
        """The progress store (``pakru.progress``), made on first use."""
        if self._store is None:
            from pakru.kernelstore import kernel_store

            self._store = kernel_store()
        return self._store

    # -- the learner's three verbs --------------------------------------------------------------------------------
    def check(self, task_id: str) -> TaskResult | Notice:
        """Run one task's checks on the notebook's variables; say what is right and what is not, and save it."""
        try:
            task = self.spec.task(task_id)
        except KeyError as exc:
            return Notice(str(exc.args[0]))
        values = self._values(task)
        outcomes = self._run(task, values)
        passed = all(o.passed for _, o in outcomes)
        if task.kind == "written":
            status, score = ("collected" if passed else "not yet"), None
        else:
            status, score = ("passed" if passed else "not yet"), sum(o.points for _, o in outcomes)
        answer = None
        if task.kind == "written" and type(values.get(task.variables[0])) is str:
            answer = values[task.variables[0]]
        result = TaskResult(self.spec.id, task.id, task.title, task.kind, status, outcomes, score, task.max_score,
                            answer, timestamp=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        self._save(task, result, values)
        self.results[task.id] = result
        return result

    def hint(self, task_id: str) -> Hint | Notice:
        """The next hint for a task: the first call gives hint 1, the next hint 2, and so on."""
        try:
            task = self.spec.task(task_id)
        except KeyError as exc:
            return Notice(str(exc.args[0]))
        number = min(self.hints_shown.get(task.id, 0) + 1, len(task.hints))
        self.hints_shown[task.id] = number
        return Hint(task.id, number, len(task.hints), task.hints[number - 1])

    def summary(self) -> Summary:
        """Every task's status: from this session's checks, else from earlier sessions' saved results."""
        notes: list[str] = []
        saved = {}
        try:
            saved = {q: r for (_, q), r in self.store.latest(self.spec.id).items()}
            notes += [self.whose(), *self.store.warnings]
        except (ImportError, OSError) as exc:
            notes.append(f"Earlier results could not be read ({type(exc).__name__}); this session's are shown.")
        rows = []
        for task in self.spec.tasks:
            row = {"task": task.id, "title": task.title, "kind": task.kind, "status": "unchecked", "score": None,
                   "max_score": task.max_score, "answer": None, "learner": None, "timestamp": None, "checks": None}
            if task.id in self.results:
                row.update(self.results[task.id].record())
            elif task.id in saved:
                rec = saved[task.id]
                status = ("collected" if rec.correct else "not yet") if task.kind == "written" else (
                    "passed" if rec.correct else "not yet")
                checks = rec.answer.get("checks") if isinstance(rec.answer, dict) else None
                row.update(status=status, score=None if task.kind == "written" else rec.score,
                           checks=checks if isinstance(checks, list) else None,
                           answer=snapshot.shown(rec.answer) if task.kind == "written" else None,
                           learner=rec.learner,
                           timestamp=rec.timestamp)
            rows.append(row)
        return Summary(self.spec.id, self.spec.title, rows, notes)

    # -- inside ---------------------------------------------------------------------------------------------------
    def _values(self, task: tasklib.Task) -> dict[str, object]:
        """The task's variables made plain (``learner_values.plain``); a refused one maps to its NotPlain."""
        namespace, values = self.namespace, {}
        for name in task.variables:
            if name not in namespace or namespace[name] is Ellipsis:
                continue
            try:
                values[name] = learner_values.plain(namespace[name])
            except learner_values.NotPlain as exc:
                values[name] = exc
            except (RecursionError, MemoryError):
                values[name] = learner_values.NotPlain("is too large or too deeply nested to read")
        return values

    def _run(self, task: tasklib.Task, values: dict[str, object]) -> list[tuple[str, Outcome]]:
        """Every rule of the task on the plain values, within a time limit; never a traceback, never the answer.

        A variable still missing or ``...`` gets one 'not yet' and no rule runs; a value check() does not
        read gets one message naming its type.
        """
        waiting = [v for v in task.variables if v not in values]
        if waiting:
            return [(v, Outcome(False, "is not set yet: replace the `...` with your answer and run the cell",
                                0.0, 0.0)) for v in waiting]
        refused = [(v, values[v]) for v in task.variables if isinstance(values[v], learner_values.NotPlain)]
        if refused:
            return [(v, Outcome(False, f"{exc}: give text, a number, a list or a pandas table as the task asks",
                                0.0, 0.0)) for v, exc in refused]
        ctx = Context(self.corpus, self.spec.salt)  # loaded before the clock starts
        found = []
        try:
            with learner_values.time_limit():
                for rule in task.rules:
                    found.append((rule.variable, self._rule(rule, values[rule.variable], ctx)))
        except learner_values.CheckTimeout:
            found = [(rule.variable, Outcome(False, "took too long to check: is it much larger than the task "
                                             "asks for?", 0.0, rule.points, rule.type)) for rule in task.rules]
        return found

    @staticmethod
    def _rule(rule, value: object, ctx: Context) -> Outcome:
        earned = 0.0
        try:
            passed, message, earned = score(rule.type, value, ctx, rule.params, rule.points)
        except learner_values.CheckTimeout:
            raise
        except Exception as exc:  # a learner's value can be anything: report it, never a traceback
            passed, message = False, (f"could not be checked ({type(exc).__name__} while checking it): "
                                      "make sure it is the kind of value the task asks for")
        if not passed and rule.advice:
            message = f"{message}. {rule.advice}"
        return Outcome(passed, message, rule.points if passed else earned, rule.points, rule.type)

    def _save(self, task: tasklib.Task, result: TaskResult, values: dict[str, object]) -> None:
        """Record the result in the progress store; if that fails, say so in the result instead of failing."""
        namespace = self.namespace
        unset = {v: Ellipsis for v in task.variables if namespace.get(v, Ellipsis) is Ellipsis}  # "not set yet"
        value = values.get(task.variables[0], Ellipsis)
        readable = {**unset, **{k: v for k, v in values.items() if not isinstance(v, learner_values.NotPlain)}}
        try:
            store = self.store
            previous = store.latest(self.spec.id).get((self.spec.id, task.id))
            attempts = (previous.attempts if previous else 0) + 1
            # the snapshot lets the gradebook re-run the checks instead of trusting `correct`/`score`
            given = snapshot.capture_task(readable, task.variables, task.rules)
            rec = store.record(self.spec.id, task.id, kind="exercise",
                               answer={"shown": _describe(value), "given": given, "checks": result.check_points()},
                               correct=result.status in ("passed", "collected"), attempts=attempts,
                               score=result.score or 0.0, max_score=result.max_score or 0.0)
            result.learner, result.timestamp = rec.learner, rec.timestamp
        except (ImportError, OSError, ValueError, ProblemError) as exc:
            result.notes.append(f"Your result could not be saved ({type(exc).__name__}); it is shown here only.")


def current() -> Exercise | Notice:
    """The exercise most recently opened in this kernel."""
    return _CURRENT if _CURRENT is not None else Notice(
        "No exercise is open yet: run the first code cell of the notebook (it opens the exercise).")


def check(task_id: str) -> TaskResult | Notice:
    """``check("q1")`` on the exercise opened in this notebook."""
    ex = current()
    return ex if isinstance(ex, Notice) else ex.check(task_id)


def hint(task_id: str) -> Hint | Notice:
    """``hint("q1")``: the next hint for a task of the exercise opened in this notebook."""
    ex = current()
    return ex if isinstance(ex, Notice) else ex.hint(task_id)


def summary() -> Summary | Notice:
    """The status of every task of the exercise opened in this notebook, then "Download my results"."""
    from pakru.download import WithDownload

    ex = current()
    return ex if isinstance(ex, Notice) else WithDownload(ex.summary(), ex.store)


def open_exercise(exercise_id: str) -> Exercise | Notice:
    """Open an exercise for ``check``/``hint``/``summary``; a broken task file becomes a Notice, not a traceback."""
    try:
        return Exercise(exercise_id)
    except ProblemError as exc:
        return Notice("This exercise's task file has problems; tell your instructor: "
                      + "; ".join(str(p) for p in exc.problems))
