"""A matplotlib figure as the package shows it: an <img> with its text alternative, from one template."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

from pakru.render import render


class LessonFigure:
    """A figure plus what a reader without sight of it needs: its title, axis labels and a text alternative.

    It shows as HTML (``figure.html.j2``: the SVG with ``alt``, and the alternative as a caption), so no image
    reaches a page without alt text; in the dark theme the stylesheet inverts its light background.

    A lesson figure (``plotstyle.drawn``) holds its picture as drawn, SVG and labels; one drawn before (the
    same data, style, code and matplotlib) comes that way from the user cache, and its matplotlib ``figure``
    is drawn again only if someone asks for it (a test, ``png()``).
    """

    def __init__(self, figure: object | None, alt: str, dpi: int = 100, *, saved: dict | None = None,
                 redraw: Callable[[], object] | None = None):
        self._figure = figure
        self.alt = alt
        self.dpi = dpi
        self._saved = saved
        """``{"svg", "title", "xlabel", "ylabel"}``: the picture as drawn (from the cache, or just made)."""
        self._redraw = redraw

    @property
    def figure(self):
        """The ``matplotlib.figure.Figure``, drawn now if it came from the cache.

        Whoever takes it may change it, so from then on the figure, not the saved picture, is what shows.
        """
        if self._figure is None:
            self._figure = self._redraw()
        self._saved = None
        return self._figure

    @property
    def axes(self):
        return self.figure.axes[0]

    @property
    def title(self) -> str:
        return self._saved["title"] if self._saved else self.axes.get_title()

    @property
    def xlabel(self) -> str:
        return self._saved["xlabel"] if self._saved else self.axes.get_xlabel()

    @property
    def ylabel(self) -> str:
        return self._saved["ylabel"] if self._saved else self.axes.get_ylabel()

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()

    def svg(self) -> bytes:
        """The figure as SVG bytes, text drawn as glyph outlines (the same shapes as the PNG, on any machine).

        What lessons show: a third cheaper to make than the PNG (no rasterising, no PNG compression),
        sharp at any zoom or projector size, and about as small.

        No ``bbox_inches="tight"`` (here or in ``png``): the figures use constrained layout, which already
        fits titles, labels and legends inside the figure, and measuring the tight box drew every figure
        twice (a fifth of a figure's time, the same picture with a few points more margin).
        """
        if self._saved:
            return self._saved["svg"].encode("utf-8")
        import matplotlib

        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "pakru"}):  # stable ids: the same figure, the same bytes
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()

    def saved(self) -> dict:
        """The picture and its labels as the figure cache keeps them (``plotstyle.drawn``), drawn if need be."""
        svg = self.svg().decode("utf-8")
        return {"svg": svg, "title": self.title, "xlabel": self.xlabel, "ylabel": self.ylabel}

    def html(self, standalone: bool = True) -> str:
        """The figure as HTML: the image with its alt text and caption."""
        data = base64.b64encode(self.svg()).decode("ascii")
        return str(render("figure.html.j2", image_type="image/svg+xml", image_base64=data, alt=self.alt,
                          title=self.title, xlabel=self.xlabel, ylabel=self.ylabel, standalone=standalone))

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_markdown_(self) -> str:
        return f"*Text alternative:* {self.alt}"

    def __repr__(self) -> str:
        return f"{self.title}\n{self.alt}"

