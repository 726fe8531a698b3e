"""The gradebook: a folder of submissions in, a CSV (student × question) and a summary figure out.

Submissions are read as data only — notebooks are parsed as JSON for the check results their outputs
recorded, progress files and CSV exports are read as records — and never executed. Whose work a file
is comes from where it lies: ``<folder>/<student>/...`` (one folder per student) or ``<folder>/<student>.<ext>``.
Damaged and foreign files are reported, never fatal. Results are only as trustworthy as the files: a
learner who edits a notebook's JSON can change what it records, so spot-check by re-running a notebook.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from pakru.exercises import result as resultlib
from pakru.exercises.tasks import TASKS_DIR, ExerciseSpec, load_spec, spec_paths

PROGRESS_FORMAT = "pakru-progress/1"
CSV_REQUIRED = ("learner", "activity", "question", "score", "max_score", "timestamp")
SUFFIXES = (".ipynb", ".json", ".csv")


@dataclass(frozen=True)
class Entry:
    """One recorded result of one student on one question, and the file it came from."""

    student: str
    activity: str
    question: str
    score: float | None
    """None for written answers (collected, not marked)."""
    max_score: float | None
    status: str
    answer: str | None
    timestamp: str
    file: str

    @property
    def column(self) -> str:
        return f"{self.activity}:{self.question}"


@dataclass
class Gradebook:
    """Everything read from the submissions: latest entry per (student, question), and what went wrong."""

    students: list[str]
    columns: list[str]
    """Marked questions, as ``activity:question``, in exercise and task order."""
    max_scores: dict[str, float]
    best: dict[tuple[str, str], Entry]
    written: list[Entry]
    problems: list[str]

    def score(self, student: str, column: str) -> float | None:
        entry = self.best.get((student, column))
        return None if entry is None else entry.score

    def total(self, student: str) -> float:
        return sum(self.score(student, c) or 0.0 for c in self.columns)

    def fractions(self, column: str) -> list[float | None]:
        """Each student's score on a question as a share of its maximum (None: not attempted)."""
        top = self.max_scores[column] or 1.0
        return [None if self.score(s, column) is None else (self.score(s, column) or 0.0) / top
                for s in self.students]

    def difficulty(self, column: str) -> float:
        """Mean share of the points over all students (not attempted counts as 0): lower is harder."""
        shares = [f or 0.0 for f in self.fractions(column)]
        return sum(shares) / len(shares) if shares else 0.0


# -- reading ---------------------------------------------------------------------------------------------------------
def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    number = float(value)  # ValueError/TypeError: the caller reports the file as damaged
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _owner(path: Path, root: Path) -> str:
    """The student a file belongs to: its first folder under the submissions folder, else its name."""
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else path.stem


def read_notebook(path: Path, student: str, shown: str) -> tuple[list[Entry], str | None, bool]:
    """Check results recorded in a saved notebook's outputs; (entries, problem, is_pakru)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], f"{shown}: damaged notebook, not valid JSON ({type(exc).__name__}); ask for it again", True
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return [], f"{shown}: damaged notebook (no list of cells); ask for it again", True
    is_pakru = isinstance(data.get("metadata"), dict) and isinstance(data["metadata"].get("pakru"), dict)
    entries, bad = [], 0
    for cell in data["cells"]:
        outputs = cell.get("outputs", []) if isinstance(cell, dict) else []
        for output in outputs if isinstance(outputs, list) else []:
            bundle = output.get("data", {}).get(resultlib.MIME) if isinstance(output, dict) else None
            if not isinstance(bundle, dict) or bundle.get("format") != resultlib.FORMAT:
                continue
            is_pakru = True
            for item in bundle.get("results", []) if isinstance(bundle.get("results"), list) else []:
                try:
                    entries.append(Entry(student, str(item["exercise"]), str(item["task"]), _number(item["score"]),
                                         _number(item["max_score"]), str(item.get("status", "")),
                                         item.get("answer") if isinstance(item.get("answer"), str) else None,
                                         str(item.get("timestamp") or ""), shown))
                except (KeyError, TypeError, ValueError):
                    bad += 1
    problem = f"{shown}: {bad} damaged check record(s) skipped" if bad else None
    if not is_pakru:
        return [], f"{shown}: foreign notebook (not a pakru exercise, no check results); skipped", False
    return entries, problem, True


def _from_record(item: dict, student: str, shown: str) -> Entry:
    max_score = _number(item["max_score"])
    written = item.get("kind") == "exercise" and not max_score
    answer = item.get("answer")
    if isinstance(answer, str) and answer.startswith('"'):
        try:
            answer = json.loads(answer)  # the CSV export writes answers as JSON text
        except json.JSONDecodeError:
            pass
    return Entry(student, str(item["activity"]), str(item["question"]),
                 None if written else _number(item["score"]), None if written else max_score,
                 "collected" if written else ("passed" if str(item.get("correct")).lower() == "true" else "not yet"),
                 answer if isinstance(answer, str) else None, str(item.get("timestamp") or ""), shown)


def read_progress(path: Path, student: str, shown: str) -> tuple[list[Entry], str | None, bool]:
    """Records from a progress store file (``pakru-progress/1``); (entries, problem, is_pakru)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], f"{shown}: damaged progress file, not valid JSON ({type(exc).__name__})", True
    if not isinstance(data, dict) or data.get("format") != PROGRESS_FORMAT:
        return [], f"{shown}: foreign JSON file (not {PROGRESS_FORMAT}); skipped", False
    entries, bad = [], 0
    for item in data.get("records", []) if isinstance(data.get("records"), list) else []:
        try:
            entries.append(_from_record(item, student, shown))
        except (KeyError, TypeError, ValueError):
            bad += 1
    return entries, (f"{shown}: {bad} damaged record(s) skipped" if bad else None), True


