"""Dates of uneven precision (a decade, a year, a month, a day), as the sources give them."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DECADE = re.compile(r"^(\d{3}0)s$")
PRECISIONS = ("decade", "year", "month", "day")


def precision(date: str) -> str:
    """How precise an ISO-like date is, read from its shape.

    >>> precision("2003-02-04"), precision("2015"), precision("1980s")
    ('day', 'year', 'decade')
    """
    if _DECADE.match(date):
        return "decade"
    match = _DATE.match(date)
    if not match:
        raise ValueError(f"not a date: {date!r} (use YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1980s)")
    return PRECISIONS[sum(1 for g in match.groups() if g)]


def is_valid(date: str) -> bool:
    """True for a decade (``1980s``), ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date.

    >>> is_valid("2003-02-30"), is_valid("2003-2-4"), is_valid("1970s")
    (False, False, True)
    """
    try:
        start(date)
    except ValueError:
        return False
    return True


def start(date: str) -> dt.date:
    """The first day the date could mean: what a timeline sorts and plots by.

    >>> start("2003-02"), start("1980s")
    (datetime.date(2003, 2, 1), datetime.date(1980, 1, 1))
    """
    decade = _DECADE.match(date)
    if decade:
        return dt.date(int(decade.group(1)), 1, 1)
    match = _DATE.match(date)
    if not match:
        raise ValueError(f"not a date: {date!r} (use YYYY-MM-DD, YYYY-MM, YYYY or a decade like 1980s)")
    year, month, day = (int(g) if g else 1 for g in match.groups())
    return dt.date(year, month, day)


def stop(date: str) -> dt.date:
    """The last day the date could mean (the end of a decade, year or month).

    >>> stop("2003-02"), stop("1980s"), stop("2015")
    (datetime.date(2003, 2, 28), datetime.date(1989, 12, 31), datetime.date(2015, 12, 31))
    """
    first = start(date)
    grain = precision(date)
    if grain == "day":
        return first
    if grain == "month":
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    years = 10 if grain == "decade" else 1
    return dt.date(first.year + years - 1, 12, 31)


def label(date: str) -> str:
    """A date as a reader says it.

    >>> label("2003-02-05"), label("2012-10"), label("1970s")
    ('5 February 2003', 'October 2012', '1970s')
    """
    grain = precision(date)
    day = start(date)
    if grain == "day":
        return f"{day.day} {day:%B %Y}"
    if grain == "month":
        return f"{day:%B %Y}"
    return date
