"""One real JupyterHub with the class service for this folder's tests (started once, about 6 s)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import hubrun  # noqa: E402


@pytest.fixture(scope="session")
def hub(tmp_path_factory):
    yield from hubrun.running(tmp_path_factory.mktemp("classhub"), "the class service tests")
