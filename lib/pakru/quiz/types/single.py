"""Single choice: pick one option. Everything about the type: bank entry, check, widget, static and site parts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import field_validator, model_validator

from pakru.quiz.entry import QuestionEntry, feedback_on_options, two_or_more_options
from pakru.quiz.model import Question, Verdict, incomplete
from pakru.quiz.questiontype import QuestionType
from pakru.render import render
from pakru.schema import Text, fail

WORDS = {"empty": "Choose an option first."}
"""Feedback that is the type's own (the site's script shows the same, from ``rule``)."""


@dataclass
class SingleChoice(Question):
    """Pick one option."""

    options: list[str] = field(default_factory=list)
    answer: str = ""
    feedback: dict[str, str] = field(default_factory=dict)
    """Optional words per option (from jupyterquiz banks), shown when that option is checked."""

    question_type = "single"
    label = "Choose one"

    def check(self, response: Any) -> Verdict:
        """``response`` is the chosen option's text (or None)."""
        if response is None or response == "":
            return incomplete(WORDS["empty"])
        ok = response == self.answer
        return Verdict(ok, float(ok), self.feedback.get(str(response), ""))

    def answer_text(self) -> str:
        return self.answer


class SingleEntry(QuestionEntry):
    """Pick one option."""

    type: Literal["single"]
    options: list[Text]
    answer: Text
    """One of the options."""
    feedback: dict[str, str] = {}
    """Optional words shown when a given option is checked (option → words), as jupyterquiz banks have."""

    _two_or_more = field_validator("options")(two_or_more_options)

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> SingleEntry:
        if self.answer not in self.options:
            raise fail(f"answer {self.answer!r} is not one of the options", "answer")
        feedback_on_options(self.feedback, self.options)
        return self

    def question(self) -> Question:
        return SingleChoice(**self.common(), options=self.options, answer=self.answer, feedback=self.feedback)


def control(q: SingleChoice, rng: random.Random | None, name: str) -> Any:
    """A list box of the options (``controls.answer_list``: why not radio buttons is said there)."""
    from pakru.quiz import controls  # ipywidgets: only when a quiz is shown, not when a bank is validated

    options = list(q.options)
    if rng:
        rng.shuffle(options)
    choices = controls.answer_list([(o, o) for o in options], name, q.prompt)

    def fill(answer: Any) -> None:
        choices.value = answer if answer in options else None

    return controls.Control(choices, lambda: choices.value, fill)


def choices(q: SingleChoice) -> str:
    """The options, as a plain list (the right one is not marked)."""
    return str(render("quiz_choices.html.j2", layout="list", items=q.options))


def page(q: SingleChoice) -> dict:
    return {"control": "radio", "options": list(q.options)}


def rule(q: SingleChoice) -> dict:
    return {"compare": "choice", "answer": q.options.index(q.answer),
            "feedback": [q.feedback.get(o, "") for o in q.options], "words": WORDS}


def to_page(q: SingleChoice, response: Any) -> int | None:
    return q.options.index(response) if response in q.options else None


def samples(q: SingleChoice) -> list:
    return [*q.options, None]


TYPE = QuestionType("single", SingleChoice, SingleEntry, control, choices, page, rule, to_page, samples)
