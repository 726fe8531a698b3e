"""Citations are values: a document id and a paragraph number, resolvable to text and source.

This is the one place that reads citations from text: a single form (``doc-id ¶N``; ``#`` or ``:`` also
accepted in place of ``¶``) parsed alone (:meth:`Citation.parse`), inside prose in square brackets
(:func:`inline`), and after a quotation it vouches for (:func:`quotations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FORM = r"([a-z0-9][a-z0-9-]*)\s*[¶#:]\s*(\d+)"
"""The one citation form: a document id, a mark, a paragraph number."""
_WHOLE = re.compile(rf"^\s*{_FORM}\s*$")
_INLINE = re.compile(rf"\[{_FORM}\]")
_QUOTED = re.compile(rf"[\"“]([^\"“”]{{3,}}?)[\"”]\s*((?:\[{_FORM}\]\s*)+)")


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
