"""The course: which folder holds the sources, data, lessons and exercises, found once per process.

Why one object: the library is installed in one place (an image's site-packages, an editable
checkout) and the course it reads may be somewhere else (the copy nbgitpuller pulled into a
learner's home, an instructor's student edition). Every module asks :func:`course` for folders
instead of guessing from its own location, so every command and kernel agrees on one course.

The course is, in order:

1. the folder given explicitly (``python -m pakru --course DIR ...`` or :func:`use_course`);
2. ``$PAKRU_ROOT``;
3. the current folder or the nearest folder above it that holds a course — a kernel starts in
   the notebook's folder, so a learner's kernel reads the copy in their own home;
4. the checkout the package itself sits in (an editable install or ``PYTHONPATH=lib``);
5. ``$REPO_DIR`` (set by repo2docker, i.e. on Binder).

If none holds a course, :class:`CourseNotFound` says in one line how to fix it.

The old module constants (``PROJECT_ROOT``, ``SEEDS_DIR``, ...) still work: they are read from
the course when first asked for, not when this module is imported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MARKER = Path("seeds") / "catalogue.yaml"
"""A folder holding this file is a course."""


class CourseNotFound(FileNotFoundError):
    """No course folder could be found; the message says how to point at one."""

    def _render_traceback_(self) -> list[str]:
        """In a notebook IPython shows this one line instead of a traceback."""
        return [str(self)]


@dataclass(frozen=True)
class Course:
    """One course folder and the places inside it that the library reads."""

    root: Path

    @property
    def seeds(self) -> Path:
        """Raw source texts (byte-exact), their catalogue and their SHA-256 manifest."""
        return self.root / "seeds"

    @property
    def data(self) -> Path:
        """Curated annotations: boilerplate rules, gazetteer, events, quote attributions, themes."""
        return self.root / "data"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def quizzes(self) -> Path:
        return self.notebooks / "quizzes"

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    @property
    def tasks(self) -> Path:
        """Exercise task files (checks, hints, points)."""
        return self.exercises / "tasks"

    @staticmethod
    def holds_course(folder: Path) -> bool:
        return (folder / MARKER).is_file()

    @classmethod
    def at(cls, folder: Path | str) -> Course:
        """The course in exactly this folder, or CourseNotFound naming what is missing."""
        path = Path(folder).expanduser()
        if not cls.holds_course(path):
            raise CourseNotFound(f"{folder} is not a course folder (it has no {MARKER.as_posix()}); "
                                 "give the folder of the course repository")
        return cls(path.resolve())

    @classmethod
    def find(cls, start: Path | str | None = None) -> Course:
        """The course for a process started in ``start`` (default: the current folder); see the module doc."""
        from pakru import settings

        given = settings.current().course_dir  # the course_dir setting: $PAKRU_ROOT, a config file, --set
        if given:
            try:
                return cls.at(given)
            except CourseNotFound as exc:
                raise CourseNotFound(f"setting course_dir ({given}): {exc}") from None
        here = Path(start if start is not None else Path.cwd()).resolve()
        candidates = [here, *here.parents, Path(__file__).resolve().parents[2]]
        if os.environ.get("REPO_DIR"):
            candidates.append(Path(os.environ["REPO_DIR"]))
        for candidate in candidates:
            if cls.holds_course(candidate):
                return cls(candidate.resolve())
        raise CourseNotFound(f"no course folder in {here} or above it (one holding {MARKER.as_posix()}): "
                             "run from inside the course, or add --course DIR (or set $PAKRU_ROOT)")


_ACTIVE: Course | None = None


def course() -> Course:
    """The course this process reads (found on first use, then kept)."""
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = Course.find()
    return _ACTIVE


def use_course(folder: Path | str | None) -> Course:
    """Read this course from now on (``None``: find it again); used by ``--course DIR`` and tests.

    Modules that already copied a folder constant keep it, so the command line calls this before
    importing the modules that do the work.
    """
    global _ACTIVE
    _ACTIVE = None if folder is None else Course.at(folder)
    return course()


_CONSTANTS = {
    "PROJECT_ROOT": "root", "SEEDS_DIR": "seeds", "DATA_DIR": "data", "NOTEBOOKS_DIR": "notebooks",
    "QUIZZES_DIR": "quizzes", "EXERCISES_DIR": "exercises", "TASKS_DIR": "tasks",
}


def __getattr__(name: str) -> Path:
    """``paths.SEEDS_DIR`` and friends: folders of the active course, looked up when first asked for."""
    if name in _CONSTANTS:
        return getattr(course(), _CONSTANTS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def find_root() -> Path:
    """The active course's root folder (kept for callers of the old function)."""
    return course().root
