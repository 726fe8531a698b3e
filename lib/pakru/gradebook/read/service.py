"""The class service as a source: per hub user, the progress file it stores (``pakru-progress/1``).

A seam for the JupyterHub service that keeps the class's answers: its client fetches, per hub
username, the bytes of a progress file as the progress store writes it, and passes them here. The
result is what ``homes.from_homes`` gives for the same learners' home folders, so the review and
re-grade stages treat both alike (the hub user is the owner; a record of another learner is set aside).
"""

from __future__ import annotations

from collections.abc import Mapping

from pakru.gradebook.config import MAX_MEMBER
from pakru.gradebook.model import Handed
from pakru.gradebook.read.formats import add
from pakru.gradebook.read.homes import hub_owner


def from_service(progress: Mapping[str, bytes]) -> Handed:
    """``{hub username: progress JSON bytes}`` → what was handed in, one student per hub user."""
    handed = Handed()
    for user in sorted(progress):
        data, shown = progress[user], f"service:{user}"
        if not isinstance(data, bytes) or len(data) > MAX_MEMBER:
            handed.problems.append(f"{shown}: not the bytes of a results file (or larger than any); skipped")
            continue
        add(handed, hub_owner(user), shown, lambda data=data: data, ".json")
        if hub_owner(user).key not in handed.owners:
            handed.problems.append(f"{user}: no pakru progress from the class service")
    return handed
