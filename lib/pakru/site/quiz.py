"""A question bank as the static site's self-check quiz: the form controls (a template) and the answer key (JSON).

Practice quizzes on the site work without a kernel or a server: the page holds the key and a small script of
ours (``pakru/render/static/pakru-site.js``) checks answers in the browser, revealing the answer, explanation
and evidence only after a try. The key mirrors what ``pakru.quiz.model`` checks in Python, type by type.
"""

from __future__ import annotations

from pakru.corpus import Corpus
from pakru.quiz.model import (
    Bank,
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

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def question_view(question: Question, number: int, corpus: Corpus) -> dict:
    """What the template shows for one question (no answer in it but the hidden reveal block's)."""
    view = {"id": question.id, "number": number, "kind": question.kind, "label": question.label,
            "prompt": question.prompt, "code": question.code, "answer": question.answer_text(),
            "explanation": question.explanation, "options": [], "items": [], "choices": [],
            "evidence": [{"text": corpus.cite(ev.cite).text, "reference": corpus.cite(ev.cite).reference,
                          "evidence": [ev.text]} for ev in question.evidence],
            "unit": getattr(question, "unit", "")}
    if isinstance(question, SingleChoice | MultipleChoice):
        view["options"] = list(question.options)
    elif isinstance(question, TrueFalse):
        view["options"] = ["True", "False"]
    elif isinstance(question, Chronology):
        view["items"] = [{"letter": LETTERS[n], "text": question.events[i].title} for n, i in enumerate(question.items)]
        view["choices"] = [str(n) for n in range(1, len(question.items) + 1)]
    elif isinstance(question, Matching):
        view["items"] = [{"letter": LETTERS[n], "text": p.left} for n, p in enumerate(question.pairs)]
        view["choices"] = question.rights
    return view


def question_key(question: Question) -> dict:
    """What the script needs to check an answer to one question, and to say why without giving it away."""
    key: dict = {"kind": question.kind}
    if isinstance(question, SingleChoice):
        key |= {"answer": question.options.index(question.answer),
                "feedback": [question.feedback.get(o, "") for o in question.options]}
    elif isinstance(question, MultipleChoice):
        key |= {"answer": [n for n, o in enumerate(question.options) if o in question.answer],
                "feedback": [question.feedback.get(o, "") for o in question.options]}
    elif isinstance(question, TrueFalse):
        key |= {"answer": 0 if question.answer else 1}
    elif isinstance(question, Numeric):
        key |= {"rules": [{"low": r.low, "high": r.high, "correct": r.correct, "feedback": r.feedback,
                           "kind": r.kind} for r in question.rules],
                "unit": question.unit, "precision": question.precision, "default": question.default_feedback}
    elif isinstance(question, ShortText):
        key |= {"accepted": sorted({normalise(a) for a in question.accepted}),
                "rules": [{"answer": r.answer, "correct": r.correct, "feedback": r.feedback,
                           "match_case": r.match_case, "fuzzy": r.fuzzy_threshold} for r in question.rules],
                "default": question.default_feedback}
    elif isinstance(question, Chronology):
        order = question.order
        key |= {"places": [order.index(i) + 1 for i in question.items]}
    elif isinstance(question, Matching):
        key |= {"answer": [question.rights.index(p.right) for p in question.pairs]}
    return key


def quiz_context(bank: Bank, corpus: Corpus) -> dict:
    """The template context for one bank: its questions and the key the script reads."""
    reveal = bank.settings.reveal_after
    return {
        "bank_id": bank.id, "title": bank.title,
        "questions": [question_view(q, n, corpus) for n, q in enumerate(bank.questions, 1)],
        "key": {"reveal_after": None if reveal is None else max(1, reveal),
                "questions": {q.id: question_key(q) for q in bank.questions}},
    }
