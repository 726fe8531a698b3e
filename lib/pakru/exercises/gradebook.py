"""The gradebook: learners' results in, scores the instructor can trust and an LMS import file out.

Three ways in: an LMS bulk-download archive (``SUBMISSIONS.zip --lms canvas|moodle``), the home
folders on a hub (``--homes DIR``), or a folder of handed-in files (``<folder>/<student>/...`` or
``<folder>/<student>.<ext>``). Files are read as data only — progress files, ``pakru export`` CSVs,
saved notebooks — and never executed.

Why scores are recomputed: a progress file is JSON the learner can edit, so its ``correct`` and
``score`` prove nothing. Every exercise answer is judged again here with the task's own checks, on
the snapshot of the learner's variables that ``check()`` saved (``pakru.exercises.snapshot``), and
every quiz answer with its bank's question. A record whose verdict disagrees with the re-grade, or
whose learner is not the student whose file it came in, is listed in ``review.csv``.

Quizzes and exercises are told apart by the record's ``kind``, never by matching ids (lesson 2's
quiz bank and exercise 2 share the id ``02_thaw_2003``). Quiz participation goes to ``quizzes.csv``
and into the import file only with ``--quizzes``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pakru import progress
from pakru.exercises import lms, snapshot
from pakru.exercises import result as resultlib
from pakru.exercises.tasks import ExerciseSpec, Task, load_spec, spec_paths
from pakru.gradebook_options import USAGE, add_arguments
from pakru.problems import ProblemError
from pakru.yamlfile import parse_json

PROGRESS_FORMAT = "pakru-progress/1"
CSV_REQUIRED = ("learner", "activity", "question", "score", "max_score", "timestamp")
SUFFIXES = (".json", ".csv", ".ipynb")
PROGRESS_IN_HOME = Path(".local") / "share" / "pakru" / "progress"
"""Where a learner's kernels keep progress in their home (``pakru.progress.default_root``)."""


# -- what was handed in ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Given:
    """One recorded answer, as found in a file: nothing in it is trusted yet."""

    kind: str
    """``exercise`` or ``quiz`` (anything else is reported)."""
    activity: str
    question: str
    learner: str
    answer: Any
    correct: bool | None
    score: float | None
    timestamp: str
    file: str
    regradable: bool = True
    """False for results read from a notebook's outputs (they hold a verdict, not the answer)."""


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text == "true" else False if text == "false" else None


