"""A folder of handed-in files: ``<root>/<student>/...`` or ``<root>/<student>.<ext>``.

Read as the homes are (``files``): regular files only, no link followed, hidden names left out.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from pakru.gradebook.model import Handed, Owner
from pakru.gradebook.read.files import read_regular, walk
from pakru.gradebook.read.formats import add


def from_folder(root: Path) -> Handed:
    """The student is the first part of each file's path below ``root``."""
    handed = Handed()
    for path, why in walk(root):
        shown = str(path.relative_to(root))
        if why:
            handed.problems.append(f"{shown}: {why}; skipped")
            continue
        parts = path.relative_to(root).parts
        student = parts[0] if len(parts) > 1 else path.stem
        add(handed, Owner(f"folder:{student}", student, {"login": student}), shown, partial(read_regular, path),
            path.suffix.lower())
    report_doubles(handed)
    return handed


def report_doubles(handed: Handed) -> None:
    """``dup/`` and ``dup.ipynb`` both map to one student: say so (they are merged, latest answer wins)."""
    for key, files in handed.files.items():
        tops = {Path(f).parts[0] if len(Path(f).parts) > 1 else f for f in files}
        if len(tops) > 1:
            handed.problems.append(f"{handed.owners[key].name}: handed in as {', '.join(sorted(tops))}; "
                                   "merged (latest answer per question) — check that they are one student")
