"""Question types as dataclasses; checking an answer is plain Python, testable without widgets."""

from __future__ import annotations

import decimal
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pakru.citations import Citation


@dataclass(frozen=True)
class Evidence:
    """The exact words in one cleaned paragraph that support an answer."""

    cite: Citation
    text: str
    line: int | None = None
    """Where the evidence entry sits in its bank file."""


@dataclass(frozen=True)
class Verdict:
    """The result of checking one answer: right or not, how much of it, and a hint that gives nothing away."""

    correct: bool
    score: float = 0.0
    note: str = ""
    """Extra words for the learner (e.g. ``2 of 4 pairs are right``); never the expected answer."""
    counts: bool = True
    """False when the answer was incomplete (nothing chosen, not a number): no attempt is used up."""


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""How items to place or match are labelled, in the widgets and on the site alike."""

ASKS = ("recall", "interpret", "compare", "evaluate")
"""What a question asks of the learner: recall a detail, interpret a passage, compare sources, or
evaluate a source (who wrote it, when, for whom, what it cannot tell us: source criticism)."""


@dataclass
class Question:
    """What every question has: an id, a prompt, an explanation and the evidence behind the answer."""

    id: str
    prompt: str
    explanation: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    line: int | None = None
    """Where the question starts in its bank file (for problems)."""
    asks: str | None = None
    """One of ASKS; None when the bank does not say yet (``check`` warns)."""
    code: str = ""
    """Code shown under the prompt, as jupyterquiz's ``code`` field ("What does this code print?")."""

    kind = "question"
    label = "Question"

    def check(self, response: Any) -> Verdict:  # pragma: no cover - every type overrides it
        """Compare a learner's response with the answer."""
        raise NotImplementedError

    def answer_text(self) -> str:  # pragma: no cover - every type overrides it
        """The answer in words, for "Show answer" and the static page's hidden block."""
        raise NotImplementedError


def _incomplete(note: str) -> Verdict:
    return Verdict(False, 0.0, note, counts=False)


@dataclass
class SingleChoice(Question):
    """Pick one option."""

    options: list[str] = field(default_factory=list)
    answer: str = ""
    feedback: dict[str, str] = field(default_factory=dict)
    """Optional words per option (from jupyterquiz banks), shown when that option is checked."""

    kind = "single"
    label = "Choose one"

    def check(self, response: Any) -> Verdict:
        """``response`` is the chosen option's text (or None)."""
        if response is None or response == "":
            return _incomplete("Choose an option first.")
        ok = response == self.answer
        return Verdict(ok, float(ok), self.feedback.get(str(response), ""))

    def answer_text(self) -> str:
        return self.answer


@dataclass
class MultipleChoice(Question):
    """Pick every option that applies."""

    options: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    feedback: dict[str, str] = field(default_factory=dict)

    kind = "multiple"
    label = "Choose all that apply"

    def check(self, response: Any) -> Verdict:
        """``response`` is the list of ticked options."""
        chosen = set(response or ())
        if not chosen:
            return _incomplete("Tick at least one option first.")
        ok = chosen == set(self.answer)
        notes = [self.feedback[o] for o in self.options if o in chosen and self.feedback.get(o)]
        return Verdict(ok, float(ok), " ".join(notes))

    def answer_text(self) -> str:
        return "; ".join(o for o in self.options if o in self.answer)


@dataclass
class TrueFalse(Question):
    """Say whether a statement is true."""

    answer: bool = True

    kind = "truefalse"
    label = "True or false"

    def check(self, response: Any) -> Verdict:
        """``response`` is True, False or None."""
        if response is None:
            return _incomplete("Choose True or False first.")
        ok = bool(response) == self.answer
        return Verdict(ok, float(ok))

    def answer_text(self) -> str:
        return "True" if self.answer else "False"


