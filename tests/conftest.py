"""Shared fixtures: real files on disk in temporary folders; nothing touches the learner's home."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from pakru.corpus import Corpus
from pakru.paths import DATA_DIR, PROJECT_ROOT, SEEDS_DIR

# Property tests: CI (.ci/run sets HYPOTHESIS_PROFILE=ci) replays the same examples on every run, so a
# submission cannot go red for a reason it did not touch; locally they keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pakru-cache")


@pytest.fixture(autouse=True)
def _private_progress(tmp_path_factory, monkeypatch, _session_cache):
    """Every test saves progress in its own folder, under a test learner name; caches go to the session's folder."""
    monkeypatch.setenv("PAKRU_PROGRESS_DIR", str(tmp_path_factory.mktemp("progress")))
    monkeypatch.setenv("PAKRU_LEARNER", "test-learner")
    monkeypatch.setenv("PAKRU_CACHE_DIR", str(_session_cache))
    # The shared layer an image build fills: an empty folder of the session's, never this machine's environment.
    monkeypatch.setenv("PAKRU_SHARED_CACHE", str(_session_cache.parent / f"{_session_cache.name}-shared"))


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The real corpus, loaded once."""
    return Corpus.load()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project's content (seeds, curated data, banks, exercises) a test may break without harm."""
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    shutil.copytree(DATA_DIR, tmp_path / "data")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder in ("notebooks", "exercises"):
        if (PROJECT_ROOT / folder).exists():
            shutil.copytree(PROJECT_ROOT / folder, tmp_path / folder, ignore=ignore)
    return tmp_path


@pytest.fixture(scope="session")
def root() -> Path:
    return PROJECT_ROOT
