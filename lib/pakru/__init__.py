"""pakru: read news sources on Pakistan–Russia relations as citable data.

What a notebook needs is here, by name::

    import pakru
    corpus = pakru.load()                  # the corpus: sources, paragraphs, quotes, events as tables
    pakru.show.passage("voa-2003", 2)      # a cited paragraph, escaped, with its reference
    pakru.quiz.show("02_thaw_2003")        # a lesson's quiz
    pakru.start("02_thaw_2003"); pakru.check("q1"); pakru.hint("q1")   # an exercise

``from pakru import corpus, show, quiz`` (the modules) works as before. Nothing is imported until it is
first used, so ``import pakru`` costs a lesson no start-up time. See docs/architecture.md for the rooms
of the package and how data flows between them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_FUNCTIONS = {
    "load": "pakru.corpus",
    "Corpus": "pakru.corpus",
    "Citation": "pakru.citations",
    "start": "pakru.exercises",
    "check": "pakru.exercises",
    "hint": "pakru.exercises",
    "summary": "pakru.exercises",
}
"""Names offered at the top, and the module each one lives in."""
_MODULES = ("corpus", "show", "quiz", "lessons", "figures", "timeline", "exercises", "progress")
"""Modules a notebook uses by name (``pakru.show.passage``)."""

__all__ = [
    "__version__", "load", "Corpus", "Citation", "start", "check", "hint", "summary",
    "corpus", "show", "quiz", "lessons", "figures", "timeline", "exercises", "progress",
]

if TYPE_CHECKING:  # for editors and type checkers; at run time the names come from __getattr__
    from pakru import corpus, exercises, figures, lessons, progress, quiz, show, timeline
    from pakru.citations import Citation
    from pakru.corpus import Corpus, load
    from pakru.exercises import check, hint, start, summary


def __getattr__(name: str) -> Any:
    """Import what is asked for on first use (PEP 562), so ``import pakru`` stays instant."""
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(_FUNCTIONS[name]), name)
    if name in _MODULES:
        return importlib.import_module(f"pakru.{name}")
    raise AttributeError(f"module 'pakru' has no attribute {name!r}; it offers: {', '.join(__all__)}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
