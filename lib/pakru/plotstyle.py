"""How lesson figures look: one place for sizes and fonts, and a *present* setting for projecting.

Figures are made on ``matplotlib.figure.Figure`` (not pyplot), so nothing is shown twice and no global
state leaks between cells. ``present()`` makes every later figure's text larger and its image sharper, for
a projector at the back of a classroom; ``PAKRU_PRESENT=1`` in the environment turns it on from the start.
``drawn`` keeps each lesson figure in the user cache (``pakru.usercache``), named by everything it is made
from, so a lesson run again shows it without drawing it again.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pakru import usercache


@dataclass
class Style:
    """Font sizes in points; ``scale`` multiplies all of them (and the image resolution)."""

    scale: float = 1.0
    base: float = 11.0
    small: float = 10.0
    title: float = 13.0

    def size(self, which: str = "base") -> float:
        return round(getattr(self, which) * self.scale, 1)

    @property
    def dpi(self) -> int:
        return int(100 * max(1.0, self.scale))


CACHE_KIND = "figures"
"""The ``usercache`` kind lesson figures are kept under (see ``drawn``)."""

def _present_setting() -> bool:
    """The ``present`` setting (``$PAKRU_PRESENT=1``, a config file or ``--set present=true``)."""
    from pakru import settings

    return settings.current().present


STYLE = Style(scale=1.35 if _present_setting() else 1.0)


def present(on: bool = True, scale: float = 1.35) -> Style:
    """Make the next figures readable on a projector (``on=False`` goes back to the normal size)."""
    STYLE.scale = scale if on else 1.0
    return STYLE


@contextmanager
def scaled(scale: float):
    """Draw with the style at ``scale`` for a moment (a cached figure redrawn as it was first made)."""
    before, STYLE.scale = STYLE.scale, scale
    try:
        yield STYLE
    finally:
        STYLE.scale = before


def new_figure(width: float, height: float):
    """A constrained-layout figure with one axes, its fonts set from the current style."""
    from matplotlib.figure import Figure

    s = STYLE.scale
    figure = Figure(figsize=(width * s, height * s), layout="constrained")
    ax = figure.add_subplot()
    ax.tick_params(labelsize=STYLE.size("small"))
    ax.title.set_fontsize(STYLE.size("title"))
    ax.xaxis.label.set_fontsize(STYLE.size("base"))
    ax.yaxis.label.set_fontsize(STYLE.size("base"))
    return figure, ax


def finish(figure, alt: str):
    """Apply the style to a finished figure (no text smaller than ``small``) and wrap it with its alt text."""
    from pakru.render.figure import LessonFigure

    return LessonFigure(_styled(figure), alt, dpi=STYLE.dpi)


def _styled(figure):
    """``figure`` with the style's sizes applied: no text smaller than ``small``."""
    from matplotlib.text import Text

    smallest = STYLE.size("small")
    for ax in figure.axes:
        ax.tick_params(labelsize=smallest)
        ax.title.set_fontsize(STYLE.size("title"))
        ax.xaxis.label.set_fontsize(STYLE.size("base"))
        ax.yaxis.label.set_fontsize(STYLE.size("base"))
    for text in figure.findobj(Text):
        if text.get_text() and text.get_fontsize() < smallest:
            text.set_fontsize(smallest)
    return figure


def drawn(draw: Callable, args: tuple, alt: str):
    """The lesson figure ``draw(*args)`` makes, taken from the user cache when it was drawn before.

    ``draw`` must make its figure from ``args`` alone (and module constants): the cache entry is named by a
    hash of ``args`` (tables by their content), the function, the style, the package's code, matplotlib's
    version and settings. So any change to the data, the code or the look is a new name and a new drawing;
    a second run of a lesson shows the same bytes as the first without laying out and drawing again.
    """
    from pakru.render.figure import LessonFigure

    scale = STYLE.scale

    def redraw():
        with scaled(scale):
            return _styled(draw(*args))

    name = _cache_name(draw, args)
    saved = _saved_figure(name) if name else None
    if saved is not None:
        return LessonFigure(None, alt, dpi=STYLE.dpi, saved=saved, redraw=redraw)
    figure = redraw()
    made = LessonFigure(figure, alt, dpi=STYLE.dpi)
    saved = made.saved()
    if name:
        usercache.write(CACHE_KIND, name, json.dumps(saved).encode("utf-8"))
    return LessonFigure(None, alt, dpi=STYLE.dpi, saved=saved, redraw=lambda: figure)


