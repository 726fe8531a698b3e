"""Shared fixtures for the gradebook tests: every test gets its own progress folder, never the real home."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def progress_dir(tmp_path, monkeypatch) -> Path:
    """A temporary PAKRU_PROGRESS_DIR and a fixed learner name (kernels started by a test inherit them)."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("PAKRU_PROGRESS_DIR", str(folder))
    monkeypatch.setenv("PAKRU_LEARNER", "test-learner")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return folder


@pytest.fixture(scope="module")
def solution() -> dict:
    """The instructor's solution of the gradebook tests' exercise (its variables, as a learner's namespace)."""
    from exercise_helpers import solution_namespace
    from gradebook_helpers import EX

    return solution_namespace(EX)
