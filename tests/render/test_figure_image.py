"""Lesson figures show as SVG: the PNG's picture (same box, glyphs as outlines: no font needed), nothing active."""

from __future__ import annotations

import base64
import re
import struct

from pakru import figures


def test_is_the_shown_image_an_svg_of_the_same_picture_as_the_png(corpus):
    fig = figures.who_speaks(["toi-2018"], corpus=corpus)
    html = fig.html()
    src = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert src, html[:300]
    svg = base64.b64decode(src.group(1)).decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<text" not in svg and "<script" not in svg.lower() and "<path" in svg
    size = re.search(r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    width_pt, height_pt = float(size.group(1)), float(size.group(2))
    png = fig.png()
    width_px, height_px = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
    # the same tight box; the backends pad it by a few points differently
    assert abs(width_pt / 72 * fig.dpi - width_px) <= 0.02 * width_px
    assert abs(height_pt / 72 * fig.dpi - height_px) <= 0.02 * height_px


def test_is_the_svg_the_same_each_time_a_figure_is_made():
    """No timestamp or random id in it, so a saved notebook or the static site does not change between runs."""
    assert figures.publication_dates().svg() == figures.publication_dates().svg()
