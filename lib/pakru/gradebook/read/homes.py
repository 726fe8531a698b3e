"""Every learner's progress store on a hub: ``<homes>/<user>/.local/share/pakru/progress/*/*.json``."""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.config import PROGRESS_IN_HOME
from pakru.gradebook.model import Handed, Owner
from pakru.gradebook.read.formats import add


def from_homes(homes: Path) -> Handed:
    """One student per home folder, named by the folder (the hub user)."""
    handed = Handed()
    for home in sorted(p for p in homes.iterdir() if p.is_dir() and not p.name.startswith(".")):
        store = home / PROGRESS_IN_HOME
        files = sorted(p for p in store.glob("*/*.json") if not p.name.startswith(".")) if store.is_dir() else []
        owner = Owner(f"home:{home.name}", home.name, {"login": home.name})
        for path in files:
            add(handed, owner, str(path.relative_to(homes)), path.read_bytes, ".json")
        if not files:
            handed.problems.append(f"{home.name}: no pakru progress in this home (not started yet?)")
    return handed