def _cache_name(draw: Callable, args: tuple) -> str | None:
    """The cache entry name for ``draw(*args)`` now, or None when an argument has no stable text form."""
    try:
        described = [_described(arg) for arg in args]
    except TypeError:
        return None
    return usercache.key(f"{draw.__module__}.{draw.__qualname__}", *described, repr(STYLE), usercache.code_hash(),
                         _matplotlib_settings()) + ".json"


def _matplotlib_settings() -> str:
    """What decides how matplotlib draws, read without importing it (a cached figure needs no matplotlib).

    Its version and default settings (files in the package), every ``matplotlibrc`` it may read at import
    (all the places ``matplotlib.matplotlib_fname`` looks, whichever it picks), and, once it is imported,
    each setting changed since (``rcParams`` against ``rcParamsOrig``: a style, ``rc_context``, pyplot's
    inline backend). The same settings give the same text whether matplotlib is imported or not.
    """
    spec = importlib.util.find_spec("matplotlib")
    package = Path(spec.origin).parent if spec and spec.origin else None
    places = [Path("matplotlibrc")]
    if os.environ.get("MATPLOTLIBRC"):
        places += [Path(os.environ["MATPLOTLIBRC"]), Path(os.environ["MATPLOTLIBRC"]) / "matplotlibrc"]
    for base in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "LOCALAPPDATA"):
        if os.environ.get(base):
            places.append(Path(os.environ[base]) / ("" if base == "MPLCONFIGDIR" else "matplotlib") / "matplotlibrc")
    try:
        home = Path.home()
    except RuntimeError:  # no home folder: matplotlib finds no configuration there either
        home = None
    if home is not None:
        places += [home / ".config" / "matplotlib" / "matplotlibrc", home / ".matplotlib" / "matplotlibrc"]
    if package:
        places.append(package / "mpl-data" / "matplotlibrc")
    parts = [_matplotlib_version(package)]
    for place in places:
        try:
            parts.append(f"{place.absolute()}\n{place.read_text(encoding='utf-8', errors='replace')}")
        except OSError:
            continue
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None and hasattr(matplotlib, "rcParamsOrig"):
        now, loaded = matplotlib.rcParams, matplotlib.rcParamsOrig
        changed = [(k, now._get(k)) for k in now if k != "backend" and now._get(k) != loaded._get(k)]
        parts += [repr(changed)] if changed else []
    return "\n".join(parts)


@functools.cache
def _matplotlib_version(package: Path | None) -> str:
    """The installed matplotlib's version without importing it: its ``_version.py``, else its metadata."""
    try:
        return (package / "_version.py").read_text(encoding="utf-8")
    except (OSError, TypeError):
        from importlib import metadata

        try:
            return metadata.version("matplotlib")
        except metadata.PackageNotFoundError:
            return "unknown"


def _described(value) -> str:
    """A text that changes whenever ``value`` does: a table's CSV with its types, else ``repr``."""
    import pandas as pd

    if isinstance(value, pd.DataFrame | pd.Series):
        return f"{type(value).__name__}\n{value.dtypes!r}\n{value.to_csv()}"
    if isinstance(value, list | tuple):
        return f"{type(value).__name__}[" + ", ".join(_described(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_described(k)}: {_described(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str | int | float | bool | type(None) | pd.Timestamp):
        return repr(value)
    raise TypeError(f"no stable text form for {type(value).__name__}")


def _saved_figure(name: str) -> dict | None:
    """A cached figure's SVG and labels, or None when it is not cached (or its entry is damaged)."""
    content = usercache.read(CACHE_KIND, name)
    try:
        saved = json.loads(content) if content is not None else None
    except ValueError:
        return None
    fields = ("svg", "title", "xlabel", "ylabel")
    return saved if isinstance(saved, dict) and all(isinstance(saved.get(k), str) for k in fields) else None
