"""Timing shared by the benchmarks: the best of several runs, the usual way to read through noise."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(repeat: int, func: Callable[..., object], *args: object) -> float:
    """The shortest wall-clock time of ``repeat`` calls of ``func(*args)``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return min(times)
