"""The gradebook's fixed numbers and places, in one spot (until ``pakru.settings`` holds them)."""

from __future__ import annotations

from pathlib import Path

PROGRESS_IN_HOME = Path(".local") / "share" / "pakru" / "progress"
"""Where a learner's kernels keep progress in their home (``pakru.progress.default_root``)."""

MAX_MEMBER = 50 * 1024 * 1024
"""Bytes read of one handed-in file (in an archive or a folder); a larger one is reported and skipped."""

SUFFIXES = (".json", ".csv", ".ipynb")
"""What a handed-in file can be: a progress file, a ``pakru export`` CSV, a saved notebook."""
