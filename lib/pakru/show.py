"""The one place that turns corpus things into HTML: always escaped, always with a citation line.

Colours come from JupyterLab's theme variables (with plain fallbacks), so light, dark and
high-contrast themes all stay readable; nothing here relies on colour alone.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from pakru.citations import Citation
from pakru.corpus import Corpus, Passage, load

BOX = (
    "border-left: 4px solid var(--jp-brand-color1, #1976d2); padding: 0.4em 0.8em; margin: 0.6em 0;"
    " background: var(--jp-layout-color1, transparent); color: var(--jp-content-font-color1, inherit);"
)
CITE = "font-size: 0.9em; color: var(--jp-content-font-color2, inherit);"
MARK = (
    "background: var(--jp-warn-color3, #fff3c4); color: var(--jp-content-font-color0, inherit);"
    " text-decoration: underline; text-decoration-thickness: 2px;"
)


class HTML:
    """A bit of HTML that renders itself in Jupyter and reads as plain text elsewhere."""

    def __init__(self, markup: str, text: str):
        self.markup = markup
        self.text = text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def escape(text: object) -> str:
    """Escape anything from a source, a bank or a learner before it becomes HTML.

    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(str(text), quote=True)


def highlight(text: str, evidence: Iterable[str] = ()) -> str:
    """Escape ``text`` and wrap each exact occurrence of each evidence string in ``<mark>``.

    >>> highlight("a <b> c", ["<b>"])  # doctest: +ELLIPSIS
    'a <mark ...>&lt;b&gt;</mark> c'
    """
    spans: list[tuple[int, int]] = []
    for needle in evidence:
        if not needle:
            continue
        start = text.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + len(needle))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(escape(text[pos:start]))
        out.append(f'<mark style="{MARK}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def passage_html(passage: Passage, evidence: Iterable[str] = ()) -> str:
    """A cited paragraph as a block quote with its reference line underneath."""
    return (
        f'<blockquote style="{BOX}"><p>{highlight(passage.text, evidence)}</p>'
        f'<footer style="{CITE}">— {escape(passage.reference)}</footer></blockquote>'
    )


def passage(doc_id: str | Citation, paragraph: int | None = None, evidence: Iterable[str] = (),
            corpus: Corpus | None = None) -> HTML:
    """Show one paragraph of a source, with evidence highlighted: ``show.passage("voa-2003", 2)``."""
    found = (corpus or load()).cite(doc_id, paragraph)
    evidence = list(evidence)
    return HTML(passage_html(found, evidence), str(found))


def reading(*citations: str | Citation, title: str | None = None, corpus: Corpus | None = None) -> HTML:
    """A reading made of several cited paragraphs: ``show.reading("voa-2003 ¶1", "voa-2003 ¶2")``."""
    corpus = corpus or load()
    found = [corpus.cite(c if isinstance(c, Citation) else Citation.parse(c)) for c in citations]
    head = f"<h4>{escape(title)}</h4>" if title else ""
    text = ((title + "\n\n") if title else "") + "\n\n".join(str(p) for p in found)
    return HTML(head + "".join(passage_html(p) for p in found), text)


def raw(doc_id: str | Citation, paragraph: int | None = None, corpus: Corpus | None = None) -> HTML:
    """The same paragraph as it stands in the raw file, marks and line breaks included."""
    found = (corpus or load()).cite(doc_id, paragraph)
    body = f'<pre style="white-space: pre-wrap; {BOX}">{escape(found.raw)}</pre>'
    return HTML(body + f'<div style="{CITE}">raw file {escape(found.source.file)}, characters '
                f"{found.start}–{found.end}</div>", found.raw)
