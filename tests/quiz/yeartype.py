"""A question type that exists only in the tests: "year", give the year something happened.

It shows that a type is one module: its class and check, bank entry, words, widget, static choices, site page
and rule are all here, and ``pakru.quiz.types.add(yeartype)`` is all it takes for banks, the live quiz, the static
page and the site's page to use it (tests/quiz/test_new_type.py). Its site rule is the generic ``number`` rule:
no line of the site's script knows it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import StrictInt

from pakru.quiz.entry import QuestionEntry
from pakru.quiz.model import Question, Verdict, fill, incomplete
from pakru.quiz.questiontype import QuestionType
from pakru.quiz.types.numeric import SHOWN, parse_number
from pakru.render import render

WORDS = {"empty": "Type a year first.", "unreadable": "“{typed}” is not a year: write it with digits, e.g. 1972.",
         "off": "That is not the year."}


@dataclass
class Year(Question):
    """Give the year something happened."""

    year: int = 0

    question_type = "year"
    label = "Give a year"

    def check(self, response: Any) -> Verdict:
        typed = str(response or "").strip()
        value = parse_number(typed)
        if value is None:
            if not typed:
                return incomplete(WORDS["empty"])
            return incomplete(fill(WORDS["unreadable"], typed=typed if len(typed) <= SHOWN else typed[:SHOWN] + "…"))
        ok = value == self.year
        return Verdict(ok, float(ok), "" if ok else WORDS["off"])

    def answer_text(self) -> str:
        return str(self.year)


class YearEntry(QuestionEntry):
    """Give the year something happened."""

    type: Literal["year"]
    answer: StrictInt
    """The year."""

    def question(self) -> Question:
        return Year(**self.common(), year=self.answer)


def control(q: Year, rng: random.Random | None, name: str) -> Any:
    from pakru.quiz import controls

    box = controls.typed_field(name, "a year", q.prompt)

    def fill_in(answer: Any) -> None:
        box.value = "" if answer is None else str(answer)

    return controls.Control(box, lambda: box.value, fill_in)


def choices(q: Year) -> str:
    return str(render("quiz_choices.html.j2", layout="unit", unit="years (e.g. 1972)"))


def page(q: Year) -> dict:
    return {"control": "typed", "inputmode": "numeric"}


def rule(q: Year) -> dict:
    return {"compare": "number", "rules": [{"low": q.year, "high": q.year, "correct": True, "feedback": "",
                                            "form": "value"}],
            "unit": "", "precision": None, "default": WORDS["off"], "shown": SHOWN, "words": WORDS}


def to_page(q: Year, response: Any) -> str:
    return "" if response is None else str(response)


def samples(q: Year) -> list:
    return [str(q.year), str(q.year + 1), f" {q.year} ", "", "soon", "nineteen seventy-two, " * 3]


TYPE = QuestionType("year", Year, YearEntry, control, choices, page, rule, to_page, samples)
