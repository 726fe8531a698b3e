"""The one registry of question types: each type's name, its bank fields, its checking, its widget and its
static rendering, in one table.

Adding a type means one row here plus the four functions the row names: the question class (checking,
``pakru.quiz.model``), how a bank entry becomes one (``pakru.quiz.banks``), its answer control
(``pakru.quiz.widgets``) and its choices on a static page (``pakru.quiz.static``). Everything that
needs to know the types (bank validation and its messages, the quiz view, the static page, the docs'
list of types) asks this table; none keeps its own list.

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
    fields: tuple[str, ...]
    """Bank fields it takes besides COMMON."""
    read: Callable
    """(bank entry, common fields, report) → Question; reports every fault of the entry."""
    control: Callable
    """(question, random order or None, accessible name) → the widget the learner answers with."""
    choices: Callable
    """(question) → what the learner chooses from, as static HTML (never the answer)."""
    evidence_required: bool = True
    """False where the evidence can come from elsewhere (a chronology's events)."""

    @property
    def all_fields(self) -> tuple[str, ...]:
        return COMMON + self.fields


@functools.cache
def registry() -> dict[str, QuestionType]:
    """Every question type by name, in the order the docs list them."""
    from pakru.quiz import banks, static, widgets

    found = [
        QuestionType("single", SingleChoice, ("options", "answer"), banks.read_single, widgets.single_control,
                     static.option_list),
        QuestionType("multiple", MultipleChoice, ("options", "answer"), banks.read_multiple,
                     widgets.multiple_control, static.option_list),
        QuestionType("truefalse", TrueFalse, ("answer",), banks.read_truefalse, widgets.truefalse_control,
                     static.truefalse_list),
        QuestionType("numeric", Numeric, ("answer", "tolerance", "unit"), banks.read_numeric,
                     widgets.numeric_control, static.numeric_hint),
        QuestionType("chronology", Chronology, ("items",), banks.read_chronology, widgets.chronology_control,
                     static.event_list, evidence_required=False),
        QuestionType("matching", Matching, ("pairs",), banks.read_matching, widgets.matching_control,
                     static.matching_lists),
        QuestionType("text", ShortText, ("answer",), banks.read_text, widgets.text_control, static.nothing),
    ]
    for kind in found:
        assert kind.question.kind == kind.name, f"{kind.question.__name__}.kind must be {kind.name!r}"
    return {kind.name: kind for kind in found}


def of(question: Question) -> QuestionType:
    """The type of a question object."""
    return registry()[question.kind]
