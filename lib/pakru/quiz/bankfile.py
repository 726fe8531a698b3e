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
from typing import Annotated, Any, ClassVar, Literal

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
    NumericRule,
    Pair,
    Question,
    Settings,
    ShortText,
    SingleChoice,
    TextRule,
    TrueFalse,
    normalise,
    parse_number,
)
from pakru.schema import Cite, Model, Text, fail, named_after_file, unique

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


def _required_for_authors(schema: dict[str, Any], model: type) -> None:
    """In the published schema explanation and evidence stay required (only the jupyterquiz importer relaxes them)."""
    names = ("explanation", "evidence") if getattr(model, "evidence_required", False) else ("explanation",)
    required = schema.setdefault("required", [])
    for name in names:
        if name in schema.get("properties", {}) and name not in required:
            required.append(name)
    if "evidence" in names and "evidence" in schema.get("properties", {}):
        schema["properties"]["evidence"]["minItems"] = 1
    if "explanation" in schema.get("properties", {}):
        schema["properties"]["explanation"]["minLength"] = 1


class QuestionEntry(Model):
    """What every question has (each type adds its own fields)."""

    model_config = ConfigDict(title="question", json_schema_extra=_required_for_authors)

    id: QuestionId
    asks: Asks | None = None
    """What the question asks of the learner: recall, interpret, compare (sources) or evaluate (a source)."""
    prompt: Text
    code: Code = ""
    """Code shown under the prompt (a `|` block keeps its lines)."""
    explanation: str = ""
    """Why, in one or two sentences, citing the source (required, except in banks imported from jupyterquiz)."""
    evidence: list[EvidenceEntry] = []
    """At least one (required, except in banks imported from jupyterquiz, which cite nothing)."""

    @model_validator(mode="after")
    def _explained_and_cited(self, info: ValidationInfo) -> QuestionEntry:
        if (info.context or {}).get("imported"):
            return self
        if not self.explanation:
            raise fail(f"{getattr(self, 'type', 'a')} question is missing `explanation`")
        if not self.evidence and self.evidence_required:
            raise fail("`evidence` must list at least one {cite: 'doc-id ¶N', text: exact words}", "evidence")
        return self

    evidence_required: ClassVar[bool] = True

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


def _feedback_on_options(feedback: dict[str, str], options: list[str]) -> None:
    for option in feedback:
        if option not in options:
            raise fail(f"feedback for {option!r}, which is not one of the options", "feedback")


class SingleEntry(QuestionEntry):
    """Pick one option."""

    type: Literal["single"]
    options: list[Text]
    answer: Text
    """One of the options."""
    feedback: dict[str, str] = {}
    """Optional words shown when a given option is checked (option → words), as jupyterquiz banks have."""

    _two_or_more = field_validator("options")(_options)

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> SingleEntry:
        if self.answer not in self.options:
            raise fail(f"answer {self.answer!r} is not one of the options", "answer")
        _feedback_on_options(self.feedback, self.options)
        return self

    def question(self) -> Question:
        return SingleChoice(**self.common(), options=self.options, answer=self.answer, feedback=self.feedback)


class MultipleEntry(QuestionEntry):
    """Pick every option that applies."""

    type: Literal["multiple"]
    options: list[Text]
    answer: Annotated[list[Text], Field(min_length=1)]
    """The options that apply."""
    feedback: dict[str, str] = {}
    """Optional words shown when a given option is ticked (option → words)."""

    _two_or_more = field_validator("options")(_options)

    @model_validator(mode="after")
    def _answers_are_options(self) -> MultipleEntry:
        for entry in self.answer:
            if entry not in self.options:
                raise fail(f"answer {entry!r} is not one of the options", "answer")
        _feedback_on_options(self.feedback, self.options)
        return self

    def question(self) -> Question:
        return MultipleChoice(**self.common(), options=self.options, answer=self.answer, feedback=self.feedback)


class TrueFalseEntry(QuestionEntry):
    """Say whether a statement is true."""

    type: Literal["truefalse"]
    answer: StrictBool

    def question(self) -> Question:
        return TrueFalse(**self.common(), answer=self.answer)


class NumericAnswer(Model):
    """One rule of a numeric question, tried in order (jupyterquiz's ``value`` / ``range`` answers)."""

    model_config = ConfigDict(title="numeric answer")

    value: float | None = None
    """Equal to this (after rounding both sides to the question's ``precision``)."""
    range: Annotated[list[float], Field(min_length=2, max_length=2)] | None = None
    """[LOW, HIGH): at least LOW and below HIGH."""
    correct: StrictBool
    feedback: str = ""

    @model_validator(mode="after")
    def _value_or_range(self) -> NumericAnswer:
        if (self.value is None) == (self.range is None):
            raise fail("a numeric answer has either `value` or `range` [LOW, HIGH]")
        return self

    def rule(self) -> NumericRule:
        if self.range is not None:
            return NumericRule(self.range[0], self.range[1], self.correct, self.feedback, kind="range")
        return NumericRule(self.value, self.value, self.correct, self.feedback, kind="value")


