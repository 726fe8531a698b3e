"""The assignments in a Canvas gradebook export: each column is titled ``Name (assignment id)``.

Why: Canvas's import matches a column to an existing assignment by that title; a column titled
with the name alone creates a new assignment. The instructor downloads the export anyway (it is
the roster too), so the ids are taken from it rather than typed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pakru.gradebook.read.roster import fold

_TITLED = re.compile(r"^(?P<name>.*\S)\s*\((?P<id>\d+)\)$")


def assignments(path: Path) -> dict[str, tuple[str, str]]:
    """Folded assignment name → (name as Canvas writes it, assignment id), from the export's header row."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    found = {}
    for title in header:
        match = _TITLED.match(title.strip())
        if match:
            found[fold(match["name"])] = (match["name"], match["id"])
    return found