def _given(item: dict, shown: str, answer: Any = None) -> Given:
    if not isinstance(item, dict):
        raise TypeError("record is not a mapping")
    for key in ("kind", "activity", "question"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise ValueError(f"record lacks {key}")
    return Given(item["kind"], item["activity"], item["question"], str(item.get("learner") or ""),
                 item.get("answer") if answer is None else answer, _flag(item.get("correct")),
                 _number(item.get("score")), str(item.get("timestamp") or ""), shown)


def _json(data: bytes, shown: str = "") -> Any:
    """Submitted JSON through the shared guarded reader (deep nesting, bad syntax: ValueError, never a crash)."""
    try:
        return parse_json(lms.decode(data), shown)
    except ProblemError as exc:
        raise ValueError(exc.problems[0].message) from None


def parse_progress(data: bytes, shown: str) -> tuple[list[Given], list[str], bool]:
    """Records of a progress file (``pakru-progress/1``); (records, problems, is ours)."""
    try:  # the one reader of the progress format: every field of every record validated
        records, warnings = progress.parse(data, shown)
    except progress.DamagedFile as exc:
        if exc.foreign:
            return [], [f"{shown}: foreign JSON file (not {PROGRESS_FORMAT}); skipped"], False
        return [], [f"{shown}: damaged progress file ({str(exc).removeprefix(shown + ': ')}); ask for it again"], True
    found, bad = [], len(warnings)
    for record in records:
        try:
            found.append(_given(asdict(record), shown))
        except (TypeError, ValueError):
            bad += 1
    return found, ([f"{shown}: {bad} damaged record(s) skipped"] if bad else []), True


def parse_export(data: bytes, shown: str) -> tuple[list[Given], list[str], bool]:
    """Rows of a ``python -m pakru export`` CSV (answers are JSON text in it)."""
    try:
        rows = lms.csv_rows(lms.decode(data))
    except (UnicodeDecodeError, csv.Error) as exc:
        return [], [f"{shown}: damaged CSV ({type(exc).__name__})"], True
    if not rows or not set(CSV_REQUIRED) <= set(rows[0]):
        return [], [f"{shown}: foreign CSV (not a pakru export: needs {', '.join(CSV_REQUIRED)}); skipped"], False
    found, bad = [], 0
    for row in rows:
        try:
            answer = json.loads(row.get("answer") or "null")
        except (json.JSONDecodeError, RecursionError):
            answer = row.get("answer")
        try:
            found.append(_given(row, shown, answer))
        except (TypeError, ValueError):
            bad += 1
    return found, ([f"{shown}: {bad} damaged row(s) skipped"] if bad else []), True


def parse_notebook(data: bytes, shown: str) -> tuple[list[Given], list[str], bool]:
    """Check results in a saved notebook's outputs: verdicts only, so they cannot be re-graded."""
    try:
        doc = _json(data, shown)
    except (UnicodeDecodeError, ValueError, MemoryError) as exc:
        return [], [f"{shown}: damaged notebook, not valid JSON ({type(exc).__name__}); ask for it again"], True
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        return [], [f"{shown}: damaged notebook (no list of cells); ask for it again"], True
    ours = isinstance(doc.get("metadata"), dict) and isinstance(doc["metadata"].get("pakru"), dict)
    found, bad = [], 0
    for cell in doc["cells"]:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            bundle = output.get("data") if isinstance(output, dict) else None
            bundle = bundle.get(resultlib.MIME) if isinstance(bundle, dict) else None
            if not isinstance(bundle, dict) or bundle.get("format") != resultlib.FORMAT:
                continue
            ours = True
            for item in bundle.get("results") if isinstance(bundle.get("results"), list) else []:
                try:
                    record = {"kind": "exercise", "activity": item["exercise"], "question": item["task"],
                              "learner": item.get("learner"), "answer": item.get("answer"),
                              "correct": item.get("status") in ("passed", "collected"), "score": item.get("score"),
                              "timestamp": item.get("timestamp")}
                    found.append(Given(**{**_given(record, shown).__dict__, "regradable": False}))
                except (KeyError, TypeError, ValueError, AttributeError):
                    bad += 1
    if not ours:
        return [], [f"{shown}: foreign notebook (not a pakru exercise, no check results); skipped"], False
    return found, ([f"{shown}: {bad} damaged check record(s) skipped"] if bad else []), True


PARSERS: dict[str, Callable[[bytes, str], tuple[list[Given], list[str], bool]]] = {
    ".json": parse_progress, ".csv": parse_export, ".ipynb": parse_notebook}


@dataclass
class Handed:
    """Everything read from one source, grouped by student, before any grading."""

    given: dict[str, list[Given]] = field(default_factory=lambda: defaultdict(list))
    owners: dict[str, lms.Owner] = field(default_factory=dict)
    files: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    problems: list[str] = field(default_factory=list)

    def add(self, owner: lms.Owner, shown: str, data_reader: Callable[[], bytes], suffix: str) -> None:
        parse = PARSERS.get(suffix)
        if parse is None:
            self.problems.append(f"{shown}: foreign file (not a progress .json, export .csv or .ipynb); skipped")
            return
        try:
            found, problems, ours = parse(data_reader(), shown)
        except (OSError, ValueError, MemoryError) as exc:
            found, problems, ours = [], [f"{shown}: cannot be read ({exc}); skipped"], True
        self.problems += problems
        if ours:
            self.owners.setdefault(owner.key, owner)
            self.files[owner.key].add(shown)
            self.given[owner.key] += found


def from_folder(root: Path) -> Handed:
    """``<root>/<student>/...`` or ``<root>/<student>.<ext>``: the student is the first part of the path."""
    handed = Handed()
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and not any(part.startswith(".") for part in p.relative_to(root).parts)):
        parts = path.relative_to(root).parts
        student = parts[0] if len(parts) > 1 else path.stem
        handed.add(lms.Owner(f"folder:{student}", student, {"login": student}), str(path.relative_to(root)),
                   path.read_bytes, path.suffix.lower())
    _report_doubles(handed)
    return handed


