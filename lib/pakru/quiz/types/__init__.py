"""The one registry of question types: a question type is one module here, listed below.

Each module (``single.py``, ``numeric.py``, …) holds everything about its type: the question class and its
check, its bank entry model (fields, validation, JSON Schema), its feedback words, its live widget, its choices
on a static page, and what the site's page shows and grades with (a rule the site's script reads as data, with
the same words). It ends with ``TYPE = QuestionType(...)`` (``pakru.quiz.questiontype``). Everything that needs
to know the types (bank validation and its messages, the quiz view, the static page, the site's quiz, the
published schema, the docs' list of types) asks this registry; none keeps its own list.

A new type: one new module, one line in ``MODULES``, its tests, a question in the demo bank
(``notebooks/quizzes/demo.yaml``) and ``python -m pakru.schema``. A course (or a test) may add a type of its own
with ``add(module)`` without editing this list.
"""

from __future__ import annotations

from types import ModuleType

from pakru.quiz.model import Question
from pakru.quiz.questiontype import COMMON, QuestionType
from pakru.quiz.types import chronology, matching, multiple, numeric, single, text, truefalse

__all__ = ["COMMON", "MODULES", "QuestionType", "add", "of", "registry", "remove"]

MODULES: tuple[ModuleType, ...] = (single, multiple, truefalse, numeric, chronology, matching, text)
"""The question type modules, in the order the docs list the types."""

_added: list[ModuleType] = []


def registry() -> dict[str, QuestionType]:
    """Every question type by name: the modules above, then any added."""
    found: dict[str, QuestionType] = {}
    for module in (*MODULES, *_added):
        qtype: QuestionType = module.TYPE
        assert qtype.question.question_type == qtype.name, \
            f"{qtype.question.__name__}.question_type must be {qtype.name!r}"
        found[qtype.name] = qtype
    return found


def of(question: Question) -> QuestionType:
    """The type of a question object."""
    return registry()[question.question_type]


def add(module: ModuleType) -> None:
    """Register one more question type module (with its ``TYPE``); banks read after this may use it."""
    if module.TYPE.name in registry():
        raise ValueError(f"a question type {module.TYPE.name!r} is registered already")
    _added.append(module)


def remove(module: ModuleType) -> None:
    """Forget a type ``add`` registered."""
    _added.remove(module)