def read_export(path: Path, student: str, shown: str) -> tuple[list[Entry], str | None, bool]:
    """Rows of a ``python -m pakru export`` CSV; (entries, problem, is_pakru)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not set(CSV_REQUIRED) <= set(reader.fieldnames):
                return [], f"{shown}: foreign CSV (not a pakru export: needs {', '.join(CSV_REQUIRED)}); skipped", False
            rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        return [], f"{shown}: damaged CSV ({type(exc).__name__})", True
    entries, bad = [], 0
    for row in rows:
        try:
            entries.append(_from_record(row, student, shown))
        except (KeyError, TypeError, ValueError):
            bad += 1
    return entries, (f"{shown}: {bad} damaged row(s) skipped" if bad else None), True


READERS = {".ipynb": read_notebook, ".json": read_progress, ".csv": read_export}


def collect(root: Path, specs: dict[str, ExerciseSpec]) -> Gradebook:
    """Read every file under ``root`` (never running any of it) into a gradebook."""
    problems: list[str] = []
    students: set[str] = set()
    entries: list[Entry] = []
    files = sorted(p for p in root.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    for path in files:
        shown = str(path.relative_to(root))
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            problems.append(f"{shown}: foreign file (not .ipynb, progress .json or export .csv); skipped")
            continue
        student = _owner(path, root)
        try:
            found, problem, ours = reader(path, student, shown)
        except OSError as exc:
            found, problem, ours = [], f"{shown}: cannot be read ({exc.strerror or exc})", True
        if problem:
            problems.append(problem)
        if ours:
            students.add(student)
        entries += found
    return _assemble(sorted(students), entries, specs, problems)


def _assemble(students: list[str], entries: list[Entry], specs: dict[str, ExerciseSpec],
              problems: list[str]) -> Gradebook:
    """Latest entry per (student, question); columns from the task files of the exercises seen."""
    best: dict[tuple[str, str], Entry] = {}
    written: dict[tuple[str, str], Entry] = {}
    max_scores: dict[str, float] = {}
    for activity in sorted({e.activity for e in entries}):
        if activity in specs:
            for task in specs[activity].tasks:
                if task.max_score is not None:
                    max_scores[f"{activity}:{task.id}"] = task.max_score
    unknown: set[str] = set()
    for entry in entries:
        spec = specs.get(entry.activity)
        if spec is not None:
            try:
                task = spec.task(entry.question)
            except KeyError:
                unknown.add(f"{entry.file}: {entry.column} is not a task of {entry.activity}; skipped")
                continue
            if task.max_score is None:
                entry = replace(entry, score=None, max_score=None)
            elif entry.score is not None:  # trust the task file's maximum; keep scores inside it
                entry = replace(entry, score=min(max(entry.score, 0.0), task.max_score), max_score=task.max_score)
        elif entry.max_score:
            max_scores.setdefault(entry.column, entry.max_score)
        target = written if entry.max_score is None or entry.score is None else best
        if target is written and not entry.answer:
            continue  # a written task checked before anything was written: nothing to collect
        key = (entry.student, entry.column)
        if key not in target or entry.timestamp > target[key].timestamp:
            target[key] = entry
    order = {a: i for i, a in enumerate(specs)}
    columns = sorted(max_scores, key=lambda c: (order.get(c.split(":")[0], len(order)), c.split(":")[0],
                                                _task_index(specs, c)))
    return Gradebook(students, columns, max_scores, best, sorted(written.values(), key=lambda e: (e.student,
                                                                                                   e.column)),
                     problems + sorted(unknown))


def _task_index(specs: dict[str, ExerciseSpec], column: str) -> int:
    activity, question = column.split(":", 1)
    ids = [t.id for t in specs[activity].tasks] if activity in specs else []
    return ids.index(question) if question in ids else len(ids)


# -- writing ---------------------------------------------------------------------------------------------------------
def _cell(value: object) -> str:
    """Text safe to open in a spreadsheet: a leading = + - @ would be read as a formula."""
    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(book: Gradebook, path: Path) -> Path:
    """Student × question scores (blank: not attempted), with each student's total and the maximum."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *book.columns, "total", "max_total"])
        available = sum(book.max_scores[c] for c in book.columns)
        for student in book.students:
            writer.writerow([_cell(student), *(_cell(book.score(student, c)) for c in book.columns),
                             _cell(book.total(student)), _cell(float(available))])
    return path


