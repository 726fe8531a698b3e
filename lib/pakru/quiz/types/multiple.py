"""Multiple choice: tick every option that applies. Everything about the type: bank entry, check, widget, static
and site parts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from pakru.quiz.entry import QuestionEntry, feedback_on_options, two_or_more_options
from pakru.quiz.model import Question, Verdict, incomplete
from pakru.quiz.questiontype import QuestionType
from pakru.render import render
from pakru.schema import Text, fail

WORDS = {"empty": "Tick at least one option first."}


@dataclass
class MultipleChoice(Question):
    """Pick every option that applies."""

    options: list[str] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)
    feedback: dict[str, str] = field(default_factory=dict)

    question_type = "multiple"
    label = "Choose all that apply"

    def check(self, response: Any) -> Verdict:
        """``response`` is the list of ticked options."""
        chosen = set(response or ())
        if not chosen:
            return incomplete(WORDS["empty"])
        ok = chosen == set(self.answer)
        notes = [self.feedback[o] for o in self.options if o in chosen and self.feedback.get(o)]
        return Verdict(ok, float(ok), " ".join(notes))

    def answer_text(self) -> str:
        return "; ".join(o for o in self.options if o in self.answer)


class MultipleEntry(QuestionEntry):
    """Pick every option that applies."""

    type: Literal["multiple"]
    options: list[Text]
    answer: Annotated[list[Text], Field(min_length=1)]
    """The options that apply."""
    feedback: dict[str, str] = {}
    """Optional words shown when a given option is ticked (option → words)."""

    _two_or_more = field_validator("options")(two_or_more_options)

    @model_validator(mode="after")
    def _answers_are_options(self) -> MultipleEntry:
        for entry in self.answer:
            if entry not in self.options:
                raise fail(f"answer {entry!r} is not one of the options", "answer")
        feedback_on_options(self.feedback, self.options)
        return self

    def question(self) -> Question:
        return MultipleChoice(**self.common(), options=self.options, answer=self.answer, feedback=self.feedback)


def control(q: MultipleChoice, rng: random.Random | None, name: str) -> Any:
    """A check box per option, each named by its option."""
    import ipywidgets as w

    from pakru.quiz import controls

    options = list(q.options)
    if rng:
        rng.shuffle(options)
    boxes = [w.Checkbox(value=False, description=o, indent=False, layout=controls.wide(),
                        style=controls.style(w.Checkbox)) for o in options]

    def fill(answer: Any) -> None:
        for box in boxes:
            box.value = box.description in (answer or [])

    return controls.Control(controls.vbox(boxes), lambda: [b.description for b in boxes if b.value], fill)


def choices(q: MultipleChoice) -> str:
    """The options, as a plain list (the right ones are not marked)."""
    return str(render("quiz_choices.html.j2", layout="list", items=q.options))


def page(q: MultipleChoice) -> dict:
    return {"control": "checkbox", "options": list(q.options)}


def rule(q: MultipleChoice) -> dict:
    return {"compare": "choices", "answer": [n for n, o in enumerate(q.options) if o in q.answer],
            "feedback": [q.feedback.get(o, "") for o in q.options], "words": WORDS}


def to_page(q: MultipleChoice, response: Any) -> list[int]:
    return [n for n, o in enumerate(q.options) if o in (response or ())]


def samples(q: MultipleChoice) -> list:
    """The right set, each option alone, all of them, none."""
    return [list(q.answer), *([o] for o in q.options), list(q.options), []]


TYPE = QuestionType("multiple", MultipleChoice, MultipleEntry, control, choices, page, rule, to_page, samples)
