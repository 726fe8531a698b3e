"""Where the project's files live, in one place, so tests and authors can point elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("PAKRU_ROOT", Path(__file__).resolve().parents[2])).resolve()
"""The repository root: ``lib/pakru`` sits two levels below it (editable install)."""

SEEDS_DIR = PROJECT_ROOT / "seeds"
"""Raw source texts (byte-exact), their catalogue and their SHA-256 manifest."""

DATA_DIR = PROJECT_ROOT / "data"
"""Curated annotations: boilerplate rules, gazetteer, events, quote attributions, themes."""

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
QUIZZES_DIR = NOTEBOOKS_DIR / "quizzes"
EXERCISES_DIR = PROJECT_ROOT / "exercises"
