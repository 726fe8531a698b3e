"""A question bank file (``notebooks/quizzes/<bank-id>.yaml``) as a typed model on the schema layer.

One definition gives the validation (every fault with its file and line, through ``pakru.schema``),
the typed entries that become the checking classes of ``pakru.quiz.model``, and the JSON Schema published
as ``schemas/bank.schema.json`` for authors' editors. Each question type's entry model is named in the
registry (``pakru.quiz.types``); the union below lists the same classes, and a test keeps the two equal.
Checks that need the corpus (evidence verbatim, citations that resolve, chronology events) stay in
``pakru.quiz.banks``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pakru.quiz.model import (
    Bank,
    Chronology,
    Evidence,
    Matching,
    MultipleChoice,
    Numeric,
    Pair,
    Question,
    Settings,
    ShortText,
    SingleChoice,
    TrueFalse,
    normalise,
    parse_number,
)
from pakru.schema import Cite, Model, Text, fail, unique

QuestionId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
"""A question id: lower-case letters, digits, '-' or '_'; unique in its bank."""
Asks = Literal["recall", "interpret", "compare", "evaluate"]
Code = Annotated[str, StringConstraints(strip_whitespace=False)]
Tries = Annotated[int, Field(ge=0)] | Literal["never"]
CHRONOLOGY_SIZE = (4, 6)


class EvidenceEntry(Model):
    """The exact words in one cleaned paragraph that support the answer."""

    model_config = ConfigDict(title="evidence entry")

    cite: Cite
    """``doc-id ¶N``"""
    text: Text
    """Words found verbatim in that paragraph (copy them, quote marks included)."""


class QuestionEntry(Model):
    """What every question has (each type adds its own fields)."""

    model_config = ConfigDict(title="question")

    id: QuestionId
    asks: Asks | None = None
    """What the question asks of the learner: recall, interpret, compare (sources) or evaluate (a source)."""
    prompt: Text
    code: Code = ""
    """Code shown under the prompt (a `|` block keeps its lines)."""
    explanation: Text
    """Why, in one or two sentences, citing the source."""
    evidence: Annotated[list[EvidenceEntry], Field(min_length=1)]

    def common(self) -> dict[str, Any]:
        """The fields every Question takes."""
        return {"id": self.id, "prompt": self.prompt, "explanation": self.explanation, "line": self.line,
                "asks": self.asks, "code": self.code.rstrip("\n"),
                "evidence": [Evidence(e.cite, e.text, e.line) for e in self.evidence]}


def _options(options: list[str]) -> list[str]:
    if len(options) < 2:
        raise fail("a choice question needs at least two options")
    if len(set(options)) != len(options):
        raise fail("options repeat; each option must be different")
    return options


class SingleEntry(QuestionEntry):
    """Pick one option."""

    type: Literal["single"]
    options: list[Text]
    answer: Text
    """One of the options."""

    _two_or_more = field_validator("options")(_options)

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> SingleEntry:
        if self.answer not in self.options:
            raise fail(f"answer {self.answer!r} is not one of the options", "answer")
        return self

    def question(self) -> Question:
        return SingleChoice(**self.common(), options=self.options, answer=self.answer)


class MultipleEntry(QuestionEntry):
    """Pick every option that applies."""

    type: Literal["multiple"]
    options: list[Text]
    answer: Annotated[list[Text], Field(min_length=1)]
    """The options that apply."""

    _two_or_more = field_validator("options")(_options)

    @model_validator(mode="after")
    def _answers_are_options(self) -> MultipleEntry:
        for entry in self.answer:
            if entry not in self.options:
                raise fail(f"answer {entry!r} is not one of the options", "answer")
        return self

    def question(self) -> Question:
        return MultipleChoice(**self.common(), options=self.options, answer=self.answer)


class TrueFalseEntry(QuestionEntry):
    """Say whether a statement is true."""

    type: Literal["truefalse"]
    answer: StrictBool

    def question(self) -> Question:
        return TrueFalse(**self.common(), answer=self.answer)


class NumericEntry(QuestionEntry):
    """Give a number: right within ± tolerance."""

    type: Literal["numeric"]
    answer: float | str
    """A number (text only if it is nothing but a number, e.g. "1,972")."""
    tolerance: float = 0
    unit: str = ""

    @field_validator("answer", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> float:
        plain = isinstance(value, int | float) and not isinstance(value, bool) \
            or isinstance(value, str) and re.fullmatch(r"\s*[−-]?[\d,.]+\s*", value) is not None
        number = parse_number(value) if plain else None
        if number is None:
            raise fail(f"numeric answer {value!r} is not a number")
        return number

    @field_validator("tolerance", mode="before")
    @classmethod
    def _not_negative(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise fail(f"tolerance must be a number ≥ 0, not {value!r}")
        return value

    def question(self) -> Question:
        return Numeric.around(float(self.answer), float(self.tolerance), unit=self.unit, **self.common())


class ChronologyEntry(QuestionEntry):
    """Put 4 to 6 events (ids from data/events.yaml) in order; the order comes from their dates."""

    type: Literal["chronology"]
    items: list[Text]
    evidence: list[EvidenceEntry] = []
    """Optional: without it, each event's own citation and evidence are used."""

    @field_validator("items")
    @classmethod
    def _four_to_six(cls, items: list[str]) -> list[str]:
        low, high = CHRONOLOGY_SIZE
        if not low <= len(items) <= high:
            raise fail(f"a chronology orders {low} to {high} events, not {len(items)}")
        if len(set(items)) != len(items):
            raise fail("an event appears twice in `items`")
        return items

    def question(self) -> Question:
        return Chronology(**self.common(), items=self.items)


