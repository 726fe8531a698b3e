"""What a question type module hands the rest of the package: one ``QuestionType`` record, named ``TYPE``.

Each module under ``pakru.quiz.types`` (single.py, numeric.py, …) holds everything about its type and ends
with ``TYPE = QuestionType(...)``; the registry (``pakru.quiz.types``) lists the modules. Bank validation,
the live quiz, the static page and the site's quiz ask the record, never the type's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pakru.quiz.model import Question

COMMON = ("id", "type", "asks", "prompt", "code", "explanation", "evidence")
"""Bank fields every question type takes."""

COMPARES = ("choice", "choices", "number", "text", "text-rules", "order", "pairs")
"""The comparisons the site's script knows (``GRADE`` in pakru-site.js): a type's ``rule`` names one
of them in its ``compare`` field (how the page compares an answer).

- ``choice``: one option index, right when it is ``answer`` (``feedback`` per option);
- ``choices``: a set of option indices, right when it is exactly ``answer``;
- ``number``: typed text read as a number, the first of ``rules`` it falls in decides (else ``default``);
- ``text``: typed text, normalised, right when it is in ``accepted``;
- ``text-rules``: typed text, trimmed, the first of ``rules`` it equals (or is similar enough to) decides;
- ``order``: a place per item, right when each is its ``places``; ``pairs``: a choice per item, each its ``answer``.

Each also carries ``words``: the type's feedback sentences (``fill`` templates), used by its Python check too.
"""

PAGE_CONTROLS = ("radio", "checkbox", "typed", "select")
"""How the site's page lets the learner answer (``site_quiz.html.j2``): one radio per option, a check box per
option, a text field, or a list to choose from per item; the script reads each the same way for every type."""


@dataclass(frozen=True)
class QuestionType:
    """One question type: everything the package knows about it, from its module."""

    name: str
    """The bank's ``type:`` value."""
    question: type[Question]
    """The class that holds such a question and checks answers to it."""
    entry: type
    """The bank entry model (``pakru.quiz.entry.QuestionEntry``): its fields, validation and JSON Schema;
    ``entry.question()`` makes the checking object."""
    control: Callable
    """(question, random order or None, accessible name) → the ``pakru.quiz.controls.Control`` the learner
    answers with in the live quiz."""
    choices: Callable[[Any], str]
    """(question) → what the learner chooses from, as static HTML (never the answer)."""
    page: Callable[[Any], dict]
    """(question) → how the site's page asks: ``control`` (one of PAGE_CONTROLS) and ``options``, or ``items``
    ({letter, text}) with ``choices`` and ``item_label``, or ``unit``/``inputmode`` (never the answer)."""
    rule: Callable[[Any], dict]
    """(question) → what the site's script grades with: ``compare`` (one of COMPARES), the answer, and the words
    (self-check pages only: it holds the answer)."""
    to_page: Callable[[Any, Any], Any]
    """(question, an answer as the live quiz gives it) → the same answer as the page's controls give it (an
    option index, indices, the typed text, a choice index per item): so tests grade one answer both ways."""
    samples: Callable[[Any], list]
    """(question) → answers to try, as the live quiz gives them: the right one, wrong ones, incomplete ones."""
    said: Callable[[Any, Any], str] | None = None
    """(question, saved answer) → the answer in words on the static page; None: by its shape
    (``pakru.quiz.static.plain_said``)."""

    @property
    def fields(self) -> tuple[str, ...]:
        """Bank fields it takes besides COMMON (read from its entry model)."""
        return tuple(f for f in self.entry.model_fields if f not in COMMON)

    @property
    def all_fields(self) -> tuple[str, ...]:
        return COMMON + self.fields
