"""What every question type shares: the base question, its verdict, its evidence, the bank, and the words every
verdict starts with. Each type's own class (and its check) is in its module under ``pakru.quiz.types``;
checking an answer is plain Python, testable without widgets.
"""

from __future__ import annotations

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

    question_type = "question"
    """The bank's `type:` value (`QuestionType.name`); each question class sets its own."""
    label = "Question"

    def check(self, response: Any) -> Verdict:  # pragma: no cover - every type overrides it
        """Compare a learner's response with the answer."""
        raise NotImplementedError

    def answer_text(self) -> str:  # pragma: no cover - every type overrides it
        """The answer in words, for "Show answer" and the static page's hidden block."""
        raise NotImplementedError


def incomplete(note: str) -> Verdict:
    """An answer that cannot be checked yet (nothing chosen, not a number): no attempt is used up."""
    return Verdict(False, 0.0, note, counts=False)


VERDICT = {"correct": "✔ Correct.", "wrong": "✘ Not yet.", "unchecked": "ℹ Not checked yet.",
           "not_right": "✘ Not yet right."}
"""The words each piece of feedback starts with, in the live quiz and on the site (which reads them from its key);
``not_right`` is a saved wrong answer on the static page, where there is no trying again."""
ATTEMPTS = {"one": "{n} attempt", "many": "{n} attempts"}
"""How many tries so far, filled with ``fill``."""


def attempts_text(n: int) -> str:
    return fill(ATTEMPTS["one" if n == 1 else "many"], n=n)


_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, **values: Any) -> str:
    """``template`` with each ``{name}`` given in ``values`` replaced, in one pass; other braces stay.

    The feedback words of every type are such templates: Python fills them here and the site's script fills
    the same text the same way (``fill`` in pakru-site.js), so the page can never word a verdict differently.

    >>> fill("{right} of {total} matches are right.", right=2, total=3), fill("{x} {right}", right="{x}")
    ('2 of 3 matches are right.', '{x} {x}')
    """
    return _SLOT.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


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
