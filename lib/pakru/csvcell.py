"""CSV cells a spreadsheet will not run, and the way back.

Why one module: every CSV pakru writes for people (a learner's results, the gradebook's files, LMS imports) is
opened in a spreadsheet, where a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula (or DDE). ``neutral`` puts an apostrophe before such a text, as OWASP advises (and before a text that
already starts with one, so the step can be undone); ``restore`` takes exactly that apostrophe off again when
pakru reads its own file back, so a neutralised answer grades as given.

>>> neutral("=cmd|' /C calc'!A0"), neutral("-5"), neutral(-5), neutral("plain")
("'=cmd|' /C calc'!A0", "'-5", '-5', 'plain')
>>> restore(neutral("=1+1")), restore("'plain"), restore(neutral("'=x"))
('=1+1', "'plain", "'=x")
"""

from __future__ import annotations

STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""


def neutral(value: object) -> str:
    """The cell text for ``value``: numbers as numbers, text starting like a formula behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text[:1] in STARTS or text[:1] == "'" else text


def restore(text: str) -> str:
    """The text ``neutral`` was given: one leading apostrophe removed where it guards a formula start."""
    guarded = text[1:2] != "" and (text[1:2] in STARTS or text[1:2] == "'")
    return text[1:] if text[:1] == "'" and guarded else text
