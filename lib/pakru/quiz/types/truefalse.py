"""True or false: say whether a statement is true. Everything about the type: bank entry, check, widget, static
and site parts."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import StrictBool

from pakru.quiz.entry import QuestionEntry
from pakru.quiz.model import Question, Verdict, incomplete
from pakru.quiz.questiontype import QuestionType
from pakru.render import render

WORDS = {"empty": "Choose True or False first."}
OPTIONS = ("True", "False")


@dataclass
class TrueFalse(Question):
    """Say whether a statement is true."""

    answer: bool = True

    question_type = "truefalse"
    label = "True or false"

    def check(self, response: Any) -> Verdict:
        """``response`` is True, False or None."""
        if response is None:
            return incomplete(WORDS["empty"])
        ok = bool(response) == self.answer
        return Verdict(ok, float(ok))

    def answer_text(self) -> str:
        return "True" if self.answer else "False"


class TrueFalseEntry(QuestionEntry):
    """Say whether a statement is true."""

    type: Literal["truefalse"]
    answer: StrictBool

    def question(self) -> Question:
        return TrueFalse(**self.common(), answer=self.answer)


def control(q: TrueFalse, rng: random.Random | None, name: str) -> Any:
    """A list box of True and False, never shuffled."""
    from pakru.quiz import controls

    choices = controls.answer_list([("True", True), ("False", False)], name, q.prompt)

    def fill(answer: Any) -> None:
        choices.value = answer if isinstance(answer, bool) else None

    return controls.Control(choices, lambda: choices.value, fill)


def choices(q: TrueFalse) -> str:
    return str(render("quiz_choices.html.j2", layout="list", items=list(OPTIONS)))


def page(q: TrueFalse) -> dict:
    return {"control": "radio", "options": list(OPTIONS)}


def rule(q: TrueFalse) -> dict:
    return {"compare": "choice", "answer": 0 if q.answer else 1, "feedback": ["", ""], "words": WORDS}


def to_page(q: TrueFalse, response: Any) -> int | None:
    return None if response is None else 0 if response else 1


def samples(q: TrueFalse) -> list:
    return [True, False, None]


TYPE = QuestionType("truefalse", TrueFalse, TrueFalseEntry, control, choices, page, rule, to_page, samples)
