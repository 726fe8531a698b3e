"""Learners' text made safe to show: every control character visible, so nothing reaches a terminal raw.

Why: file names, folder names and record fields are the learner's. An escape sequence in them
(``ESC ] 0 ; owned BEL``) would retitle or recolour the instructor's terminal, and a newline would
forge a line of its own in ``problems.txt``. ``visible`` turns each such character into its escape
(``\\x1b``, ``\\n``), so one problem stays one line.
"""

from __future__ import annotations


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def visible(text: object) -> str:
    """``text`` with every non-printable character (controls, line and paragraph separators, bidi marks) escaped."""
    return "".join(c if c.isprintable() else _escaped(c) for c in str(text))


def cell_text(text: str) -> str:
    """For a CSV cell: like ``visible``, but tabs and line breaks stay (a written answer has paragraphs)."""
    text = text.replace("\r\n", "\n")
    return "".join(c if c.isprintable() or c in "\n\t" else _escaped(c) for c in text)
