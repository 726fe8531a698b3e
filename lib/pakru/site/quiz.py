"""A question bank as the static site's self-check quiz: the form controls (a template) and the answer key (JSON).

Practice quizzes on the site work without a kernel or a server: the page holds the key and a small script of
ours (``pakru/render/static/pakru-site.js``) checks answers in the browser, revealing the answer, explanation
and evidence only after a try. The key mirrors what ``pakru.quiz.model`` checks in Python, type by
type: each type's part of the view and the key is in the one registry of question types (``pakru.quiz.types``,
written in ``pakru.quiz.selfcheck``).
"""

from __future__ import annotations

from pakru.corpus import Corpus
from pakru.quiz.model import Bank, Question
from pakru.quiz.types import of


def question_view(question: Question, number: int, corpus: Corpus) -> dict:
    """What the template shows for one question (no answer in it but the hidden reveal block's); what there is
    to choose from is the question type's (``page_choices`` in ``pakru.quiz.types``)."""
    view = {"id": question.id, "number": number, "kind": question.kind, "label": question.label,
            "prompt": question.prompt, "code": question.code, "answer": question.answer_text(),
            "explanation": question.explanation, "options": [], "items": [], "choices": [],
            "evidence": [{"text": corpus.cite(ev.cite).text, "reference": corpus.cite(ev.cite).reference,
                          "evidence": [ev.text]} for ev in question.evidence],
            "unit": getattr(question, "unit", "")}
    return view | of(question).page_choices(question)


def question_key(question: Question) -> dict:
    """What the script needs to check an answer to one question, and to say why without giving it away (the
    question type's ``page_key``)."""
    return {"kind": question.kind} | of(question).page_key(question)


def quiz_context(bank: Bank, corpus: Corpus) -> dict:
    """The template context for one bank: its questions and the key the script reads."""
    reveal = bank.settings.reveal_after
    return {
        "bank_id": bank.id, "title": bank.title,
        "questions": [question_view(q, n, corpus) for n, q in enumerate(bank.questions, 1)],
        "key": {"reveal_after": None if reveal is None else max(1, reveal),
                "questions": {q.id: question_key(q) for q in bank.questions}},
    }
