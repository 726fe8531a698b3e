"""A question bank file (``notebooks/quizzes/<bank-id>.yaml``) as a typed model on the schema layer.

One definition gives the validation (every fault with its file and line, through ``pakru.schema``),
the typed entries that become the checking classes, and the JSON Schema published as
``schemas/bank.schema.json`` for authors' editors. The questions are a union, tagged by ``type``, of the entry
models of the registered question types (``pakru.quiz.types``: each type's model is in its module; what every
entry shares is ``pakru.quiz.entry``). Checks that need the corpus (evidence verbatim, citations that resolve,
chronology events) stay in ``pakru.quiz.banks``.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal, Union

from pydantic import ConfigDict, Field, StrictBool, TypeAdapter, ValidationInfo, field_validator

from pakru.quiz.entry import EvidenceEntry, QuestionEntry
from pakru.quiz.model import Bank, Settings
from pakru.quiz.types import registry
from pakru.schema import Model, Text, named_after_file, unique

__all__ = ["BankFile", "EvidenceEntry", "QuestionEntry", "bank_model", "evidence_adapter", "question_adapter"]

Tries = Annotated[int, Field(ge=0)] | Literal["never"]


def any_question(entries: tuple[type, ...]) -> Any:
    """One question of any of these types, told apart by its ``type`` field."""
    return Annotated[Union[entries], Field(discriminator="type")]  # noqa: UP007 - a union built from a tuple


ENTRIES = tuple(qtype.entry for qtype in registry().values())
"""The entry models of the package's own question types, in registry order."""
AnyQuestion = any_question(ENTRIES)


class SettingsEntry(Model):
    """How the bank behaves."""

    model_config = ConfigDict(title="settings")

    shuffle: StrictBool = True
    reveal_after: Tries = 2
    """Tries before "Show answer" is enabled (0: at once; never)."""
    source_after: Tries = 1
    """Tries before "Show in source" is enabled (the passage holds the answer; never)."""

    def settings(self) -> Settings:
        def tries(value: int | str) -> int | None:
            return None if value == "never" else int(value)

        return Settings(self.shuffle, tries(self.reveal_after), tries(self.source_after))


class BankFile(Model):
    """A question bank: ``id`` (the file name), ``title``, optional ``settings`` and the ``questions``."""

    model_config = ConfigDict(title="question bank")

    id: Text
    """Equals the file name without .yaml."""
    title: Text
    settings: SettingsEntry = SettingsEntry()
    questions: Annotated[list[AnyQuestion], Field(min_length=1)]

    @field_validator("id")
    @classmethod
    def _file_name(cls, value: str, info: ValidationInfo) -> str:
        return named_after_file(value, info, lambda stem: f"bank id {value!r} must equal the file name without "
                                f".yaml ({stem!r})")

    @field_validator("questions")
    @classmethod
    def _unique_ids(cls, questions: list[QuestionEntry]) -> list[QuestionEntry]:
        return unique(questions, "id", "question id")

    def bank(self, shown: str) -> Bank:
        """The bank with its questions as checking classes (evidence and events not yet checked)."""
        return Bank(self.id, self.title, [q.question() for q in self.questions], self.settings.settings(), shown)


def bank_model() -> type[BankFile]:
    """The bank model for the types registered now: ``BankFile``, or one that also knows types added since."""
    return _bank_model(tuple(qtype.entry for qtype in registry().values()))


@functools.cache
def _bank_model(entries: tuple[type, ...]) -> type[BankFile]:
    if entries == ENTRIES:
        return BankFile

    class CourseBankFile(BankFile):
        """A question bank whose questions may also be of the types a course added (``pakru.quiz.types.add``)."""

        questions: Annotated[list[any_question(entries)], Field(min_length=1)]  # type: ignore[valid-type]

    return CourseBankFile


def question_adapter() -> TypeAdapter:
    """A validator for one question of any registered type, used only to salvage the good questions of a faulty
    bank (built when first needed, not when a lesson imports this module)."""
    return _question_adapter(tuple(qtype.entry for qtype in registry().values()))


@functools.cache
def _question_adapter(entries: tuple[type, ...]) -> TypeAdapter:
    return TypeAdapter(any_question(entries))


@functools.cache
def evidence_adapter() -> TypeAdapter:
    """A validator for one question's evidence list (salvaging the evidence of a faulty question)."""
    return TypeAdapter(Annotated[list[EvidenceEntry], Field(min_length=1)])
