"""Tests that need a tool from outside Python (Chromium, axe-core, a JupyterHub's proxy, Node.js) skip where it
is missing, and fail instead where the run said the tool must be there (``.ci/run`` sets ``PAKRU_REQUIRE_*``):
a skipped test must never pass for a run of the whole suite in CI."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(reason: str, required_by: str) -> NoReturn:
    """Skip with ``reason``; fail instead when the environment variable ``required_by`` is set (non-empty)."""
    if os.environ.get(required_by):
        pytest.fail(f"{reason} ({required_by} is set, so this fails instead of skipping)")
    pytest.skip(reason)
