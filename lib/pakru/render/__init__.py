"""The one rendering layer: every piece of HTML the package emits comes from a template here.

Templates are Jinja2 files shipped in this package (``templates/*.html.j2``) with automatic escaping on,
so text from sources, authors' banks or learners can reach HTML only as text: a template has to say
``|safe`` to do otherwise, and none does with untrusted text (``tests/render`` feeds hostile text to all).
Colours live in one stylesheet (``pakru.css``), never in Python: it takes JupyterLab's theme variables
(``--jp-*``) where they exist and falls back to its own light and dark palettes elsewhere.

Usage::

    from pakru.render import render
    html = render("notice.html.j2", text="Careful <here>")   # a markupsafe.Markup

Output templates extend ``_output.html.j2``: they wrap themselves in ``<div class="pakru">`` and carry the
stylesheet in a ``<style>`` element, because a notebook output must style itself wherever it is shown
(JupyterLab renders cells lazily, nbviewer and exported HTML show each output on its own). Pass
``standalone=False`` to leave the ``<style>`` out (the static site links the stylesheet once per page).
This module sits at the bottom of the package: it imports nothing from pakru but ``pakru.usercache`` (which
imports nothing from pakru either), where compiled templates are kept between processes: compiling the
templates a lesson uses took more of its start-up than rendering them.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import jinja2
from markupsafe import Markup, escape

from pakru import usercache
from pakru.render.segments import code_segments, highlight_segments, link_segments, prose_segments, url_segments

__all__ = ["HTML", "Markup", "code_segments", "environment", "escape", "highlight_segments", "prose_segments",
           "render", "stylesheet", "style_tag"]

STYLESHEET = "pakru.css"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment: templates from this package, autoescape on for every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pakru.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=_CompiledTemplates(),
    )
    env.globals.update(stylesheet=lambda: stylesheet(), highlight_segments=highlight_segments,
                       prose_segments=prose_segments, code_segments=code_segments,
                       link_segments=link_segments, url_segments=url_segments)
    env.filters["web_address"] = web_address
    return env


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per user, kept in the user cache (kind ``templates``), not once per kernel.

    Jinja names each entry by the template and checks it against the template's source and the Jinja and
    Python versions; the package's code hash in the name adds this environment's settings. The user cache
    does the rest as for any entry: written whole, checksummed (a damaged one reads as missing), the user's
    own first, then the shared layer an image build filled; a folder that cannot be used costs only the
    compile.

    A compiled template is Python bytecode, which runs when the template renders; there is no data form of
    it. It is kept anyway because compiling costs more than everything else a cached lesson does with its
    templates (all 38 take about 0.1 s to compile, 0.01 s to load), and it is trusted as the user's own
    ``.pyc`` files are: ``usercache.read`` hands over an entry only when its owner (this user, or the
    environment's for the shared layer), its mode (nobody else may write it) and its checksum check out.
    """

    KIND = "templates"

    def _name(self, bucket: jinja2.bccache.Bucket) -> str:
        return f"{usercache.code_hash()[:16]}-{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        stored = usercache.read(self.KIND, self._name(bucket))
        if stored is not None:
            bucket.bytecode_from_string(stored)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        usercache.write(self.KIND, self._name(bucket), bucket.bytecode_to_string())


def web_address(url: object) -> str:
    """``url`` if it is an http(s) address, else "" (a link from data never gets a ``javascript:`` target).

    >>> web_address("https://example.org/a?b=1"), web_address("javascript:alert(1)"), web_address(None)
    ('https://example.org/a?b=1', '', '')
    """
    text = str(url or "").strip()
    return text if re.match(r"^https?://[^\s]+$", text, re.IGNORECASE) else ""


def render(template_name: str, /, **context) -> Markup:
    """Render one template with ``context``; every value is escaped unless it already is ``Markup``."""
    context.setdefault("standalone", True)
    return Markup(environment().get_template(template_name).render(**context))


@functools.cache
def stylesheet(minify: bool = True) -> str:
    """The package stylesheet (comments and runs of white space removed unless ``minify=False``)."""
    text = resources.files("pakru.render").joinpath(STYLESHEET).read_text(encoding="utf-8")
    if not minify:
        return text
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*([{};,>])\s*", r"\1", text).strip()


def style_tag() -> Markup:
    """``<style>`` with the package stylesheet, for HTML that is not made by an output template."""
    return render("_style.html.j2")


class HTML:
    """A rendered piece of HTML that shows itself in Jupyter and reads as plain text everywhere else."""

    def __init__(self, markup: str, text: str):
        self.markup = Markup(markup)
        self.text = text

    def _repr_html_(self) -> str:
        return str(self.markup)

    def __html__(self) -> str:
        return str(self.markup)

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text
