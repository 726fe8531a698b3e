"""Counts written as words, from the data: "five sources" must stay true when a sixth source is added."""

from __future__ import annotations

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def counted(n: int, plural: str, singular: str | None = None) -> str:
    """``counted(5, "sources")`` → ``"five sources"``; numbers above twelve stay digits.

    >>> counted(6, "themes"), counted(1, "sources", "source"), counted(14, "sources")
    ('six themes', 'one source', '14 sources')
    """
    noun = singular if n == 1 and singular else plural
    return f"{_WORDS[n] if 0 <= n < len(_WORDS) else n} {noun}"
