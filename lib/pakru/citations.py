"""Citations are values: a document id and a paragraph number, resolvable to text and source.

This is the one place that reads citations from text: a single form (``doc-id ¶N``; ``#`` or ``:`` also
accepted in place of ``¶``) parsed alone (:meth:`Citation.parse`), inside prose in square brackets
(:func:`inline`), and after a quotation it vouches for (:func:`quotations`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DOC_ID = r"[a-z0-9][a-z0-9-]*"
"""What a document id looks like (the catalogue's ``id``)."""


def form(doc_ids: Iterable[str] | None = None, marks: str = "¶#:") -> str:
    """The one citation form as a regular expression: a document id (group 1), a mark, a paragraph (group 2).

    ``doc_ids`` narrows it to known ids (to find citations in running prose without false hits),
    ``marks`` to the marks that count there.

    >>> re.findall(form(["voa-2003"], "¶"), "as voa-2003 ¶2 and toi-2018 ¶1 say")
    [('voa-2003', '2')]
    """
    ids = DOC_ID if doc_ids is None else "|".join(re.escape(d) for d in sorted(set(doc_ids), key=len, reverse=True))
    return rf"({ids or '(?!x)x'})\s*[{re.escape(marks)}]\s*(\d+)"


WHOLE = rf"^\s*{form()}\s*$"
"""A whole text that is one citation (also the JSON Schema pattern of a ``cite:`` field)."""
_WHOLE = re.compile(WHOLE)
_INLINE = re.compile(rf"\[{form()}\]")
_QUOTED = re.compile(rf"[\"“]([^\"“”]{{3,}}?)[\"”]\s*((?:\[{form()}\]\s*)+)")


@dataclass(frozen=True, order=True)
class Citation:
    """A pointer to one cleaned paragraph of one source.

    >>> Citation("voa-2003", 2)
    Citation(doc_id='voa-2003', paragraph=2)
    >>> str(Citation("voa-2003", 2))
    'voa-2003 ¶2'
    >>> Citation.parse("moscowtimes-2011:5")
    Citation(doc_id='moscowtimes-2011', paragraph=5)
    """

    doc_id: str
    paragraph: int

    def __str__(self) -> str:
        return f"{self.doc_id} ¶{self.paragraph}"

    @classmethod
    def parse(cls, text: str) -> Citation:
        """Read ``doc ¶N``, ``doc#N`` or ``doc:N``; anything else is a ValueError saying the form."""
        match = _WHOLE.match(text)
        if not match:
            raise ValueError(f"not a citation: {text!r} (write it as 'doc-id ¶N', e.g. 'voa-2003 ¶2')")
        return cls(match.group(1), int(match.group(2)))


BACKGROUND = re.compile(r"\[background:\s*([^\]]*)\]", re.IGNORECASE)
"""A background marker, ``[background: outside reference]``: knowledge not from the sources, and where it is from."""
CATALOGUE = re.compile(rf"\[catalogue:\s*({DOC_ID})\s*\]")
"""A catalogue marker, ``[catalogue: doc-id]``: what our catalogue card records about a source."""


def inline(text: str) -> list[tuple[Citation, int, int]]:
    """Citations written in prose as ``[doc-id ¶N]``, with the span of each (brackets included).

    >>> inline("Moscow backed India [moscowtimes-2011 ¶4].")
    [(Citation(doc_id='moscowtimes-2011', paragraph=4), 20, 41)]
    """
    return [(Citation(m.group(1), int(m.group(2))), m.start(), m.end()) for m in _INLINE.finditer(text)]


def quotations(text: str) -> list[tuple[str, list[Citation]]]:
    """Each quotation in prose that is followed by citations: its words and the passages it claims to quote.

    >>> quotations('VOA says "more than 30 years" [voa-2003 ¶2], not "about 10".')
    [('more than 30 years', [Citation(doc_id='voa-2003', paragraph=2)])]
    """
    return [(m.group(1), [c for c, _, _ in inline(m.group(2))]) for m in _QUOTED.finditer(text)]
