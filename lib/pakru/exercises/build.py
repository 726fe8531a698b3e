"""Student versions: ``python -m pakru exercises build`` strips solutions and outputs from the source notebooks.

Order matters and is fixed: (1) drop instructor-only cells, (2) strip solution regions, (3) clear
outputs and execution counts — after stripping, since outputs can show answers too.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from pakru.exercises.solution_regions import MarkerError, markers, strip
from pakru.paths import EXERCISES_DIR
from pakru.problems import Problem, display_path

SOURCE_DIR = EXERCISES_DIR / "source"
"""Source notebooks, with solutions: for instructors."""
STUDENT_DIR = EXERCISES_DIR
"""Where student versions are written and committed (what learners open on Binder)."""
ROLE_SOLUTION, ROLE_ANSWER, ROLE_INSTRUCTOR = "solution", "answer", "instructor"


@dataclass
class Built:
    """One student notebook made from one source, with what was taken out of it."""

    source: Path
    notebook: nbformat.NotebookNode
    solutions: list[str]
    names: list[str]

    @property
    def exercise(self) -> str:
        return self.source.stem

    def text(self) -> str:
        """The notebook file's exact text, as committed."""
        return nbformat.writes(self.notebook) + "\n"


def role(cell: nbformat.NotebookNode) -> str | None:
    """A cell's role in an exercise: ``solution``, ``answer``, ``check``, ``instructor`` or None."""
    return cell.get("metadata", {}).get("pakru", {}).get("role")


def build_notebook(path: Path) -> tuple[Built | None, list[Problem]]:
    """Make the student version of one source notebook, or report every cell that stops it."""
    shown = display_path(path)
    try:
        source = nbformat.read(path, as_version=4)
        nbformat.validate(source)
    except Exception as exc:  # nbformat raises many types for a bad file; all mean "fix this file"
        return None, [Problem(shown, f"not a valid notebook: {type(exc).__name__}: {str(exc)[:200]}")]
    problems: list[Problem] = []
    cells, solutions, names = [], [], []
    for index, cell in enumerate(source.cells, 1):
        where = f"cell {index}"
        if role(cell) == ROLE_INSTRUCTOR:
            continue
        if role(cell) == ROLE_SOLUTION:
            if cell.cell_type != "code":
                problems.append(Problem(shown, f"{where}: a solution cell must be a code cell"))
                continue
            try:
                stripped = strip(cell.source)
            except MarkerError as exc:
                problems.append(Problem(shown, f"{where}, line {exc.line}: {exc}"))
                continue
            cell = nbformat.from_dict(dict(cell))
            cell.source = stripped.source
            cell.metadata["pakru"] = {**cell.metadata["pakru"], "role": ROLE_ANSWER}
            solutions += stripped.solutions
            names += stripped.names
        elif markers(cell.source):
            line = markers(cell.source)[0][0]
            problems.append(Problem(shown, f"{where}, line {line}: solution marker outside a solution cell "
                                           '(give the cell metadata {"pakru": {"role": "solution", "task": ...}})'))
            continue
        else:
            cell = nbformat.from_dict(dict(cell))
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    if problems:
        return None, problems
    student = nbformat.from_dict(dict(source))
    student.cells = cells
    student.metadata["pakru"] = {**student.metadata.get("pakru", {}), "exercise": path.stem, "version": "student",
                                 "generated": f"by `python -m pakru exercises build` from exercises/source/{path.name}"
                                              "; edit the source, not this file"}
    return Built(path, student, solutions, names), []


def build_all(source_dir: Path = SOURCE_DIR) -> tuple[list[Built], list[Problem]]:
    """Build every source notebook; return the builds and every problem in every file."""
    built, problems = [], []
    paths = sorted(source_dir.glob("*.ipynb"))
    if not paths:
        problems.append(Problem(display_path(source_dir), "no source notebooks (*.ipynb) found"))
    for path in paths:
        one, found = build_notebook(path)
        problems += found
        if one:
            built.append(one)
    return built, problems


def stale(built: list[Built], out_dir: Path = STUDENT_DIR) -> list[Problem]:
    """Student versions on disk that differ from a fresh build (or are missing)."""
    problems = []
    for one in built:
        target = out_dir / f"{one.exercise}.ipynb"
        if not target.exists() or target.read_text("utf-8") != one.text():
            problems.append(Problem(display_path(target), "student version is missing or out of date: "
                                                          "run `python -m pakru exercises build`"))
    return problems


def _release(out: Path, repo: str | None = None, branch: str = "main") -> int:
    """Write a student edition after making sure the committed student versions are current."""
    from pakru.exercises.release import release

    if out.resolve() == STUDENT_DIR.resolve():
        print("exercises release: give --out, a new folder for the student edition", file=sys.stderr)
        return 2
    built, problems = build_all()
    problems += stale(built)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("exercises release: fix these first; nothing written", file=sys.stderr)
        return 1
    try:
        files = release(out, repo_url=repo, branch=branch)
    except FileExistsError as exc:
        print(f"exercises release: {exc}", file=sys.stderr)
        return 1
    print(f"wrote a student edition of {len(files)} files to {out} (no exercises/source, no instructor guides)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m pakru exercises build|release [--source DIR] [--out DIR] [--check]``; exit 1 on any problem."""
    parser = argparse.ArgumentParser(prog="python -m pakru exercises", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["build", "release"],
                        help="build: write the student versions; release: write a student edition of the "
                             "repository (no solutions) into --out")
    parser.add_argument("--source", type=Path, default=SOURCE_DIR, help="folder of source notebooks (with solutions)")
    parser.add_argument("--out", type=Path, default=STUDENT_DIR, help="folder for student versions")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a student version is stale")
    parser.add_argument("--repo", help="release: the URL the edition will be published at (its badge and links)")
    parser.add_argument("--branch", default="main", help="release: the edition's branch (default: main)")
    args = parser.parse_args(argv)
    if args.action == "release":
        return _release(args.out, args.repo, args.branch)
    built, problems = build_all(args.source)
    if args.check:
        problems += stale(built, args.out)
    elif not problems:
        args.out.mkdir(parents=True, exist_ok=True)
        for one in built:
            (args.out / f"{one.exercise}.ipynb").write_text(one.text(), encoding="utf-8")
            print(f"wrote {display_path(args.out / (one.exercise + '.ipynb'))} "
                  f"({len(one.solutions)} solution region(s) removed)")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"exercises build: {len(problems)} problem(s); nothing written" if not args.check else
              f"exercises build --check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0
