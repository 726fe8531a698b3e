"""Text cut into the pieces templates mark up: evidence to highlight, citations, `code`.

Pure functions over strings (no HTML here): a template loops over the pieces and escapes each one, so
the markup around them is the template's and the text inside stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pakru.citations import BACKGROUND, CATALOGUE, inline

BACKTICKS = re.compile(r"`([^`]+)`")


def highlight_segments(text: str, evidence: Iterable[str] = ()) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_evidence) pairs; overlapping or touching evidence merges into one piece.

    >>> highlight_segments("one two three", ["one two", "two three"])
    [('one two three', True)]
    >>> highlight_segments("a <b> c", ["<b>"])
    [('a ', False), ('<b>', True), (' c', False)]
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
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text) or not out:
        out.append((text[pos:], False))
    return out


def _split(pattern: re.Pattern, text: str, group: int = 1) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    pos = 0
    for match in pattern.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], False))
        out.append((match.group(group), True))
        pos = match.end()
    if pos < len(text) or not out:
        out.append((text[pos:], False))
    return out


def prose_segments(text: str) -> list[tuple[str, str]]:
    """Prose as (piece, marker) pairs: marker is "cite" for a citation (found by the one citation parser,
    ``citations.inline``), "background" for a background marker (the piece is its reference), "catalogue" for
    a catalogue marker (the piece is the document id) and "" for plain text.

    >>> prose_segments("As VOA says [voa-2003 ¶2].")
    [('As VOA says ', ''), ('[voa-2003 ¶2]', 'cite'), ('.', '')]
    >>> prose_segments("SEATO [background: Britannica, https://x.org/s] [catalogue: voa-2003]")
    [('SEATO ', ''), ('Britannica, https://x.org/s', 'background'), (' ', ''), ('voa-2003', 'catalogue')]
    """
    spans = [(start, end, text[start:end], "cite") for _, start, end in inline(text)]
    spans += [(m.start(), m.end(), m.group(1).strip(), "background") for m in BACKGROUND.finditer(text)]
    spans += [(m.start(), m.end(), m.group(1), "catalogue") for m in CATALOGUE.finditer(text)]
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, piece, marker in sorted(spans):
        if start < pos:  # inside a marker already taken (a citation written in a background reference)
            continue
        if start > pos:
            out.append((text[pos:start], ""))
        out.append((piece, marker))
        pos = end
    if pos < len(text) or not out:
        out.append((text[pos:], ""))
    return out


URL = re.compile(r"https?://[^\s<>\"]+?(?=[.,;:)\]]*(?:\s|$))", re.IGNORECASE)


def url_segments(text: str) -> list[tuple[str, bool]]:
    """Text as (piece, is_address) pairs: bare http(s) addresses (without the punctuation after them).

    >>> url_segments("Britannica, https://x.org/a?b=1. See (https://y.org).")
    [('Britannica, ', False), ('https://x.org/a?b=1', True), ('. See (', False), ('https://y.org', True), (').', False)]
    """
    return _split(URL, text, group=0)


def code_segments(text: str) -> list[tuple[str, bool]]:
    """Message text as (piece, is_code) pairs: `backticked` parts are code.

    >>> code_segments("set `answer` to a number")
    [('set ', False), ('answer', True), (' to a number', False)]
    """
    return _split(BACKTICKS, text)


LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s()<>]+)\)|<(https?://[^\s<>]+)>")


def link_segments(text: str) -> list[tuple[str, str | None]]:
    """``text`` as (piece, web address or None): Markdown links ``[label](https://...)`` and ``<https://...>``,
    the two forms jupyterquiz turns into links. Only http and https addresses become links.

    >>> link_segments("See [the repo](https://example.org/r) or <https://example.org>.")[1:4]
    [('the repo', 'https://example.org/r'), (' or ', None), ('https://example.org', 'https://example.org')]
    >>> link_segments("[x](javascript:alert(1))")
    [('[x](javascript:alert(1))', None)]
    """
    out: list[tuple[str, str | None]] = []
    pos = 0
    for match in LINK.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], None))
        label, href, bare = match.groups()
        out.append((label, href) if href else (bare, bare))
        pos = match.end()
    if pos < len(text) or not out:
        out.append((text[pos:], None))
    return out
