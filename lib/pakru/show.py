"""Showing corpus passages: a cited paragraph, a reading of several, the raw text behind one.

The HTML comes from the rendering layer (``pakru.render``: templates with automatic escaping and one
stylesheet whose colours follow JupyterLab's theme), so nothing from a source can run as markup.
This module sits above the corpus; the corpus itself knows nothing about showing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from pakru.citations import Citation
from pakru.corpus import Corpus, Passage, load
from pakru.render import HTML, highlight_segments, render

__all__ = ["HTML", "escape", "highlight", "paragraphs", "passage", "passage_html", "raw", "reading", "table"]

CITE = "font-size: 0.9em; color: var(--jp-content-font-color2, inherit);"
"""Deprecated inline style kept for callers not yet on the templates (use the ``pakru-cite`` class)."""


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
    return str(render("_highlight.html.j2", segments=highlight_segments(text, list(evidence))))


def passage_html(passage: Passage, evidence: Iterable[str] = ()) -> str:
    """A cited paragraph as a block quote with its reference line underneath (stylesheet included)."""
    return str(render("passage.html.j2", text=passage.text, reference=passage.reference, evidence=list(evidence)))


def passage(doc_id: str | Citation, paragraph: int | None = None, evidence: Iterable[str] = (),
            corpus: Corpus | None = None) -> HTML:
    """Show one paragraph of a source, with evidence highlighted: ``show.passage("voa-2003", 2)``."""
    found = (corpus or load()).cite(doc_id, paragraph)
    return HTML(passage_html(found, evidence), str(found))


def reading(*citations: str | Citation, title: str | None = None, corpus: Corpus | None = None) -> HTML:
    """A reading made of several cited paragraphs: ``show.reading("voa-2003 ¶1", "voa-2003 ¶2")``."""
    corpus = corpus or load()
    found = [corpus.cite(c if isinstance(c, Citation) else Citation.parse(c)) for c in citations]
    text = ((title + "\n\n") if title else "") + "\n\n".join(str(p) for p in found)
    passages = [{"text": p.text, "reference": p.reference, "evidence": ()} for p in found]
    return HTML(render("reading.html.j2", title=title, passages=passages), text)


def raw(doc_id: str | Citation, paragraph: int | None = None, corpus: Corpus | None = None) -> HTML:
    """The same paragraph as it stands in the raw file, marks and line breaks included.

    Where it is: lines (the same in a CRLF file and its LF copy) and character offsets; for a CRLF file both
    the offsets as stored and those of the LF copy, so either copy can be searched.
    """
    found = (corpus or load()).cite(doc_id, paragraph)
    text = found.raw.replace("\r\n", "\n")
    return HTML(render("raw.html.j2", raw=text, file=found.source.file, start=found.start, end=found.end,
                       lines=found.lines, lf_span=found.lf_span), text)


def table(frame, caption: str | None = None) -> HTML:
    """A table shown whole: every cell's full text, wrapped to the page (pandas cuts text at 50 characters).

    For tables where reading the text is the task: ``show.table(corpus.quotes[["doc_id", "paragraph", "quote"]])``.
    """
    columns = [str(c) for c in frame.columns]
    rows = [["" if value is None else str(value) for value in row] for row in frame.itertuples(index=False)]
    plain = "\n".join("\t".join(row) for row in [columns, *rows])
    return HTML(render("text_table.html.j2", caption=caption or "", columns=columns, rows=rows), plain)


def paragraphs(*doc_ids: str, corpus: Corpus | None = None) -> HTML:
    """Every cleaned paragraph of these sources, whole, with the id and number to cite each one by."""
    corpus = corpus or load()
    for doc_id in doc_ids:
        corpus.document(doc_id)  # a KeyError naming the sources there are
    frame = corpus.paragraphs
    frame = frame[frame["doc_id"].isin(doc_ids)] if doc_ids else frame
    caption = "Paragraphs of " + ", ".join(doc_ids or ["every source"])
    return table(frame[["doc_id", "paragraph", "text"]], caption=caption)
