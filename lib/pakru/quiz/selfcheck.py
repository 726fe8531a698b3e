"""A question checked in the browser (the static site's self-check quiz): per type, what the page shows
to answer with and the key its script checks against.

These are the registry's ``page_choices`` and ``page_key`` (``pakru.quiz.types``): the key mirrors what the
question class checks in Python (``pakru.quiz.model``), type by type, so it sits beside the other per-type
parts rather than in the site, which only assembles pages. The key holds the answer: it belongs on a
self-check page, never on the answer-safe static fallback (``pakru.quiz.static``).
"""

from __future__ import annotations

from pakru.quiz.model import (
    LETTERS,
    Chronology,
    Matching,
    MultipleChoice,
    Numeric,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
    normalise,
)


def option_choices(question: SingleChoice | MultipleChoice) -> dict:
    return {"options": list(question.options)}


def truefalse_choices(question: TrueFalse) -> dict:
    return {"options": ["True", "False"]}


def event_choices(question: Chronology) -> dict:
    """The events by letter (titles only: their dates would give the order away) and the places to put them in."""
    return {"items": [{"letter": LETTERS[n], "text": question.events[i].title} for n, i in enumerate(question.items)],
            "choices": [str(n) for n in range(1, len(question.items) + 1)]}


def matching_choices(question: Matching) -> dict:
    return {"items": [{"letter": LETTERS[n], "text": p.left} for n, p in enumerate(question.pairs)],
            "choices": question.rights}


def typed_choices(question: Question) -> dict:
    """Typed answers (numbers, text): nothing to choose from."""
    return {}


def single_key(question: SingleChoice) -> dict:
    return {"answer": question.options.index(question.answer),
            "feedback": [question.feedback.get(o, "") for o in question.options]}


def multiple_key(question: MultipleChoice) -> dict:
    return {"answer": [n for n, o in enumerate(question.options) if o in question.answer],
            "feedback": [question.feedback.get(o, "") for o in question.options]}


def truefalse_key(question: TrueFalse) -> dict:
    return {"answer": 0 if question.answer else 1}


def numeric_key(question: Numeric) -> dict:
    return {"rules": [{"low": r.low, "high": r.high, "correct": r.correct, "feedback": r.feedback, "kind": r.kind}
                      for r in question.rules],
            "unit": question.unit, "precision": question.precision, "default": question.default_feedback}


def text_key(question: ShortText) -> dict:
    return {"accepted": sorted({normalise(a) for a in question.accepted}),
            "rules": [{"answer": r.answer, "correct": r.correct, "feedback": r.feedback,
                       "match_case": r.match_case, "fuzzy": r.fuzzy_threshold} for r in question.rules],
            "default": question.default_feedback}


def chronology_key(question: Chronology) -> dict:
    """The place (1-based) each event, in the order shown, takes in the right order."""
    return {"places": [question.order.index(i) + 1 for i in question.items]}


def matching_key(question: Matching) -> dict:
    return {"answer": [question.rights.index(p.right) for p in question.pairs]}
