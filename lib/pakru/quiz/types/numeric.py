"""A number: typed, read as people write it, right within a tolerance (or by jupyterquiz's value and range rules).
Everything about the type: bank entry, check, widget, static and site parts."""

from __future__ import annotations

import decimal
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StrictBool, field_validator, model_validator

from pakru.quiz.entry import QuestionEntry
from pakru.quiz.model import Question, Verdict, fill, incomplete
from pakru.quiz.questiontype import QuestionType
from pakru.render import render
from pakru.schema import Model, fail

WORDS = {"empty": "Type a number first.",
         "unreadable": "“{typed}” was not understood as a number{in_unit}: write it with digits, e.g. 1972, 3.5, "
                       "22/7 or 1e3.",
         "in_unit": " in {unit}"}
"""The type's own feedback (``fill`` templates; the site's script shows the same, from ``rule``)."""
SHOWN = 40
"""How much of an unreadable answer the feedback repeats (characters), before "…"."""


@dataclass(frozen=True)
class NumericRule:
    """A value or range, whether it is right, and what to say when the learner's number falls in it.

    ``form`` says how the number is compared, so that banks from jupyterquiz grade as jupyterquiz grades them
    (its ``jupyterquiz/js/numeric.js``):

    - ``"value"``: equal to ``low`` (== ``high``); with a question ``precision`` both the learner's number and
      the value are rounded to that many significant digits first;
    - ``"range"``: jupyterquiz's half-open range, ``low <= x < high``;
    - ``"between"``: our own banks' value ± tolerance, both ends included.
    """

    low: float
    high: float
    correct: bool
    feedback: str = ""
    form: str = "between"

    def holds(self, value: float, precision: int | None = None) -> bool:
        """Whether ``value`` (already rounded to ``precision`` by the caller, as jupyterquiz does) falls here."""
        if self.form == "value":
            return value == (self.low if precision is None else to_precision(self.low, precision))
        if self.form == "range":
            return self.low <= value < self.high
        return self.low <= value <= self.high


_NUMBER = r"""[+-]?
    (?: \d{1,3}(?:,\d{3})+ (?:\.\d*)?     # 1,972 or 12,000.5: commas only between groups of three
      | \d{1,3}(?:\ \d{3})+ (?:\.\d*)?    # 1 972 (a space, or a no-break space folded to one)
      | \d+ (?:\.\d*)?                   # 1972, 3., 3.14
      | \.\d+ )                           # .5
    (?:[eE][+-]?\d+)?                      # 1e3, 2.5E-4
"""
_TYPED = re.compile(rf"(?P<num>{_NUMBER})(?:\s*/\s*(?P<den>{_NUMBER}))?(?P<rest>.*)", re.X | re.S)
_CURRENCY = "$£€₽₨"


