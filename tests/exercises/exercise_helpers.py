"""Helpers shared by the exercise tests (imported by name: the tests folder has no packages)."""

from __future__ import annotations

import copy

import nbformat

import __main__
from pakru.exercises.build import ROLE_SOLUTION, SOURCE_DIR, role

EXERCISES = sorted(p.stem for p in SOURCE_DIR.glob("*.ipynb"))


def solution_namespace(exercise: str) -> dict:
    """Run a source notebook's setup and solution cells in-process (no checks) and return its variables."""
    nb = nbformat.read(SOURCE_DIR / f"{exercise}.ipynb", as_version=4)
    namespace = vars(__main__)
    saved = copy.copy(namespace)
    try:
        for cell in nb.cells:
            if cell.cell_type == "code" and (role(cell) == ROLE_SOLUTION or "start(" in cell.source):
                exec(cell.source, namespace)  # our own source notebooks, not a submission
        return {k: v for k, v in namespace.items() if k not in saved or namespace[k] is not saved[k]}
    finally:
        namespace.clear()
        namespace.update(saved)
