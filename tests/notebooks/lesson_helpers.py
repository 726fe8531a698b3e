"""Shared by the lesson tests: the lesson notebooks, their banks, and running a notebook in a fresh kernel."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from pakru import site
from pakru.paths import NOTEBOOKS_DIR, QUIZZES_DIR

LESSON_IDS = ["00_start_here", "01_cold_war_roots", "02_thaw_2003", "03_talks_2011", "04_defence_2010s",
              "05_synthesis"]
NOTEBOOKS = [NOTEBOOKS_DIR / f"{lid}.ipynb" for lid in LESSON_IDS]
BANKS = [QUIZZES_DIR / f"{lid}.yaml" for lid in LESSON_IDS]
CITATION = re.compile(r"\b([a-z]+(?:-[a-z]+)*-\d{4})((?:\s*(?:,|–|and)?\s*¶\s*\d+)+)")
"""A citation as lessons write it in prose or code: ``voa-2003 ¶2``, or several: ``voa-2003 ¶1, ¶7–¶9``."""
PASSAGE_CALL = re.compile(r"show\.(?:passage|raw)\(\s*\"([a-z0-9-]+)\"\s*,\s*(\d+)")
"""A ``show.passage("doc", n)`` call, which cites doc ¶n."""


def execute(path: Path, workdir: Path, timeout: int = 180) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh python3 kernel (the site's runner); any error fails the test."""
    try:
        return site.execute(path, workdir, timeout=timeout)
    except site.SiteError as exc:
        pytest.fail(str(exc))


def citations_in(text: str) -> list[tuple[str, int]]:
    """Every (doc, paragraph) a text cites, in prose (``doc ¶n``) or in a ``show.passage`` call."""
    found = [(d, int(n)) for d, numbers in CITATION.findall(text) for n in re.findall(r"\d+", numbers)]
    return found + [(d, int(n)) for d, n in PASSAGE_CALL.findall(text)]
