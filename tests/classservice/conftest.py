"""One real JupyterHub with the class service for this folder's tests (started once, about 6 s)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import needs
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import hubrun  # noqa: E402


@pytest.fixture(scope="session")
def hub(tmp_path_factory):
    if importlib.util.find_spec("jupyterhub") is None or hubrun.chp() is None:
        needs.missing("the class service tests need jupyterhub and configurable-http-proxy; .ci/run installs them",
                      "PAKRU_REQUIRE_HUB")
    running = hubrun.Hub(tmp_path_factory.mktemp("classhub")).start()
    yield running
    running.stop()