def write_written(book: Gradebook, path: Path) -> Path:
    """The written answers, collected for reading (not marked)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "question", "status", "words", "answer"])
        for entry in book.written:
            text = entry.answer or ""
            writer.writerow([_cell(entry.student), entry.column, entry.status, len(text.split()), _cell(text)])
    return path


def write_figure(book: Gradebook, path: Path) -> Path:
    """Save the summary figure as PNG."""
    import matplotlib.pyplot as plt

    fig = summary_figure(book)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def summary_figure(book: Gradebook):
    """Per question, the share of students with full, partial, no points or no attempt; hardest at the top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = sorted(book.columns, key=book.difficulty)  # hardest (lowest mean share) first
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
    fig, ax = plt.subplots(figsize=(9, max(3.0, 0.35 * len(columns) + 1.5)))
    left = [0.0] * len(columns)
    positions = list(range(len(columns)))[::-1]  # first (hardest) column at the top
    for name, colour, hatch in groups:
        ax.barh(positions, shares[name], left=left, color=colour, hatch=hatch, edgecolor="black", linewidth=0.3,
                label=name)
        left = [a + b for a, b in zip(left, shares[name], strict=True)]
    ax.set_yticks(positions, columns)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of students (n = {len(book.students)})")
    ax.set_ylabel("question (hardest at the top)")
    ax.set_title("Score distribution per question")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if len(columns) > 3 else -0.25), ncol=4, frameon=False)
    fig.tight_layout()
    return fig


def load_specs(tasks_dir: Path = TASKS_DIR) -> dict[str, ExerciseSpec]:
    """Every valid task file, by exercise id (a broken one is simply not used for the column order)."""
    specs = {}
    for path in spec_paths(tasks_dir):
        spec, _ = load_spec(path)
        if spec:
            specs[spec.id] = spec
    return specs


def main(argv: list[str] | None = None) -> int:
    """``python -m pakru gradebook SUBMISSIONS [--out DIR]``: write gradebook.csv, written.csv and scores.png."""
    parser = argparse.ArgumentParser(prog="python -m pakru gradebook", description=main.__doc__)
    parser.add_argument("submissions", type=Path, help="folder of submitted notebooks, progress files or exports")
    parser.add_argument("--out", type=Path, default=Path("gradebook"), help="folder to write into (default: gradebook)")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"gradebook: {args.submissions} is not a folder of submissions", file=sys.stderr)
        return 1
    book = collect(args.submissions, load_specs())
    for problem in book.problems:
        print(f"⚠ {problem}", file=sys.stderr)
    if not book.students:
        print("gradebook: no readable submissions found; nothing written", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    written = [write_csv(book, args.out / "gradebook.csv"), write_written(book, args.out / "written.csv"),
               write_figure(book, args.out / "scores.png")]
    (args.out / "problems.txt").write_text("".join(f"{p}\n" for p in book.problems), encoding="utf-8")
    print(f"gradebook: {len(book.students)} students, {len(book.columns)} marked questions, "
          f"{len(book.written)} written answers, {len(book.problems)} problem(s) reported")
    for path in written:
        print(f"wrote {path}")
    return 0
