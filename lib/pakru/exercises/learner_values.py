"""Learners' values made plain before any check looks at them, so no learner code runs inside ``check()``.

Why: a notebook variable can be any object. Its ``__str__``, ``__eq__``, ``__hash__`` or ``__class__``
may raise, loop forever, or start a C computation that no alarm interrupts; a list may nest 100,000 deep.
The checks therefore never touch the learner's object itself. ``plain(value)`` looks only at exact types
(``type(value)``, never ``isinstance``, which consults ``__class__``) and copies what it accepts into exact
built-in types through the built-in methods of the base class (``str.__str__``, ``list.__iter__``, ...), so a
subclass's overrides are never called. Accepted: text, numbers, booleans, None, citations, lists, tuples,
sets and dicts of those (nested at most MAX_DEPTH), numpy scalars and arrays, pandas Series and DataFrames
whose labels and cells are such values, and matplotlib figures and axes. Anything else is refused with
a message naming its type, and ``describe`` gives a bounded summary for records and messages.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import decimal
import fractions
import math
import signal
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from pakru.citations import Citation

MAX_DEPTH = 10
"""Containers inside containers accepted (citations lists and count dicts need two)."""
MAX_ITEMS = 1_000_000
"""Elements of lists, tuples, sets and dicts accepted in one value (tables are checked column by column)."""
MAX_COLUMNS = 10_000

_EXACT_SCALARS = (str, int, float, bool, type(None), Citation, datetime.date, datetime.datetime, pd.Timestamp,
                  decimal.Decimal, fractions.Fraction)
"""Kept as they are: built-in or library types whose text and comparisons the learner cannot redefine."""
_SCALAR_BASES = ((bool, bool), (str, str.__str__), (int, int.__int__), (float, float.__float__))
_SEQUENCES = {list: list.__iter__, tuple: tuple.__iter__, set: set.__iter__, frozenset: frozenset.__iter__}
_DICTS = (dict, collections.OrderedDict, collections.defaultdict, collections.Counter)
_CELL_TYPES = frozenset({str, int, float, bool, type(None), Citation, pd.Timestamp, type(pd.NaT), pd.Timedelta,
                         datetime.date, datetime.datetime, decimal.Decimal,
                         np.float64, np.float32, np.int64, np.int32, np.int16, np.int8, np.uint64, np.uint32,
                         np.uint16, np.uint8, np.bool_, np.str_, np.datetime64, np.timedelta64})
"""Exact types allowed in table cells and labels: values whose comparisons and text are built in."""


class NotPlain(ValueError):
    """The value is of a type check() does not read; the message says so in plain words."""


class CheckTimeout(Exception):
    """Raised inside a check that ran past its time limit."""


def type_name(value: object) -> str:
    """The name of a value's type, read without calling anything the value's class defines."""
    name = type.__dict__["__name__"].__get__(type(value))
    return name if len(name) <= 60 else name[:57] + "..."


def _from_library(exact_type: type, *prefixes: str) -> bool:
    module = type.__dict__["__module__"].__get__(exact_type)
    return isinstance(module, str) and module.split(".")[0] in prefixes


def plain(value: Any) -> Any:
    """The value as exact built-in data a check can compare safely, or NotPlain saying why not."""
    budget = [MAX_ITEMS]
    return _plain(value, 0, budget)


def _plain(value: Any, depth: int, budget: list[int]) -> Any:
    exact_type = type(value)
    if exact_type in _EXACT_SCALARS:
        return value
    for base, convert in _SCALAR_BASES:
        if issubclass(exact_type, base):
            return convert(value)  # the base class's own method: a subclass's override is never called
    if issubclass(exact_type, np.generic) and _from_library(exact_type, "numpy"):
        return value.item() if exact_type is not np.str_ else str.__str__(value)
    if exact_type is pd.DataFrame:
        _check_table(value)
        return value
    # e.g. df.columns or s.index given as a list
    if issubclass(exact_type, pd.Index) and _from_library(exact_type, "pandas"):
        _check_labels(value, "values")
        if len(value) > budget[0]:
            raise NotPlain(f"has more than {MAX_ITEMS:,} elements")
        return value.tolist()
    if exact_type is pd.Series:
        _check_labels(value.index, "labels")
        _check_column(value, "values")
        return value
    if exact_type is np.ndarray:
        if value.dtype.kind in "biufcmMUS":
            return value
        if value.size > budget[0]:
            raise NotPlain(f"has more than {MAX_ITEMS:,} elements")
        return [_plain(item, depth + 1, budget) for item in value.ravel().tolist()]
    if _from_library(exact_type, "matplotlib") and _is_figure(exact_type):
        return value
    if exact_type in _DICTS or exact_type in _SEQUENCES:
        pass
    elif any(issubclass(exact_type, base) for base in (*_SEQUENCES, dict)):
        pass  # a subclass: read through the base class's methods below
    else:
        raise NotPlain(f"is a {type_name(value)}, a kind of value check() does not read")
    if depth >= MAX_DEPTH:
        raise NotPlain(f"is nested more than {MAX_DEPTH} levels deep")
    if issubclass(exact_type, dict):
        items = list(dict.items(value))
        budget[0] -= len(items)
        if budget[0] < 0:
            raise NotPlain(f"has more than {MAX_ITEMS:,} elements")
        result = {}
        for key, item in items:
            key = _plain(key, depth + 1, budget)
            if type(key) in (list, dict, set, pd.DataFrame, pd.Series, np.ndarray):
                raise NotPlain("has a key that is not a single value")
            result[key] = _plain(item, depth + 1, budget)
        return result
    for base, iterate in _SEQUENCES.items():
        if issubclass(exact_type, base):
            items = list(_bounded(iterate(value), budget))
            converted = [_plain(item, depth + 1, budget) for item in items]
            if base in (set, frozenset):
                if any(type(item) in (list, dict, set) for item in converted):
                    raise NotPlain("is a set of values that are not single values")
                return set(converted)
            return tuple(converted) if base is tuple else converted
    raise NotPlain(f"is a {type_name(value)}, a kind of value check() does not read")  # pragma: no cover


def _bounded(items: Iterator, budget: list[int]) -> Iterator:
    for item in items:
        budget[0] -= 1
        if budget[0] < 0:
            raise NotPlain(f"has more than {MAX_ITEMS:,} elements")
        yield item


def _is_figure(exact_type: type) -> bool:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    return issubclass(exact_type, Figure | Axes)


def _check_table(frame: pd.DataFrame) -> None:
    if frame.shape[1] > MAX_COLUMNS:
        raise NotPlain(f"has more than {MAX_COLUMNS:,} columns")
    _check_labels(frame.columns, "column names")
    _check_labels(frame.index, "row labels")
    for position in range(frame.shape[1]):
        _check_column(frame.iloc[:, position], "cells")


def _check_labels(index: pd.Index, what: str) -> None:
    if type(index) is pd.MultiIndex:
        for level in index.levels:
            _check_labels(level, what)
        return
    if not _from_library(type(index), "pandas"):
        raise NotPlain(f"has {what} of a kind check() does not read")
    _check_values(index.dtype, index, what)


def _check_column(column: pd.Series, what: str) -> None:
    _check_values(column.dtype, column, what)


def _check_values(dtype: Any, values: pd.Series | pd.Index, what: str) -> None:
    """Numbers, booleans and dates are plain as stored; anything else is scanned for exact cell types."""
    if type(dtype) is np.dtype and dtype.kind in "biufcmM":
        return
    if not _from_library(type(dtype), "numpy", "pandas"):
        raise NotPlain(f"has {what} of a kind check() does not read")
    if type(dtype) is pd.CategoricalDtype:
        values = dtype.categories
        if type(values.dtype) is np.dtype and values.dtype.kind in "biufcmM":
            return
    cells = np.asarray(values, dtype=object).ravel()
    kinds = set(map(type, cells))  # C-level: calls no method of the cells
    odd = kinds - _CELL_TYPES
    if odd & {list, tuple}:  # e.g. a column of citation lists from corpus.events: each one read like a value
        budget = [MAX_ITEMS]
        for cell in cells:
            if type(cell) in (list, tuple):
                _plain(cell, MAX_DEPTH - 2, budget)
        odd -= {list, tuple}
    if odd:
        name = type.__dict__["__name__"].__get__(next(iter(odd)))
        raise NotPlain(f"has {what} that are not plain values (one is a {name[:60]}): "
                       "keep text, numbers and dates in tables")


def describe(value: Any, limit: int = 200, checked: bool = False) -> str:
    """A short summary of a learner's value for records and messages; never calls the value's own methods.

    ``checked``: the value already came out of ``plain`` (so it is not scanned again).
    """
    try:
        value = value if checked else plain(value)
    except NotPlain:
        return f"(a {type_name(value)}, not read)"
    except (RecursionError, MemoryError):
        return "(a value too large to read)"
    if type(value) is str:
        return value if len(value) <= limit else value[:limit] + f"… ({len(value):,} characters)"
    if type(value) is pd.DataFrame:
        return f"table of {len(value):,} rows × {len(value.columns):,} columns"
    if type(value) is pd.Series:
        return f"series of {len(value):,} values"
    if type(value) is np.ndarray:
        return f"array of {value.size:,} values"
    if type(value) in (list, tuple, set):
        items = sorted(value, key=_sort_key) if type(value) is set else value
        shown = ", ".join(describe(v, 60, checked=True) for v in list(items)[:20])
        return shown[:limit] + ("…" if len(shown) > limit or len(items) > 20 else "")
    if type(value) is dict:
        shown = ", ".join(f"{describe(k, 40, True)}: {describe(v, 40, True)}" for k, v in list(value.items())[:20])
        return "{" + shown[:limit] + ("…" if len(shown) > limit or len(value) > 20 else "") + "}"
    if type(value) is float and not math.isfinite(value):
        return str(value)
    if type(value) is int and value.bit_length() > 64:
        return f"a whole number of {value.bit_length():,} bits"
    text = str(value)  # plain: a built-in or our own Citation, or a matplotlib object
    return text[:limit]


def _sort_key(item: Any) -> tuple[str, str]:
    return (type(item).__name__, str(item)[:100] if type(item) in _EXACT_SCALARS else "")


@contextlib.contextmanager
def time_limit(seconds: float | None = None):
    """Raise CheckTimeout in the block after ``seconds`` (main thread with SIGALRM only; elsewhere no limit).

    Default: the ``check_time_limit`` setting (``pakru.settings``; the corpus is loaded before the clock starts).

    The alarm interrupts Python code; C code runs on plain, bounded values here, so it ends on its own.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    if seconds is None:
        from pakru import settings

        seconds = settings.current().check_time_limit

    def expired(signum, frame):
        raise CheckTimeout(f"took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
