"""The gradebook's fixed numbers, and the settings it reads (``pakru.settings``), in one spot."""

from __future__ import annotations

from pathlib import Path


def progress_in_home() -> Path:
    """Where a learner's kernels keep progress inside a hub home: the ``progress_in_home`` setting."""
    from pakru import settings

    return Path(settings.current().progress_in_home)


def default_lms() -> str | None:
    """The LMS to write for when ``--lms`` is not given: the ``lms`` setting (None: no import file)."""
    from pakru import settings

    return settings.current().lms or None

MAX_MEMBER = 50 * 1024 * 1024
"""Bytes read of one handed-in file (in an archive or a folder); a larger one is reported and skipped."""

SUFFIXES = (".json", ".csv", ".ipynb")
"""What a handed-in file can be: a progress file, a ``pakru export`` CSV, a saved notebook."""
