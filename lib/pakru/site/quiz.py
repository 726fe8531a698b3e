"""A question bank as the static site's self-check quiz: the form controls (a template) and the rules (JSON).

Practice quizzes on the site work without a kernel or a server: the page holds each question's rule and a small
script of ours (``pakru/render/static/pakru-site.js``) grades answers in the browser, revealing the answer,
explanation and evidence only after a try. The script knows no question type: each type's module
(``pakru.quiz.types``) says how its question is asked on the page (``page``) and gives its rule as data
(``rule``: how the page compares an answer (``compare``), the answer, and the type's own feedback words, the
ones its Python check uses), so the page and Python grade alike (tests/site/test_site_grading.py runs every
bank's answers through both).
"""

from __future__ import annotations

from pakru.corpus import Corpus
from pakru.quiz.model import ATTEMPTS, VERDICT, Bank, Question
from pakru.quiz.types import of


def question_view(question: Question, number: int, corpus: Corpus) -> dict:
    """What the template shows for one question (no answer in it but the hidden reveal block's); how it is asked
    is the question type's (``page`` in its module)."""
    view = {"id": question.id, "number": number, "question_type": question.question_type, "label": question.label,
            "prompt": question.prompt, "code": question.code, "answer": question.answer_text(),
            "explanation": question.explanation, "options": [], "items": [], "choices": [], "item_label": "",
            "unit": "", "inputmode": "",
            "evidence": [{"text": corpus.cite(ev.cite).text, "reference": corpus.cite(ev.cite).reference,
                          "evidence": [ev.text]} for ev in question.evidence]}
    return view | of(question).page(question)


def question_key(question: Question) -> dict:
    """What the script grades one question's answers with, and says why without giving the answer away (the
    question type's ``rule``)."""
    return of(question).rule(question)


def quiz_context(bank: Bank, corpus: Corpus) -> dict:
    """The template context for one bank: its questions and the key the script reads (rules and words)."""
    reveal = bank.settings.reveal_after
    return {
        "bank_id": bank.id, "title": bank.title,
        "questions": [question_view(q, n, corpus) for n, q in enumerate(bank.questions, 1)],
        "key": {"reveal_after": None if reveal is None else max(1, reveal), "words": VERDICT | ATTEMPTS,
                "questions": {q.id: question_key(q) for q in bank.questions}},
    }
