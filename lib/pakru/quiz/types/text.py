"""A short typed answer: any accepted answer counts, whatever the case, spacing or punctuation (or jupyterquiz's
``string`` rules). Everything about the type: bank entry, check, widget, static and site parts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StrictBool, field_validator, model_validator

from pakru.quiz.entry import QuestionEntry
from pakru.quiz.model import Question, Verdict, fill, incomplete, normalise
from pakru.quiz.questiontype import QuestionType
from pakru.schema import Model, Text, fail

WORDS = {"empty": "Type an answer first.", "fuzzy": "(Fuzzy) {feedback}"}


@dataclass(frozen=True)
class TextRule:
    """One answer of a jupyterquiz ``string`` question (``jupyterquiz/js/string.js``).

    The typed text, trimmed, must equal ``answer`` (ignoring case unless ``match_case``), or, with a
    ``fuzzy_threshold``, be at least that similar (1 - Levenshtein distance / longer length).
    """

    answer: str
    correct: bool
    feedback: str = ""
    match_case: bool = False
    fuzzy_threshold: float | None = None

    def matches(self, typed: str) -> tuple[bool, bool]:
        """(matches, only fuzzily) for the trimmed typed text."""
        a, b = (typed, self.answer) if self.match_case else (typed.lower(), self.answer.lower())
        if a == b:
            return True, False
        if self.fuzzy_threshold:
            longest = max(len(a), len(b))
            if longest and 1 - levenshtein(a, b) / longest >= self.fuzzy_threshold:
                return True, True
        return False, False


def levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute one character) that turn ``a`` into ``b``.

    >>> levenshtein("Lavrov", "Lavrof"), levenshtein("", "abc")
    (1, 3)
    """
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@dataclass
class ShortText(Question):
    """Type a short answer; any listed alternative counts, whatever the case, spacing or punctuation.

    Questions imported from jupyterquiz carry ``rules`` instead and are graded as jupyterquiz grades
    them: first matching rule wins (right or wrong, with its feedback), else ``default_feedback``.
    """

    accepted: list[str] = field(default_factory=list)
    rules: list[TextRule] = field(default_factory=list)
    default_feedback: str = ""

    question_type = "text"
    label = "Type a short answer"

    def check(self, response: Any) -> Verdict:
        """``response`` is the text the learner typed."""
        if self.rules:
            return self._check_rules(str(response or "").strip())
        typed = normalise(response or "")
        if not typed:
            return incomplete(WORDS["empty"])
        ok = typed in {normalise(a) for a in self.accepted}
        return Verdict(ok, float(ok))

    def _check_rules(self, typed: str) -> Verdict:
        if not typed:
            return incomplete(WORDS["empty"])
        for rule in self.rules:
            hit, fuzzy = rule.matches(typed)
            if hit:
                note = fill(WORDS["fuzzy"], feedback=rule.feedback) if fuzzy and rule.feedback else rule.feedback
                return Verdict(rule.correct, float(rule.correct), note)
        return Verdict(False, 0.0, self.default_feedback)

    def answer_text(self) -> str:
        if self.rules:
            return " / ".join(r.answer for r in self.rules if r.correct)
        return " / ".join(self.accepted)


class TextAnswer(Model):
    """One rule of a text question as jupyterquiz checks it: trimmed text equal (or similar enough)."""

    model_config = ConfigDict(title="text answer")

    answer: str
    """Compared with the learner's trimmed text, so never with spaces around it (jupyterquiz would never match)."""
    correct: StrictBool
    feedback: str = ""
    match_case: StrictBool = False
    fuzzy_threshold: Annotated[float, Field(gt=0, le=1)] | None = None
    """Also right when 1 - edit distance / longer length reaches this."""

    @field_validator("answer", mode="before")
    @classmethod
    def _not_padded(cls, value: Any) -> Any:
        """jupyterquiz trims what the learner types but not the answer: a padded answer never matches there, and
        the model's trimming would make it match here. Refused, so the bank grades the same in both."""
        if isinstance(value, str) and value != value.strip():
            raise fail(f"answer {value!r} has spaces around it: jupyterquiz trims what the learner types, not the "
                       "answer, so it would never match; remove the spaces")
        return value

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


def control(q: ShortText, rng: random.Random | None, name: str) -> Any:
    from pakru.quiz import controls

    box = controls.typed_field(name, "type your answer", q.prompt)

    def fill_in(answer: Any) -> None:
        box.value = "" if answer is None else str(answer)

    return controls.Control(box, lambda: box.value, fill_in)


def choices(q: ShortText) -> str:
    """Nothing to choose from."""
    return ""


def page(q: ShortText) -> dict:
    return {"control": "typed"}


def rule(q: ShortText) -> dict:
    if q.rules:
        return {"compare": "text-rules", "rules": [{"answer": r.answer, "correct": r.correct, "feedback": r.feedback,
                                                    "match_case": r.match_case, "fuzzy": r.fuzzy_threshold}
                                                   for r in q.rules],
                "default": q.default_feedback, "words": WORDS}
    return {"compare": "text", "accepted": sorted({normalise(a) for a in q.accepted}),
            "words": {"empty": WORDS["empty"]}}


def to_page(q: ShortText, response: Any) -> str:
    return "" if response is None else str(response)


def samples(q: ShortText) -> list:
    """Every accepted answer as written, shouted and padded, near misses, a wrong word, nothing."""
    answers = [r.answer for r in q.rules] if q.rules else list(q.accepted)
    found = []
    for a in answers:
        found += [a, f"  {a.upper()}. ", a[:-1], a + "x", a.replace(" ", "-")]
    return [*dict.fromkeys(found), "Lahore", "", "   "]


TYPE = QuestionType("text", ShortText, TextEntry, control, choices, page, rule, to_page, samples)