class NumericEntry(QuestionEntry):
    """Give a number: right within ± tolerance (or by ``answers`` rules, as in jupyterquiz)."""

    type: Literal["numeric"]
    answer: float | str | None = None
    """A number (text only if it is nothing but a number, e.g. "1,972")."""
    tolerance: float = 0
    unit: str = ""
    answers: list[NumericAnswer] = []
    """Instead of `answer`: rules tried in order, the first that holds decides (right or wrong, with feedback)."""
    precision: Annotated[int, Field(ge=1, le=100)] | None = None
    """Significant digits both the learner's number and `value` rules are rounded to."""
    default_feedback: str = ""
    """Words for a number no rule holds."""

    @field_validator("answer", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> float | None:
        if value is None:
            return None
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

    @model_validator(mode="after")
    def _answer_or_rules(self) -> NumericEntry:
        if (self.answer is None) == (not self.answers):
            raise fail("a numeric question has either `answer` (± `tolerance`) or `answers` rules", "answer")
        if self.answers and not any(a.correct for a in self.answers):
            raise fail("a numeric question needs at least one correct value or range", "answers")
        return self

    def question(self) -> Question:
        if self.answers:
            return Numeric(**self.common(), rules=[a.rule() for a in self.answers], unit=self.unit,
                           precision=self.precision, default_feedback=self.default_feedback)
        return Numeric.around(float(self.answer), float(self.tolerance), unit=self.unit, **self.common())


class ChronologyEntry(QuestionEntry):
    """Put 4 to 6 events (ids from data/events.yaml) in order; the order comes from their dates."""

    type: Literal["chronology"]
    items: list[Text]
    evidence_required: ClassVar[bool] = False
    """Evidence is optional: without it, each event's own citation and evidence are used."""

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


class TextAnswer(Model):
    """One rule of a text question as jupyterquiz checks it: trimmed text equal (or similar enough)."""

    model_config = ConfigDict(title="text answer")

    answer: str
    correct: StrictBool
    feedback: str = ""
    match_case: StrictBool = False
    fuzzy_threshold: Annotated[float, Field(gt=0, le=1)] | None = None
    """Also right when 1 - edit distance / longer length reaches this."""

    def rule(self) -> TextRule:
        return TextRule(self.answer, self.correct, self.feedback, self.match_case, self.fuzzy_threshold)


class TextEntry(QuestionEntry):
    """Type a short answer; any accepted answer counts, whatever the case, spacing or punctuation."""

    type: Literal["text"]
    answer: Text | Annotated[list[Text], Field(min_length=1)] | None = None
    """One accepted answer, or a list of them."""
    answers: list[TextAnswer] = []
    """Instead of `answer`: jupyterquiz's rules (exact after trimming, `match_case`, `fuzzy_threshold`)."""
    default_feedback: str = ""

    @field_validator("answer")
    @classmethod
    def _readable(cls, answer: str | list[str] | None) -> str | list[str] | None:
        if answer is not None and not any(normalise(a) for a in ([answer] if isinstance(answer, str) else answer)):
            raise fail("accepted answers must contain letters or digits")
        return answer

    @model_validator(mode="after")
    def _answer_or_rules(self) -> TextEntry:
        if (self.answer is None) == (not self.answers):
            raise fail("a text question has either `answer` (accepted answers) or `answers` rules", "answer")
        if self.answers and not any(a.correct for a in self.answers):
            raise fail("a text question needs at least one correct answer", "answers")
        return self

    def question(self) -> Question:
        if self.answers:
            return ShortText(**self.common(), rules=[a.rule() for a in self.answers],
                             default_feedback=self.default_feedback)
        accepted = [self.answer] if isinstance(self.answer, str) else list(self.answer)
        return ShortText(**self.common(), accepted=accepted)


AnyQuestion = Annotated[SingleEntry | MultipleEntry | TrueFalseEntry | NumericEntry | ChronologyEntry
                        | MatchingEntry | TextEntry, Field(discriminator="type")]
ENTRIES = (SingleEntry, MultipleEntry, TrueFalseEntry, NumericEntry, ChronologyEntry, MatchingEntry, TextEntry)
"""The members of AnyQuestion (the registry names the same classes; tests/quiz/test_types.py holds them equal)."""
# Validators for one question / one evidence list, used only to salvage the good questions of a faulty bank:
# built when first needed (``defer_build``), not when a lesson imports this module.
QUESTION = TypeAdapter(AnyQuestion, config=ConfigDict(defer_build=True))
EVIDENCE = TypeAdapter(Annotated[list[EvidenceEntry], Field(min_length=1)], config=ConfigDict(defer_build=True))


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
