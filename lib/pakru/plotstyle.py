"""How lesson figures look: one place for sizes and fonts, and a *present* setting for projecting.

Figures are made on ``matplotlib.figure.Figure`` (not pyplot), so nothing is shown twice and no global
state leaks between cells. ``present()`` makes every later figure's text larger and its image sharper, for
a projector at the back of a classroom; ``PAKRU_PRESENT=1`` in the environment turns it on from the start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Style:
    """Font sizes in points; ``scale`` multiplies all of them (and the image resolution)."""

    scale: float = 1.0
    base: float = 11.0
    small: float = 10.0
    title: float = 13.0

    def size(self, kind: str = "base") -> float:
        return round(getattr(self, kind) * self.scale, 1)

    @property
    def dpi(self) -> int:
        return int(100 * max(1.0, self.scale))


STYLE = Style(scale=1.35 if os.environ.get("PAKRU_PRESENT") == "1" else 1.0)


def present(on: bool = True, scale: float = 1.35) -> Style:
    """Make the next figures readable on a projector (``on=False`` goes back to the normal size)."""
    STYLE.scale = scale if on else 1.0
    return STYLE


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
    from matplotlib.text import Text

    from pakru.render.figure import LessonFigure

    smallest = STYLE.size("small")
    for ax in figure.axes:
        ax.tick_params(labelsize=smallest)
        ax.title.set_fontsize(STYLE.size("title"))
        ax.xaxis.label.set_fontsize(STYLE.size("base"))
        ax.yaxis.label.set_fontsize(STYLE.size("base"))
    for text in figure.findobj(Text):
        if text.get_text() and text.get_fontsize() < smallest:
            text.set_fontsize(smallest)
    return LessonFigure(figure, alt, dpi=STYLE.dpi)
