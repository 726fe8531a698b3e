"""Chronology: put 4 to 6 events in order; the order comes from the events' dates (data/events.yaml), never from
the bank. Everything about the type: bank entry, check, widget, static and site parts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import field_validator

from pakru.quiz.entry import QuestionEntry
from pakru.quiz.model import LETTERS, Question, Verdict, fill, incomplete
from pakru.quiz.questiontype import QuestionType
from pakru.render import render
from pakru.schema import Text, fail

CHRONOLOGY_SIZE = (4, 6)
WORDS = {"empty": "Give every event a place first.",
         "twice": "Each event needs its own place: two share one.",
         "some": "{right} of {total} events are in the right place."}


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
    """Filled from ``corpus.events`` when the bank is loaded (``pakru.quiz.banks.resolve_events``)."""

    question_type = "chronology"
    label = "Put in order, earliest first"

    @property
    def order(self) -> list[str]:
        """The item ids from earliest to latest."""
        return sorted(self.items, key=lambda i: self.events[i].start)

    def check(self, response: Any) -> Verdict:
        """``response`` is a list of event ids in the learner's order (None where a place is empty)."""
        given = list(response or [])
        if len(given) != len(self.items) or any(g is None for g in given):
            return incomplete(WORDS["empty"])
        if len(set(given)) != len(given):
            return incomplete(WORDS["twice"])
        order = self.order
        right = sum(1 for a, b in zip(given, order, strict=True) if a == b)
        ok = right == len(order)
        note = "" if ok else fill(WORDS["some"], right=right, total=len(order))
        return Verdict(ok, float(ok), note)

    def answer_text(self) -> str:
        from pakru.dates import label

        return " → ".join(f"{self.events[i].title} ({label(self.events[i].date)})" for i in self.order)

    def title(self, event_id: str) -> str:
        """An event's title (an id the events table does not know stays as it is)."""
        return self.events[event_id].title if event_id in self.events else event_id


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


def control(q: Chronology, rng: random.Random | None, name: str) -> Any:
    """A place (drop-down) per event, the events shown by letter in an order that is never the answer."""
    import ipywidgets as w

    from pakru.quiz import controls

    shown = list(q.items)
    (rng or controls.stable_rng(q.id)).shuffle(shown)  # never shown in date order: that would give the answer away
    if shown == q.order:
        shown = shown[1:] + shown[:1]
    n = len(shown)
    places = [("– place –", None)] + [(f"{i}{' (earliest)' if i == 1 else ' (latest)' if i == n else ''}", i)
                                      for i in range(1, n + 1)]
    rows, pickers = [], {}
    for letter, event_id in zip(LETTERS, shown, strict=False):
        title = q.title(event_id)
        picker = w.Dropdown(options=places, value=None, description=controls.answer_label(f"Place of {letter}", title),
                            description_allow_html=True, layout=controls.plain(), style=controls.initial(w.Dropdown))
        pickers[event_id] = picker
        rows.append(controls.hbox([picker, controls.html(str(render("quiz_item.html.j2", letter=letter, text=title)))]))

    def read() -> list[str | None]:
        order: list[str | None] = [None] * n
        for event_id, picker in pickers.items():
            if picker.value is not None:
                order[picker.value - 1] = event_id
        return order

    def problem() -> str:
        chosen = [p.value for p in pickers.values() if p.value is not None]
        twice = sorted({c for c in chosen if chosen.count(c) > 1})
        return f"Two events share place {twice[0]}: give each event its own place." if twice else ""

    def fill_in(answer: Any) -> None:
        for place, event_id in enumerate(answer or [], 1):
            if event_id in pickers:
                pickers[event_id].value = place

    return controls.Control(controls.vbox(rows), read, fill_in, problem)


def choices(q: Chronology) -> str:
    """The events' titles in bank order, without their dates (the dates would give the order away)."""
    return str(render("quiz_choices.html.j2", layout="letters", items=[q.title(i) for i in q.items]))


def said(q: Chronology, response: Any) -> str:
    """The events' titles in the learner's order."""
    from pakru.quiz.static import plain_said

    if not isinstance(response, list):
        return plain_said(q, response)
    return " → ".join(q.title(str(i)) for i in response)


def page(q: Chronology) -> dict:
    """The events by letter (titles only: their dates would give the order away) and the places to put them in."""
    return {"control": "select", "item_label": "Place of",
            "items": [{"letter": LETTERS[n], "text": q.title(i)} for n, i in enumerate(q.items)],
            "choices": [str(n) for n in range(1, len(q.items) + 1)]}


def rule(q: Chronology) -> dict:
    """The place each event, in the order shown, takes in the right order (0 for the earliest)."""
    return {"compare": "order", "places": [q.order.index(i) for i in q.items], "words": WORDS}


def to_page(q: Chronology, response: Any) -> list[int | None]:
    """The learner's order (event ids by place) as the page holds it: a place per event, in bank order."""
    given = list(response or [])
    return [given.index(i) if i in given else None for i in q.items]


def samples(q: Chronology) -> list:
    order = q.order
    swapped = [order[1], order[0], *order[2:]]
    rotated = order[1:] + order[:1]
    return [order, list(reversed(order)), swapped, rotated, [*order[:-1], None], [None] * len(order), []]


TYPE = QuestionType("chronology", Chronology, ChronologyEntry, control, choices, page, rule, to_page, samples,
                    said)
