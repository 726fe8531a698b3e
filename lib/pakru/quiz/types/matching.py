"""Matching: match each left item (a quotation, a source) with its right item (a speaker, a publisher); the pairs
are the answer. Everything about the type: bank entry, check, widget, static and site parts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator

from pakru.quiz.entry import QuestionEntry
from pakru.quiz.model import LETTERS, Question, Verdict, fill, incomplete, normalise
from pakru.quiz.questiontype import QuestionType
from pakru.render import render
from pakru.schema import Model, Text, fail

WORDS = {"empty": "Choose a match for every item first.",
         "some": "{right} of {total} matches are right."}


@dataclass(frozen=True)
class Pair:
    """One left item and the right item it belongs with (quote → speaker, source → publisher)."""

    left: str
    right: str


@dataclass
class Matching(Question):
    """Match each left item with its right item; the pairs are the answer."""

    pairs: list[Pair] = field(default_factory=list)

    question_type = "matching"
    label = "Match each item"

    @property
    def rights(self) -> list[str]:
        """The distinct right-hand items, in bank order."""
        return list(dict.fromkeys(p.right for p in self.pairs))

    def check(self, response: Any) -> Verdict:
        """``response`` maps each left item to the chosen right item (None when not chosen)."""
        given = dict(response or {})
        if any(given.get(p.left) in (None, "") for p in self.pairs):
            return incomplete(WORDS["empty"])
        right = sum(1 for p in self.pairs if given.get(p.left) == p.right)
        ok = right == len(self.pairs)
        note = "" if ok else fill(WORDS["some"], right=right, total=len(self.pairs))
        return Verdict(ok, float(ok), note)

    def answer_text(self) -> str:
        return "; ".join(f"{p.left} → {p.right}" for p in self.pairs)


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


def control(q: Matching, rng: random.Random | None, name: str) -> Any:
    """A text field with the choices as suggestions per item (``Combobox``), not a drop-down.

    A drop-down (``<select>``) focused in a notebook passes typed letters to JupyterLab's command-mode
    shortcuts (M turns the cell into Markdown, A inserts a cell) wherever pakru's JupyterLab setting
    (pakru.labsettings) is not installed: a text field never does, and it takes the name typed in any case
    and spacing.
    """
    import ipywidgets as w

    from pakru.quiz import controls

    lefts = [p.left for p in q.pairs]
    rights = sorted(q.rights)
    if rng:
        rng.shuffle(lefts)
        rng.shuffle(rights)
    known = {normalise(r): r for r in rights}
    rows, boxes = [], {}
    for letter, left in zip(LETTERS, lefts, strict=False):
        box = w.Combobox(options=rights, value="", ensure_option=False, placeholder="type or pick a name",
                         description=controls.answer_label(f"Match for {letter}", left), description_allow_html=True,
                         layout=controls.plain(), style=controls.initial(w.Combobox))
        boxes[left] = box
        rows.append(controls.vbox([controls.html(str(render("quiz_item.html.j2", letter=letter, text=left))), box]))

    def read() -> dict[str, str | None]:
        return {left: known.get(normalise(box.value)) if box.value.strip() else None for left, box in boxes.items()}

    def problem() -> str:
        for letter, box in zip(LETTERS, boxes.values(), strict=False):
            if box.value.strip() and normalise(box.value) not in known:
                typed = box.value.strip()[:40]
                return f"“{typed}” (for {letter}) is not one of the choices: pick a name from the list."
        return ""

    def fill_in(answer: Any) -> None:
        for left, right in dict(answer or {}).items():
            if left in boxes and right in rights:
                boxes[left].value = right

    return controls.Control(controls.vbox(rows), read, fill_in, problem)


def choices(q: Matching) -> str:
    return str(render("quiz_choices.html.j2", layout="matching", items=[p.left for p in q.pairs],
                      rights=sorted(q.rights)))


def page(q: Matching) -> dict:
    return {"control": "select", "item_label": "Match for",
            "items": [{"letter": LETTERS[n], "text": p.left} for n, p in enumerate(q.pairs)], "choices": q.rights}


def rule(q: Matching) -> dict:
    return {"compare": "pairs", "answer": [q.rights.index(p.right) for p in q.pairs], "words": WORDS}


def to_page(q: Matching, response: Any) -> list[int | None]:
    given = dict(response or {})
    return [q.rights.index(given[p.left]) if given.get(p.left) in q.rights else None for p in q.pairs]


def samples(q: Matching) -> list:
    rights = q.rights
    shifted = {p.left: rights[(rights.index(p.right) + 1) % len(rights)] for p in q.pairs}
    first_wrong = {p.left: p.right for p in q.pairs} | {q.pairs[0].left: shifted[q.pairs[0].left]}
    return [{p.left: p.right for p in q.pairs}, shifted, first_wrong, {q.pairs[0].left: q.pairs[0].right}, {}]


TYPE = QuestionType("matching", Matching, MatchingEntry, control, choices, page, rule, to_page, samples)
