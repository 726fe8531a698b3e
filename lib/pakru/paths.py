"""Where the project's files live, in one place, so tests and authors can point elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

MARKER = Path("seeds") / "catalogue.yaml"
"""A folder holding this file is a project root."""


def find_root() -> Path:
    """The repository root, however the package was installed.

    In order: ``$PAKRU_ROOT``; two levels above this file (an editable install, the usual
    case); the current folder or one above it (Binder installs a non-editable copy too, but
    starts kernels inside the repository); ``$REPO_DIR`` (set by repo2docker).
    """
    if os.environ.get("PAKRU_ROOT"):
        return Path(os.environ["PAKRU_ROOT"]).resolve()
    candidates = [Path(__file__).resolve().parents[2]]
    cwd = Path.cwd().resolve()
    candidates += [cwd, *cwd.parents]
    if os.environ.get("REPO_DIR"):
        candidates.append(Path(os.environ["REPO_DIR"]))
    for candidate in candidates:
        if (candidate / MARKER).is_file():
            return candidate.resolve()
    raise FileNotFoundError(
        f"cannot find the project folder (one holding {MARKER}); run from inside the repository "
        "or set PAKRU_ROOT to it"
    )


PROJECT_ROOT = find_root()
SEEDS_DIR = PROJECT_ROOT / "seeds"
"""Raw source texts (byte-exact), their catalogue and their SHA-256 manifest."""
DATA_DIR = PROJECT_ROOT / "data"
"""Curated annotations: boilerplate rules, gazetteer, events, quote attributions, themes."""
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
QUIZZES_DIR = NOTEBOOKS_DIR / "quizzes"
EXERCISES_DIR = PROJECT_ROOT / "exercises"