class PairEntry(Model):
    model_config = ConfigDict(title="pair")

    left: Text
    right: Text


class MatchingEntry(QuestionEntry):
    """Match each left item with its right item; the pairs are the answer."""

    type: Literal["matching"]
    pairs: Annotated[list[PairEntry], Field(min_length=2)]

    @field_validator("pairs")
    @classmethod
    def _lefts_once(cls, pairs: list[PairEntry]) -> list[PairEntry]:
        lefts = [p.left for p in pairs]
        if len(set(lefts)) != len(lefts):
            raise fail("a left item appears twice in `pairs`")
        return pairs

    def question(self) -> Question:
        return Matching(**self.common(), pairs=[Pair(p.left, p.right) for p in self.pairs])


class TextEntry(QuestionEntry):
    """Type a short answer; any accepted answer counts, whatever the case, spacing or punctuation."""

    type: Literal["text"]
    answer: Text | Annotated[list[Text], Field(min_length=1)]
    """One accepted answer, or a list of them."""

    @field_validator("answer")
    @classmethod
    def _readable(cls, answer: str | list[str]) -> str | list[str]:
        if not any(normalise(a) for a in ([answer] if isinstance(answer, str) else answer)):
            raise fail("accepted answers must contain letters or digits")
        return answer

    def question(self) -> Question:
        accepted = [self.answer] if isinstance(self.answer, str) else list(self.answer)
        return ShortText(**self.common(), accepted=accepted)


AnyQuestion = Annotated[SingleEntry | MultipleEntry | TrueFalseEntry | NumericEntry | ChronologyEntry
                        | MatchingEntry | TextEntry, Field(discriminator="type")]
ENTRIES = (SingleEntry, MultipleEntry, TrueFalseEntry, NumericEntry, ChronologyEntry, MatchingEntry, TextEntry)
"""The members of AnyQuestion (the registry names the same classes; tests/quiz/test_types.py holds them equal)."""
QUESTION = TypeAdapter(AnyQuestion)
EVIDENCE = TypeAdapter(Annotated[list[EvidenceEntry], Field(min_length=1)])


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
        path = (info.context or {}).get("path")
        if path is not None and value != Path(path).stem:
            raise fail(f"bank id {value!r} must equal the file name without .yaml ({Path(path).stem!r})")
        return value

    @field_validator("questions")
    @classmethod
    def _unique_ids(cls, questions: list[QuestionEntry]) -> list[QuestionEntry]:
        return unique(questions, "id", "question id")

    def bank(self, shown: str) -> Bank:
        """The bank with its questions as checking classes (evidence and events not yet checked)."""
        return Bank(self.id, self.title, [q.question() for q in self.questions], self.settings.settings(), shown)