def from_homes(homes: Path) -> Handed:
    """Every learner's progress store on a hub: ``<homes>/<user>/.local/share/pakru/progress/*/*.json``."""
    handed = Handed()
    for home in sorted(p for p in homes.iterdir() if p.is_dir() and not p.name.startswith(".")):
        store = home / PROGRESS_IN_HOME
        files = sorted(p for p in store.glob("*/*.json") if not p.name.startswith(".")) if store.is_dir() else []
        owner = lms.Owner(f"home:{home.name}", home.name, {"login": home.name})
        for path in files:
            handed.add(owner, str(path.relative_to(homes)), path.read_bytes, ".json")
        if not files:
            handed.problems.append(f"{home.name}: no pakru progress in this home (not started yet?)")
    return handed


def from_archive(path: Path, system: str) -> Handed:
    """An LMS bulk-download zip, read in memory (nothing is unpacked)."""
    handed = Handed()
    for member in lms.read_archive(path, system):
        if member.problem:
            handed.problems.append(member.problem)
            continue
        handed.add(member.owner, member.shown, member.read, member.suffix)
    return handed


def _report_doubles(handed: Handed) -> None:
    """``dup/`` and ``dup.ipynb`` both map to one student: say so (they are merged, latest answer wins)."""
    for key, files in handed.files.items():
        tops = {Path(f).parts[0] if len(Path(f).parts) > 1 else f for f in files}
        if len(tops) > 1:
            handed.problems.append(f"{handed.owners[key].name}: handed in as {', '.join(sorted(tops))}; "
                                   "merged (latest answer per question) — check that they are one student")


# -- judging ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mark:
    """One question's result after re-grading."""

    score: float
    max_score: float
    note: str = ""
    checks: tuple = ()
    """Points per check, as re-graded: ``(check type, variable, points, out of)`` in the task file's order."""


@dataclass
class Gradebook:
    """Re-graded results per student, what needs the instructor's eye, and what went wrong."""

    specs: dict[str, ExerciseSpec]
    students: list[str]
    names: dict[str, str]
    marks: dict[tuple[str, str], Mark]
    """(student, ``exercise:task``) → re-graded mark (marked tasks only)."""
    written: list[tuple[str, str, Task, str]]
    """(student, exercise, task, answer text) for the marking sheet."""
    quizzes: dict[tuple[str, str], tuple[int, int]]
    """(student, bank) → (questions answered, answered right on re-grading)."""
    review: list[tuple[str, str, str, str]]
    """(student, file, ``activity:question``, what is wrong) for the instructor to look at."""
    problems: list[str]
    hashed: dict[str, list[str]]
    """``exercise:task`` → rule types that rest on salted hashes (see ``hash_notes``)."""

    @property
    def columns(self) -> list[str]:
        return [f"{e}:{t.id}" for e, spec in self.specs.items() for t in spec.tasks if t.max_score is not None
                and self._attempted_exercise(e)]

    def _attempted_exercise(self, exercise: str) -> bool:
        return any(column.split(":")[0] == exercise for (_, column) in self.marks)

    @property
    def exercises(self) -> list[str]:
        return [e for e in self.specs if self._attempted_exercise(e)]

    def max_score(self, column: str) -> float:
        exercise, task = column.split(":", 1)
        return self.specs[exercise].task(task).max_score or 0.0

    def score(self, student: str, column: str) -> float | None:
        mark = self.marks.get((student, column))
        return None if mark is None else mark.score

    def exercise_total(self, student: str, exercise: str) -> float | None:
        scores = [self.score(student, c) for c in self.columns if c.split(":")[0] == exercise]
        return None if all(s is None for s in scores) else sum(s or 0.0 for s in scores)

    def exercise_max(self, exercise: str) -> float:
        return sum(self.max_score(c) for c in self.columns if c.split(":")[0] == exercise)

    def total(self, student: str) -> float:
        return sum(self.score(student, c) or 0.0 for c in self.columns)

    def fractions(self, column: str) -> list[float | None]:
        top = self.max_score(column) or 1.0
        return [None if self.score(s, column) is None else (self.score(s, column) or 0.0) / top
                for s in self.students]

    def difficulty(self, column: str) -> float:
        shares = [f or 0.0 for f in self.fractions(column)]
        return sum(shares) / len(shares) if shares else 0.0


