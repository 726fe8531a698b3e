"""Whole-word matching of many terms at once, longest first, so no mention is counted twice."""

from __future__ import annotations

import re
from collections.abc import Iterable


def term_pattern(terms: Iterable[str], ignore_case_for_lower: bool = False) -> re.Pattern[str] | None:
    """One regex matching any term as a whole word, preferring the longest at each position.

    With ``ignore_case_for_lower``, a term in lower case matches any case while a term with
    capitals ("US") matches only as written, so the pronoun "us" is not the United States.

    >>> p = term_pattern(["Asif", "Asif Ali Zardari"])
    >>> [m.group() for m in p.finditer("Asif Ali Zardari met Asif.")]
    ['Asif Ali Zardari', 'Asif']
    """
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    if not unique:
        return None
    parts = []
    for term in unique:
        body = re.escape(term)
        if ignore_case_for_lower and term == term.lower():
            body = f"(?i:{body})"
        parts.append(body)
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")
