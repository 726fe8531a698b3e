"""The one registry of question types: each type's name, its bank fields, its checking, its widget and its
static rendering, in one table.

Adding a type means one row here plus what the row names: the question class (checking,
``pakru.quiz.model``), its bank entry model (fields, validation, JSON Schema, ``pakru.quiz.bankfile``),
its answer control (``pakru.quiz.widgets``), its choices on a static page (``pakru.quiz.static``), and what the
site's self-check page shows and checks against (``pakru.quiz.selfcheck``). Everything that needs to know the
types (bank validation and its messages, the quiz view, the static page, the site's quiz, the docs' list of
types) asks this table; none keeps its own list.

The table is built on first use, like ``pakru.schema.kinds()``, because those modules use it too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from pakru.quiz.model import (
    Chronology,
    Matching,
    MultipleChoice,
    Numeric,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
)

COMMON = ("id", "type", "asks", "prompt", "code", "explanation", "evidence")
"""Bank fields every question type takes."""


@dataclass(frozen=True)
class QuestionType:
    """One question type: everything the package knows about it, in one place."""

    name: str
    """The bank's ``type:`` value."""
    question: type[Question]
    """The class that holds such a question and checks answers to it."""
    entry: type
    """The bank entry model of this type (``pakru.quiz.bankfile``): its fields, validation and JSON Schema;
    ``entry.question()`` makes the checking object."""
    control: Callable
    """(question, random order or None, accessible name) → the widget the learner answers with."""
    choices: Callable
    """(question) → what the learner chooses from, as static HTML (never the answer)."""
    page_choices: Callable
    """(question) → what the site's self-check page lets the learner choose from: ``options``, or ``items``
    to place with ``choices`` (never the answer)."""
    page_key: Callable
    """(question) → what the site's script checks an answer against (the answer: self-check pages only)."""
    said: Callable | None = None
    """(question, saved answer) → the answer in words on the static page; None: by its shape
    (``pakru.quiz.static.plain_said``)."""

    @property
    def fields(self) -> tuple[str, ...]:
        """Bank fields it takes besides COMMON (read from its entry model)."""
        return tuple(f for f in self.entry.model_fields if f not in COMMON)

    @property
    def all_fields(self) -> tuple[str, ...]:
        return COMMON + self.fields


@functools.cache
def registry() -> dict[str, QuestionType]:
    """Every question type by name, in the order the docs list them."""
    from pakru.quiz import bankfile as b
    from pakru.quiz import selfcheck as s
    from pakru.quiz import static, widgets

    found = [
        QuestionType("single", SingleChoice, b.SingleEntry, widgets.single_control, static.option_list,
                     s.option_choices, s.single_key),
        QuestionType("multiple", MultipleChoice, b.MultipleEntry, widgets.multiple_control, static.option_list,
                     s.option_choices, s.multiple_key),
        QuestionType("truefalse", TrueFalse, b.TrueFalseEntry, widgets.truefalse_control, static.truefalse_list,
                     s.truefalse_choices, s.truefalse_key),
        QuestionType("numeric", Numeric, b.NumericEntry, widgets.numeric_control, static.numeric_hint,
                     s.typed_choices, s.numeric_key),
        QuestionType("chronology", Chronology, b.ChronologyEntry, widgets.chronology_control, static.event_list,
                     s.event_choices, s.chronology_key, static.chronology_said),
        QuestionType("matching", Matching, b.MatchingEntry, widgets.matching_control, static.matching_lists,
                     s.matching_choices, s.matching_key),
        QuestionType("text", ShortText, b.TextEntry, widgets.text_control, static.nothing,
                     s.typed_choices, s.text_key),
    ]
    for kind in found:
        assert kind.question.kind == kind.name, f"{kind.question.__name__}.kind must be {kind.name!r}"
    return {kind.name: kind for kind in found}


def of(question: Question) -> QuestionType:
    """The type of a question object."""
    return registry()[question.kind]