class Judge:
    """Re-runs the task's checks and the bank's questions; caches the corpus and banks."""

    def __init__(self, specs: dict[str, ExerciseSpec]):
        self.specs = specs
        self._corpus = None
        self._banks: dict[str, Any] = {}

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
        from pakru.exercises.rules import RULES, Context

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
            try:
                passed, _ = RULES[rule.type](values[rule.variable], ctx, **rule.params)
            except Exception:  # noqa: BLE001 - the learner's value can be anything, as in check()
                passed = False
            found.append((rule.type, rule.variable, rule.points if passed else 0.0, rule.points))
        return sum(f[2] for f in found), "", tuple(found)

    def bank(self, bank_id: str):
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


def _same_learner(record: str, owner: lms.Owner) -> bool:
    from pakru.progress import safe_name

    if not record:
        return False
    candidates = {owner.name, owner.ids.get("login", "")} - {""}
    return any(record == c or safe_name(record) == safe_name(c) for c in candidates)


def grade(handed: Handed, specs: dict[str, ExerciseSpec], judge: Judge | None = None) -> Gradebook:
    """Re-grade everything handed in; the latest answer per (student, kind, activity, question) counts."""
    judge = judge or Judge(specs)
    problems = list(handed.problems)
    review: list[tuple[str, str, str, str]] = []
    unknown: Counter = Counter()
    latest: dict[tuple[str, str, str, str], Given] = {}
    claimed: dict[str, set[str]] = defaultdict(set)
    check_learner = {k for k, o in handed.owners.items() if not k.startswith(("canvas:", "moodle:"))}
    for student, records in handed.given.items():
        owner = handed.owners[student]
        learners = Counter(r.learner for r in records if r.learner)
        for given in records:
            if given.learner:
                claimed[given.learner].add(student)
            if student in check_learner and not _same_learner(given.learner, owner):
                review.append((owner.name, given.file, f"{given.activity}:{given.question}",
                               f"recorded for learner {given.learner!r}, handed in by {owner.name!r}; not counted"))
                continue
            if student not in check_learner and len(learners) > 1 and given.learner != learners.most_common(1)[0][0]:
                review.append((owner.name, given.file, f"{given.activity}:{given.question}",
                               f"recorded for learner {given.learner!r}, unlike the rest of this submission "
                               f"({learners.most_common(1)[0][0]!r}); not counted"))
                continue
            if given.kind not in ("exercise", "quiz"):
                unknown[f"{given.file}: records of kind {given.kind!r} (neither quiz nor exercise); ignored"] += 1
                continue
            key = (student, given.kind, given.activity, given.question)
            # an answer that can be re-graded beats a bare verdict (a notebook's output) of any date
            if key not in latest or (given.regradable, given.timestamp) > (latest[key].regradable,
                                                                           latest[key].timestamp):
                latest[key] = given
    for learner, students in claimed.items():
        if len(students) > 1:
            names = ", ".join(sorted(handed.owners[s].name for s in students))
            review.append((names, "", "", f"records of learner {learner!r} were handed in by several students "
                                          f"({names}): copied files?"))

    marks: dict[tuple[str, str], Mark] = {}
    written, quizzes = [], defaultdict(lambda: [0, 0])
    for (student, kind, activity, question), given in sorted(latest.items()):
        name = handed.owners[student].name
        where = f"{activity}:{question}"
        if kind == "quiz":
            right = judge.quiz(given)
            if right is None:
                unknown[f"{given.file}: quiz {where} is not a question of the course's banks; ignored"] += 1
                continue
            quizzes[(student, activity)][0] += 1
            quizzes[(student, activity)][1] += int(right)
            if given.correct is not None and given.correct != right:
                said, truth = ("right" if given.correct else "wrong"), ("right" if right else "wrong")
                review.append((name, given.file, where, f"quiz answer recorded as {said}, but it is {truth}: "
                                                        "re-graded"))
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
            review.append((name, given.file, where, "a notebook holds only the verdict, not the answer: 0 points; "
                                                    "ask for the results file (Download my results)"))
            continue
        try:
            points, note, checks = judge.checks(spec, task, given.answer)
        except (snapshot.Unrestorable, KeyError, TypeError, ValueError) as exc:
            marks[(student, where)] = Mark(0.0, top, "not re-gradable")
            review.append((name, given.file, where, f"cannot be re-graded ({exc}): 0 points"))
            continue
        marks[(student, where)] = Mark(points, top, note, checks)
        if given.score is not None and abs(given.score - points) > 1e-9:
            review.append((name, given.file, where, f"recorded {given.score:g} of {top:g} points, re-graded "
                                                    f"{points:g}: the re-graded score counts"))
    problems += [f"{line}" + (f" ({n} records)" if n > 1 else "") for line, n in sorted(unknown.items())]
    students = sorted(handed.owners, key=lambda k: handed.owners[k].name.casefold())
    return Gradebook(specs, students, {k: handed.owners[k].name for k in students}, marks, written,
                     {k: tuple(v) for k, v in quizzes.items()}, review, problems, hashed_tasks(specs))


