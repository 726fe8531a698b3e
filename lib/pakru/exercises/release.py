"""A student edition of the repository: everything a class needs, and no solutions.

This repository is the instructors' copy: ``exercises/source/`` holds the solutions and the two
guides hold suggested answers. A class should get its Binder or JupyterHub link from a student
edition, written by ``python -m pakru exercises release --out DIR`` and published on its own
(another repository or branch). The edition is built from the committed student versions, so it
runs exactly what the tests ran.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from pakru.paths import PROJECT_ROOT

KEEP = ("README.md", "requirements.in", "requirements.txt", "runtime.txt", "pyproject.toml", "postBuild", ".gitignore",
        "seeds", "data", "schemas", "lab-settings", "lab-extension", "lib", "notebooks", "exercises", "docs")
"""What a student edition carries: the lessons, the exercises and everything they need to run."""
LEAVE_OUT = ("exercises/source", "exercises/INSTRUCTORS.md", "notebooks/INSTRUCTOR_GUIDE.md")
"""Instructor material: solution notebooks and suggested answers."""
MARKER = Path("exercises") / "STUDENT_EDITION.md"
"""Present only in a student edition; tells `check` that the missing solutions are on purpose."""
IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints", "*.pyc", "node_modules")

NOTE = """# Student edition

This copy of the teaching package carries the lessons and the student versions of the
exercises, without their solutions. It was written by `python -m pakru exercises release`
from the instructors' repository; change things there and release again.
"""


def is_student_edition(root: Path = PROJECT_ROOT) -> bool:
    """True inside a student edition (solutions deliberately absent)."""
    return (root / MARKER).is_file()


def release(out: Path, root: Path = PROJECT_ROOT, repo_url: str | None = None, branch: str = "main") -> list[Path]:
    """Write a student edition of ``root`` into the new folder ``out``; return the files written.

    With ``repo_url`` (where the edition will be published) its README badge and ``LAUNCH.md`` link to
    the edition itself, never to the instructors' copy.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; give a new or empty folder for the student edition")
    leave_out = {(root / p).resolve() for p in LEAVE_OUT}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(IGNORE(folder, names))
        return skipped | {n for n in names if (Path(folder) / n).resolve() in leave_out}

    out.mkdir(parents=True, exist_ok=True)
    for name in KEEP:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, out / name)
    (out / MARKER).write_text(NOTE, encoding="utf-8")
    one_notebook_per_lesson(out / "notebooks")
    for task_file in sorted((out / "exercises" / "tasks").glob("*.yaml")):
        withhold_answers(task_file)
    link_to_itself(out, repo_url, branch)
    return sorted(p for p in out.rglob("*") if p.is_file())


def one_notebook_per_lesson(folder: Path) -> None:
    """Keep only the ``.ipynb`` of each lesson: learners see one file per lesson, not a pair to choose from.

    Authors edit the MyST ``.md`` and keep the pairs (``jupytext.toml``); a learner opening the file browser
    saw every lesson twice and could not tell which to open. The edition drops each ``.md`` whose notebook is
    there, and the pairing file, so JupyterLab does not write the ``.md`` back on save and ``check`` does not
    look for it (pakru.notebooks pairs only folders that hold a ``jupytext.toml``).
    """
    for text in sorted(folder.glob("*.md")):
        if text.with_suffix(".ipynb").is_file():
            text.unlink()
    (folder / "jupytext.toml").unlink(missing_ok=True)


def withhold_answers(path: Path) -> None:
    """Keep the answers in the instructors' copy: no salted hashes, no written-out alternatives.

    Why: a student with the hashes can find a short answer by trying candidates (about 400 tries
    recover exercise 2's dates and numbers), and `alternatives:` says in words which answers count.
    A written task's ``rubric:`` stays: it is not an answer but what the marker looks for, which a student
    should know before writing. Only its ``examples:`` go, since they name the paragraphs that answer the
    exercise's checked tasks (e.g. exercise 1's q6 examples are q3's citations).
    The edition's ``accept:`` lists are emptied, so its ``check()`` says those checks are marked by
    the instructor; the gradebook, run in the instructors' copy, re-grades them with the hashes.
    """
    lines = path.read_text("utf-8").splitlines(keepends=True)
    header = "".join(line for line in lines[:next((i for i, line in enumerate(lines) if not line.startswith("#")),
                                                   len(lines))])
    data = yaml.safe_load("".join(lines))
    for task in data.get("tasks", []):
        task.pop("alternatives", None)
        for line in task.get("rubric") or []:
            if isinstance(line, dict):
                line.pop("examples", None)
        for check in task.get("checks", []):
            if isinstance(check, dict) and "accept" in check:
                check["accept"] = []
    path.write_text(header + "# Student edition: accepted answers are kept in the instructors' copy.\n"
                    + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")


BADGE_LINE = re.compile(r"^\[!\[Launch on Binder\]\([^)]*\)\]\([^)]*\)$", re.M)


def link_to_itself(edition: Path, repo_url: str | None, branch: str = "main") -> None:
    """Point the edition's README badge at the edition and list every notebook's links in LAUNCH.md."""
    from pakru import links

    readme = edition / "README.md"
    if repo_url is None:
        launch = ("# Launch links\n\nThis edition was released without `--repo`. Once it is published, run "
                  "`python -m pakru links` in a clone of it (add `--hub https://your.hub` for JupyterHub links) "
                  "and paste the badge it prints into README.md.\n")
    else:
        start = "notebooks/00_start_here.ipynb"
        if readme.is_file():
            text = readme.read_text("utf-8")
            readme.write_text(BADGE_LINE.sub(lambda _: links.badge(repo_url, branch, start), text, count=1),
                              encoding="utf-8")
        rows = "".join(f"- `{item.path}`: [Binder]({item.binder})\n" for item in links.launches(edition, repo_url,
                                                                                                 branch))
        launch = (f"# Launch links\n\nThis student edition, published at <{repo_url}> (branch `{branch}`). "
                  "For JupyterHub (nbgitpuller) links run `python -m pakru links --hub https://your.hub` here.\n\n"
                  + rows)
    (edition / "LAUNCH.md").write_text(launch, encoding="utf-8")
