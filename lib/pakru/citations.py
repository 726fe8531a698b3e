"""Citations are values: a document id and a paragraph number, resolvable to text and source."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CITATION = re.compile(r"^\s*([a-z0-9][a-z0-9-]*)\s*(?:¶|#|:)\s*(\d+)\s*$")


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
        match = _CITATION.match(text)
        if not match:
            raise ValueError(f"not a citation: {text!r} (write it as 'doc-id ¶N', e.g. 'voa-2003 ¶2')")
        return cls(match.group(1), int(match.group(2)))