def parse_number(text: Any, unit: str = "") -> float | None:
    """Read a number as people type it, or None when it cannot be read whole.

    Digits with an optional sign, decimal point and exponent (``1e3``), a fraction (``22/7``, as
    jupyterquiz accepts), thousands in groups of three (``1,972``), a currency sign, and after the number
    only words of the question's ``unit``. Anything else is None, never a guess: ``1/2/3`` is not 1/2,
    ``542 million`` is not 542 unless the unit says million.

    >>> parse_number("22/7") == 22 / 7, parse_number("1e3"), parse_number("1,972"), parse_number(7)
    (True, 1000.0, 1972.0, 7.0)
    >>> parse_number("$542 million", unit="million US dollars"), parse_number("542 million"), parse_number("1,5")
    (542.0, None, None)
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
    cleaned = unicodedata.normalize("NFKC", str(text)).replace("−", "-").strip()
    cleaned = cleaned[1:].lstrip() if cleaned[:1] in _CURRENCY else cleaned
    match = _TYPED.fullmatch(cleaned)
    if not match or not _only_unit_words(match["rest"], unit):
        return None
    try:
        value = float(_digits(match["num"]))
        if match["den"]:
            value /= float(_digits(match["den"]))
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _digits(number: str) -> str:
    return number.replace(",", "").replace(" ", "")


def _only_unit_words(rest: str, unit: str) -> bool:
    """Nothing after the number, or only words the unit is made of (``2 hours``; ``542 million`` of dollars)."""
    words = [w.strip(".").casefold() for w in rest.split()]
    return all(w in unit.casefold().split() for w in words if w)


def to_precision(value: float, digits: int) -> float:
    """Round to significant digits exactly as JavaScript's ``Number(x.toPrecision(digits))`` does.

    That is what jupyterquiz compares (half away from zero on the exact binary value, unlike
    Python's ``round``, which rounds half to even).

    >>> to_precision(3.14159, 3), to_precision(0.125, 2), to_precision(-2.5, 1), to_precision(99.96, 3)
    (3.14, 0.13, -3.0, 100.0)
    """
    if value == 0 or not math.isfinite(value) or digits <= 0:
        return value
    exact = decimal.Decimal(value)
    step = decimal.Decimal(1).scaleb(exact.adjusted() - digits + 1)
    with decimal.localcontext() as ctx:
        ctx.prec = 400
        return float(exact.quantize(step, rounding=decimal.ROUND_HALF_UP))


@dataclass
class Numeric(Question):
    """Give a number; right when it matches the first rule it falls in (and that rule is a right one)."""

    rules: list[NumericRule] = field(default_factory=list)
    unit: str = ""
    precision: int | None = None
    """Significant digits both the learner's number and ``value`` rules are rounded to (jupyterquiz)."""
    default_feedback: str = ""

    question_type = "numeric"
    label = "Give a number"

    @classmethod
    def around(cls, value: float, tolerance: float = 0.0, **kwargs: Any) -> Numeric:
        """The usual case: one value, plus or minus a tolerance."""
        return cls(rules=[NumericRule(value - tolerance, value + tolerance, True)], **kwargs)

    def check(self, response: Any) -> Verdict:
        """``response`` is the text the learner typed (or a number)."""
        value = parse_number(response, self.unit)
        if value is None:
            typed = str(response).strip()
            if not typed:
                return incomplete(WORDS["empty"])
            return incomplete(unreadable(self, typed))
        if self.precision:
            value = to_precision(value, self.precision)
        for rule in self.rules:
            if rule.holds(value, self.precision):
                return Verdict(rule.correct, float(rule.correct), rule.feedback)
        return Verdict(False, 0.0, self.default_feedback)

    def answer_text(self) -> str:
        right = [r for r in self.rules if r.correct]
        if not right:
            return "(no correct value given)"
        rule = right[0]
        unit = f" {self.unit}" if self.unit else ""
        if rule.form == "value" or rule.low == rule.high:
            return f"{_fmt(rule.low)}{unit}"
        if rule.form == "range":
            return f"a number from {_fmt(rule.low)} up to (not including) {_fmt(rule.high)}{unit}"
        middle = (rule.low + rule.high) / 2
        return f"{_fmt(middle)}{unit} (anything from {_fmt(rule.low)} to {_fmt(rule.high)} counts)"


def unreadable(q: Numeric, typed: str) -> str:
    """What to say about typed text that is not a number: the words, with the text (cut at SHOWN) and the unit."""
    shown = typed if len(typed) <= SHOWN else typed[:SHOWN] + "…"
    return fill(words(q)["unreadable"], typed=shown)


def words(q: Numeric) -> dict[str, str]:
    """The type's words for this question (its unit filled in: the page fills only what the learner typed)."""
    in_unit = fill(WORDS["in_unit"], unit=q.unit) if q.unit else ""
    return {"empty": WORDS["empty"], "unreadable": fill(WORDS["unreadable"], in_unit=in_unit)}


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


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
            return NumericRule(self.range[0], self.range[1], self.correct, self.feedback, form="range")
        return NumericRule(self.value, self.value, self.correct, self.feedback, form="value")


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


def control(q: Numeric, rng: random.Random | None, name: str) -> Any:
    """A text field (``controls.typed_field``), with the unit after it."""
    import ipywidgets as w

    from pakru.quiz import controls

    hint = f"a number, in {q.unit}" if q.unit else "a number"
    box = controls.typed_field(name, hint, q.prompt)
    parts = [box] + ([w.Label(q.unit, layout=controls.plain(), style=controls.style(w.Label))] if q.unit else [])

    def fill_in(answer: Any) -> None:
        box.value = "" if answer is None else str(answer)

    return controls.Control(controls.hbox(parts), lambda: box.value, fill_in)


def choices(q: Numeric) -> str:
    return str(render("quiz_choices.html.j2", layout="unit" if q.unit else "none", unit=q.unit))


def page(q: Numeric) -> dict:
    return {"control": "typed", "unit": q.unit, "inputmode": "decimal"}


def rule(q: Numeric) -> dict:
    return {"compare": "number", "rules": [{"low": r.low, "high": r.high, "correct": r.correct, "feedback": r.feedback,
                                            "form": r.form} for r in q.rules],
            "unit": q.unit, "precision": q.precision, "default": q.default_feedback, "shown": SHOWN,
            "words": words(q)}


def to_page(q: Numeric, response: Any) -> str:
    return "" if response is None else str(response)


def samples(q: Numeric) -> list:
    """Each rule's ends and middle, just outside them, the number written with its unit, and unreadable text."""
    found: list[Any] = []
    for r in q.rules:
        for value in (r.low, r.high, (r.low + r.high) / 2, r.low - 1, r.high + 1, r.low - 0.001):
            found.append(_fmt(value))
        found.append(f"{_fmt(r.low)} {q.unit}".strip())
    return [*dict.fromkeys(found), "22/7", "1,972", "", "   ", "soon", "x" * (SHOWN + 5), "12 parsecs"]


TYPE = QuestionType("numeric", Numeric, NumericEntry, control, choices, page, rule, to_page, samples)
