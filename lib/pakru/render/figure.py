"""A matplotlib figure as the package shows it: an <img> with its text alternative, from one template."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from pakru.render import render


@dataclass
class LessonFigure:
    """A figure plus what a reader without sight of it needs: its title, axis labels and a text alternative.

    It shows as HTML (``figure.html.j2``: the PNG with ``alt``, and the alternative as a caption), so no image
    reaches a page without alt text; in the dark theme the stylesheet inverts its light background.
    """

    figure: object
    """A ``matplotlib.figure.Figure``."""
    alt: str
    dpi: int = 100

    @property
    def axes(self):
        return self.figure.axes[0]

    @property
    def title(self) -> str:
        return self.axes.get_title()

    @property
    def xlabel(self) -> str:
        return self.axes.get_xlabel()

    @property
    def ylabel(self) -> str:
        return self.axes.get_ylabel()

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
        import matplotlib

        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "pakru"}):  # stable ids: the same figure, the same bytes
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()

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
