"""The class service's two custom scopes, and what a token's scopes let it read.

``custom:pakru-class:send`` lets a token send its own owner's answers (the hub grants it to every learner's
server, so the kernel's ``$JUPYTERHUB_API_TOKEN`` has it). ``custom:pakru-class:read`` lets an instructor read
a class; filtered as ``custom:pakru-class:read!group=NAME`` it covers the members of that hub group only, so
two classes on one hub stay apart. JupyterHub passes custom scopes through untouched: the service reads the
filter itself, here.
"""

from __future__ import annotations

from collections.abc import Iterable

SEND_SCOPE = "custom:pakru-class:send"
READ_SCOPE = "custom:pakru-class:read"
CUSTOM_SCOPES = {
    SEND_SCOPE: {"description": "Send your own answers to the pakru class service"},
    READ_SCOPE: {"description": "Read a class's answers in the pakru class service (filter with !group=NAME)"},
}
"""What ``c.JupyterHub.custom_scopes`` must define (deploy/jupyterhub_config.py uses this)."""

ALL = None
"""``readable_groups`` for a token that may read every learner."""


class ScopeError(PermissionError):
    """The token's scopes do not allow what was asked (the service answers 403 with this message)."""


def can_send(scopes: Iterable[str]) -> bool:
    """True when the scopes hold the send scope (any filter: a token only ever sends for its own owner)."""
    return any(scope.partition("!")[0] == SEND_SCOPE for scope in scopes)


def readable_groups(scopes: Iterable[str]) -> set[str] | None:
    """The groups these scopes may read: ``ALL`` (None) for the unfiltered scope, else a set (maybe empty).

    >>> readable_groups(["custom:pakru-class:read!group=a", "custom:pakru-class:read!group=b"]) == {"a", "b"}
    True
    >>> readable_groups(["custom:pakru-class:read", "custom:pakru-class:read!group=a"]) is ALL
    True
    >>> readable_groups(["custom:pakru-class:send", "custom:pakru-class:read!user=x"])
    set()
    """
    groups: set[str] = set()
    for scope in scopes:
        base, _, where = scope.partition("!")
        if base != READ_SCOPE:
            continue
        if not where:
            return ALL
        key, _, value = where.partition("=")
        if key == "group" and value:
            groups.add(value)
    return groups


def group_to_read(scopes: Iterable[str], asked: str | None) -> str | None:
    """The group a request reads (None: everyone); ScopeError when the scopes do not allow it.

    With only group-filtered scopes and no group asked, the one group is chosen; with several, the
    request must name one (so an instructor never sees two classes mixed without asking).
    """
    groups = readable_groups(scopes)
    if groups is ALL:
        return asked or None
    if not groups:
        raise ScopeError(f"this needs the {READ_SCOPE} scope (an instructor's role)")
    if asked is None:
        if len(groups) == 1:
            return next(iter(groups))
        raise ScopeError(f"choose a class with ?group= (one of {', '.join(sorted(groups))})")
    if asked not in groups:
        raise ScopeError(f"you may read the groups {', '.join(sorted(groups))}, not {asked!r}")
    return asked