@dataclass(frozen=True)
class NumericRule:
    """A value or range, whether it is right, and what to say when the learner's number falls in it.

    ``kind`` says how the number is compared, so that banks from jupyterquiz grade as jupyterquiz grades them
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
    kind: str = "between"

    def holds(self, value: float, precision: int | None = None) -> bool:
        """Whether ``value`` (already rounded to ``precision`` by the caller, as jupyterquiz does) falls here."""
        if self.kind == "value":
            return value == (self.low if precision is None else to_precision(self.low, precision))
        if self.kind == "range":
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

    kind = "numeric"
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
                return _incomplete("Type a number first.")
            shown = typed if len(typed) <= 40 else typed[:40] + "…"
            unit = f" in {self.unit}" if self.unit else ""
            return _incomplete(f"“{shown}” was not understood as a number{unit}: write it with digits, "
                               "e.g. 1972, 3.5, 22/7 or 1e3.")
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
        if rule.kind == "value" or rule.low == rule.high:
            return f"{_fmt(rule.low)}{unit}"
        if rule.kind == "range":
            return f"a number from {_fmt(rule.low)} up to (not including) {_fmt(rule.high)}{unit}"
        middle = (rule.low + rule.high) / 2
        return f"{_fmt(middle)}{unit} (anything from {_fmt(rule.low)} to {_fmt(rule.high)} counts)"


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


@dataclass(frozen=True)
class EventItem:
    """One event to place in a chronology: its id, its title and its date (from ``corpus.events``)."""

    id: str
    title: str
    date: str
    start: Any = None
    """The first day the date could mean (``pakru.dates.start``), which orders the events."""


@dataclass
class Chronology(Question):
    """Put events in order; the order comes from the events' dates, never from the bank."""

    items: list[str] = field(default_factory=list)
    events: dict[str, EventItem] = field(default_factory=dict)
    """Filled from ``corpus.events`` when the bank is loaded."""

    kind = "chronology"
    label = "Put in order, earliest first"

    @property
    def order(self) -> list[str]:
        """The item ids from earliest to latest."""
        return sorted(self.items, key=lambda i: self.events[i].start)

    def check(self, response: Any) -> Verdict:
        """``response`` is a list of event ids in the learner's order (None where a place is empty)."""
        given = list(response or [])
        if len(given) != len(self.items) or any(g is None for g in given):
            return _incomplete("Give every event a place first.")
        if len(set(given)) != len(given):
            return _incomplete("Each event needs its own place: two share one.")
        order = self.order
        right = sum(1 for a, b in zip(given, order, strict=True) if a == b)
        ok = right == len(order)
        note = "" if ok else f"{right} of {len(order)} events are in the right place."
        return Verdict(ok, float(ok), note)

    def answer_text(self) -> str:
        from pakru.dates import label

        return " → ".join(f"{self.events[i].title} ({label(self.events[i].date)})" for i in self.order)


@dataclass(frozen=True)
class Pair:
    """One left item and the right item it belongs with (quote → speaker, source → publisher)."""

    left: str
    right: str


@dataclass
class Matching(Question):
    """Match each left item with its right item; the pairs are the answer."""

    pairs: list[Pair] = field(default_factory=list)

    kind = "matching"
    label = "Match each item"

    @property
    def rights(self) -> list[str]:
        """The distinct right-hand items, in bank order."""
        return list(dict.fromkeys(p.right for p in self.pairs))

    def check(self, response: Any) -> Verdict:
        """``response`` maps each left item to the chosen right item (None when not chosen)."""
        given = dict(response or {})
        if any(given.get(p.left) in (None, "") for p in self.pairs):
            return _incomplete("Choose a match for every item first.")
        right = sum(1 for p in self.pairs if given.get(p.left) == p.right)
        ok = right == len(self.pairs)
        note = "" if ok else f"{right} of {len(self.pairs)} matches are right."
        return Verdict(ok, float(ok), note)

    def answer_text(self) -> str:
        return "; ".join(f"{p.left} → {p.right}" for p in self.pairs)


_DASHES = re.compile(r"[\-‐‑‒–—―/]+")


def normalise(text: Any) -> str:
    """Fold case, spacing and punctuation so that small differences in typing do not matter.

    >>> normalise("  The U.S.-led   ALLIANCE! ")
    'the us led alliance'
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = _DASHES.sub(" ", text)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    return " ".join(text.split())


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

    kind = "text"
    label = "Type a short answer"

    def check(self, response: Any) -> Verdict:
        """``response`` is the text the learner typed."""
        if self.rules:
            return self._check_rules(str(response or "").strip())
        typed = normalise(response or "")
        if not typed:
            return _incomplete("Type an answer first.")
        ok = typed in {normalise(a) for a in self.accepted}
        return Verdict(ok, float(ok))

    def _check_rules(self, typed: str) -> Verdict:
        if not typed:
            return _incomplete("Type an answer first.")
        for rule in self.rules:
            hit, fuzzy = rule.matches(typed)
            if hit:
                note = f"(Fuzzy) {rule.feedback}" if fuzzy and rule.feedback else rule.feedback
                return Verdict(rule.correct, float(rule.correct), note)
        return Verdict(False, 0.0, self.default_feedback)

    def answer_text(self) -> str:
        if self.rules:
            return " / ".join(r.answer for r in self.rules if r.correct)
        return " / ".join(self.accepted)


@dataclass
class Settings:
    """How a bank behaves: shuffled options, and after how many tries the answer may be shown."""

    shuffle: bool = True
    reveal_after: int | None = 2
    """Tries before "Show answer" is enabled (0: at once); None (``never`` in a bank) never enables it."""
    source_after: int | None = 1
    """Tries before "Show in source" is enabled (the passage holds the answer); None (``never``) never."""


@dataclass
class Bank:
    """A bank of questions read from one file."""

    id: str
    title: str
    questions: list[Question]
    settings: Settings = field(default_factory=Settings)
    file: str = ""
    """The bank file, as problems name it."""

    def question(self, question_id: str) -> Question:
        """The question with this id, or a KeyError listing the ids."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"no question {question_id!r} in {self.id}; ids: {', '.join(q.id for q in self.questions)}")