def hashed_tasks(specs: dict[str, ExerciseSpec]) -> dict[str, list[str]]:
    """Tasks whose marks rest on salted hashes of the answers, which ship in the student edition."""
    found = {}
    for exercise, spec in specs.items():
        for task in spec.tasks:
            kinds = sorted({r.type for r in task.rules if r.params.get("accept")})
            if kinds and task.max_score:
                found[f"{exercise}:{task.id}"] = kinds
    return found


def hash_notes(book: Gradebook) -> list[str]:
    """Which marks a student could have obtained without solving the task (issue: hashes in the student edition)."""
    notes = []
    for column in book.columns:
        if column in book.hashed:
            points = sum(r.points for r in book.specs[column.split(":")[0]].task(column.split(":")[1]).rules
                         if r.params.get("accept"))
            notes.append(f"{column}: {points:g} of {book.max_score(column):g} points rest on salted hashes of the "
                         "accepted answers. A student edition (`exercises release`) ships without them and these "
                         "marks are given here only; but a student who has a copy with the hashes (this "
                         "repository, or an edition released before hashes were withheld) could have obtained "
                         "these marks without solving the task (by trying candidate answers)")
    return notes


# -- writing ---------------------------------------------------------------------------------------------------------
cell = lms.cell


def _rows(path: Path, header: list[str], rows: Iterable[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([cell(h) for h in header])
        for row in rows:
            writer.writerow([cell(v) for v in row])
    return path


def write_detail(book: Gradebook, path: Path) -> Path:
    """Student × task, re-graded (blank: not attempted), with total and maximum."""
    available = float(sum(book.max_score(c) for c in book.columns))
    return _rows(path, ["student", *book.columns, "total", "max_total"],
                 ([book.names[s], *(book.score(s, c) for c in book.columns), float(book.total(s)), available]
                  for s in book.students))


def write_checks(book: Gradebook, path: Path) -> Path:
    """Points per check (partial credit), as re-graded: one row per student, task and check."""
    rows = ([book.names[s], column, n, kind, variable, points, top]
            for s in book.students for column in book.columns if (s, column) in book.marks
            for n, (kind, variable, points, top) in enumerate(book.marks[(s, column)].checks, 1))
    return _rows(path, ["student", "task", "check", "type", "variable", "points", "out of"], rows)


def write_quizzes(book: Gradebook, path: Path) -> Path:
    """Quiz participation: questions answered and answered right, per student and bank (optional for grades)."""
    banks = sorted({b for (_, b) in book.quizzes})
    header = ["student"] + [f"{b} {what}" for b in banks for what in ("answered", "right")]
    return _rows(path, header, ([book.names[s], *(v for b in banks for v in book.quizzes.get((s, b), ("", "")))]
                                for s in book.students))


def write_marking(book: Gradebook, path: Path) -> Path:
    """Written answers, one per row, with what to mark them against and empty mark/comment cells."""
    rows = []
    for student, exercise, task, text in book.written:
        words = next((r.params for r in task.rules if r.type == "words"), {})
        guide = task.rubric_text or (f"{task.title}. Hints given to students: " + " / ".join(task.hints))
        rows.append([book.names[student], exercise, task.id, task.title, guide,
                     f"{words.get('min', '')}–{words.get('max', '')}", len(text.split()), text, "", ""])
    return _rows(path, ["student", "exercise", "task", "question", "rubric", "words asked", "words", "answer",
                        "mark", "comment"], rows)


def write_review(book: Gradebook, path: Path) -> Path:
    return _rows(path, ["student", "file", "question", "what to check"], book.review)


def lms_columns(book: Gradebook, with_quizzes: bool) -> tuple[list[str], dict[str, float], dict]:
    """Assignment columns for an import file: one per exercise (re-graded total), quizzes if asked."""
    columns, points, values = [], {}, {}
    for exercise in book.exercises:
        name = f"pakru {book.specs[exercise].title}"
        columns.append(name)
        points[name] = book.exercise_max(exercise)
        values[name] = lambda s, e=exercise: book.exercise_total(s, e)
    if with_quizzes:
        for bank in sorted({b for (_, b) in book.quizzes}):
            name = f"pakru quiz {bank} (questions right)"
            columns.append(name)
            points[name] = float(max(n for (s, b), (n, _) in book.quizzes.items() if b == bank))
            values[name] = lambda s, b=bank: float(book.quizzes[(s, b)][1]) if (s, b) in book.quizzes else None
    return columns, points, values


def lms_rows(book: Gradebook, values: dict, people: list[lms.Person] | None, owners: dict[str, lms.Owner],
             system: str) -> tuple[list[lms.Row], list[str]]:
    """One import row per roster person (blank grades for those who handed nothing in) or per student."""
    problems, rows, seen = [], [], {}
    for student in book.students:
        owner = owners[student]
        if people is not None:
            person, why = lms.match(owner, people)
            if person is None:
                problems.append(why)
                continue
        elif system == "canvas":
            person = lms.Person(student=owner.name, canvas_id=owner.ids.get("canvas_id", ""),
                                login="" if owner.ids.get("canvas_id") else owner.ids.get("login", owner.name))
        else:
            login = owner.ids.get("login", "")
            if "@" not in login:
                problems.append(f"{owner.name}: Moodle matches on email or ID number, which this submission does "
                                "not carry: pass --roster (a grade export with Email address or ID number)")
                continue
            person = lms.Person(student=owner.name, email=login)
        if person in seen:
            problems.append(f"{owner.name} and {seen[person]}: the same roster row; only the first is imported")
            continue
        seen[person] = owner.name
        rows.append(lms.Row(person, {c: f(student) for c, f in values.items()}))
    for person in people or []:
        if person not in seen:
            rows.append(lms.Row(person, {}))
    return rows, problems


def write_figure(book: Gradebook, path: Path) -> Path:
    """Save the summary figure as PNG (no pyplot: the figure is drawn and saved on its own canvas)."""
    summary_figure(book).savefig(path, dpi=120)
    return path


def summary_figure(book: Gradebook):
    """Per question, the share of students with full, partial, no points or no attempt; hardest at the top."""
    from matplotlib.figure import Figure

    columns = sorted(book.columns, key=book.difficulty)
    groups = [("full points", "#2e7d32", ""), ("some points", "#f9a825", "//"), ("no points", "#c62828", "xx"),
              ("not attempted", "#9e9e9e", "..")]
    shares = {name: [] for name, _, _ in groups}
    for column in columns:
        fractions = book.fractions(column)
        n = len(fractions) or 1
        shares["full points"].append(sum(1 for f in fractions if f is not None and f >= 1.0) / n)
        shares["some points"].append(sum(1 for f in fractions if f is not None and 0 < f < 1.0) / n)
        shares["no points"].append(sum(1 for f in fractions if f == 0) / n)
        shares["not attempted"].append(sum(1 for f in fractions if f is None) / n)
    fig = Figure(figsize=(9, max(3.0, 0.35 * len(columns) + 1.5)))
    ax = fig.add_subplot()
    left = [0.0] * len(columns)
    positions = list(range(len(columns)))[::-1]
    for name, colour, hatch in groups:
        ax.barh(positions, shares[name], left=left, color=colour, hatch=hatch, edgecolor="black", linewidth=0.3,
                label=name)
        left = [a + b for a, b in zip(left, shares[name], strict=True)]
    ax.set_yticks(positions, columns)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of students (n = {len(book.students)})")
    ax.set_ylabel("question (hardest at the top)")
    ax.set_title("Score distribution per question (re-graded)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if len(columns) > 3 else -0.25), ncol=4, frameon=False)
    fig.tight_layout()
    return fig


def load_specs(tasks_dir: Path | None = None) -> dict[str, ExerciseSpec]:
    """Every valid task file, by exercise id (a broken one is reported by ``pakru check``, not used here)."""
    specs = {}
    for path in spec_paths(tasks_dir) if tasks_dir else spec_paths():
        spec, _ = load_spec(path)
        if spec:
            specs[spec.id] = spec
    return specs


# -- command line ----------------------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> int:
    """Read, re-grade, write; one line per problem, exit 1 when nothing could be graded."""
    source = args.submissions
    if (source is None) == (args.homes is None):
        print("gradebook: give either SUBMISSIONS (a .zip or folder) or --homes DIR", file=sys.stderr)
        return 2
    if args.homes is not None:
        if not args.homes.is_dir():
            print(f"gradebook: {args.homes} is not a folder of home folders", file=sys.stderr)
            return 1
        handed = from_homes(args.homes)
    elif source.is_file() and source.suffix.lower() == ".zip":
        if not args.lms:
            print(f"gradebook: {source} is an archive; say which LMS made it with --lms canvas or --lms moodle",
                  file=sys.stderr)
            return 2
        try:
            handed = from_archive(source, args.lms)
        except (OSError, zipfile.BadZipFile) as exc:
            print(f"gradebook: {source} cannot be read as a zip archive ({exc})", file=sys.stderr)
            return 1
    elif source.is_dir():
        handed = from_folder(source)
    else:
        print(f"gradebook: {source} is neither a .zip archive nor a folder of submissions", file=sys.stderr)
        return 1
    people = None
    if args.roster is not None:
        try:
            people, roster_problems = lms.read_roster(args.roster)
        except (OSError, ValueError, UnicodeDecodeError, csv.Error) as exc:
            print(f"gradebook: roster {args.roster}: {exc}", file=sys.stderr)
            return 1
        handed.problems += roster_problems
    book = grade(handed, load_specs())
    for problem in book.problems:
        print(f"⚠ {problem}", file=sys.stderr)
    if not book.students:
        print("gradebook: no readable submissions found; nothing written", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    written = [write_detail(book, args.out / "gradebook.csv"), write_checks(book, args.out / "checks.csv"),
               write_quizzes(book, args.out / "quizzes.csv"),
               write_marking(book, args.out / "marking.csv"), write_review(book, args.out / "review.csv"),
               write_figure(book, args.out / "scores.png")]
    if args.lms:
        columns, points, values = lms_columns(book, args.quizzes)
        rows, lms_problems = lms_rows(book, values, people, handed.owners, args.lms)
        for problem in lms_problems:
            print(f"⚠ {problem}", file=sys.stderr)
        book.problems += lms_problems
        target = args.out / f"{args.lms}.csv"
        written.insert(0, lms.write_canvas(target, columns, points, rows) if args.lms == "canvas"
                       else lms.write_moodle(target, columns, rows))
    notes = hash_notes(book)
    (args.out / "problems.txt").write_text("".join(f"{p}\n" for p in book.problems + notes), encoding="utf-8")
    for note in notes:
        print(f"note: {note}")
    print(f"gradebook: {len(book.students)} students, {len(book.columns)} marked tasks re-graded, "
          f"{len(book.written)} written answers to mark, {len(book.review)} record(s) to review, "
          f"{len(book.problems)} problem(s)")
    for path in written:
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m pakru gradebook``: see ``--help``."""
    parser = argparse.ArgumentParser(prog="python -m pakru gradebook", description=__doc__.split("\n\n")[0],
                                     epilog=USAGE, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))
