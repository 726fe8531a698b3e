"""Every learner's progress store on a hub: ``<homes>/<user>/.local/share/pakru/progress/*/*.json``.

The homes are the learners' own: every file is read through ``files.read_regular`` (no FIFO, device
or link is opened) and a store whose path leads out of its home (``.local`` a link elsewhere) is skipped.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from pakru.gradebook.config import progress_in_home
from pakru.gradebook.model import Handed, Owner
from pakru.gradebook.read.files import inside, read_regular, walk
from pakru.gradebook.read.formats import add


def hub_owner(user: str) -> Owner:
    """A student known by their hub user name (a home folder's name; the class service's user)."""
    return Owner(f"home:{user}", user, {"login": user, "hub_user": user})


def from_homes(homes: Path, in_home: Path | None = None) -> Handed:
    """One student per home folder, named by the folder (the hub user); ``in_home``: the ``progress_in_home``
    setting unless given."""
    in_home = in_home if in_home is not None else progress_in_home()
    handed = Handed()
    for home in sorted(p for p in homes.iterdir() if p.is_dir() and not p.name.startswith(".")):
        owner = hub_owner(home.name)
        store = home / in_home
        if store.is_dir() and not inside(store, home):
            handed.problems.append(f"{store.relative_to(homes)}: leads out of the home (a link); skipped")
            continue
        found = 0
        for path, why in walk(store, depth=1) if store.is_dir() else ():
            shown = str(path.relative_to(homes))
            if path.suffix.lower() != ".json":
                continue
            if why:
                handed.problems.append(f"{shown}: {why}; skipped")
                continue
            found += 1
            add(handed, owner, shown, partial(read_regular, path), ".json")
        if not found:
            handed.problems.append(f"{home.name}: no pakru progress in this home (not started yet?)")
    return handed
