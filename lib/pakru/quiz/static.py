"""A quiz as plain HTML, for places without a live kernel (GitHub, nbviewer, an HTML export, a saved notebook).

Answer-safe: the page shows every question and its choices, and, for the questions the learner has
already tried, their own answer and whether it was right (with the explanation and evidence once it
was right). The answer of a question nobody has tried is never in the page, not even folded away,
because a saved or exported notebook travels further than the kernel.
Everything from the bank and the learner is escaped; there is no script and no form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pakru.quiz.model import VERDICT, Bank, Question, attempts_text
from pakru.render import Markup, render


@dataclass(frozen=True)
class Tried:
    """What a learner did with one question: their latest answer, whether it was right, how many tries."""

    response: Any
    correct: bool
    attempts: int


def choices_html(question: Question) -> str:
    """The things a learner chooses from (nothing for typed answers), as the question's type renders them."""
    from pakru.quiz.types import of

    return of(question).choices(question)


def response_text(question: Question, response: Any) -> str:
    """A learner's saved answer in words, as the question's type says it (``said`` in its module; most types
    use ``plain_said``)."""
    from pakru.quiz.types import of

    if response is None or response == "" or response == [] or response == {}:
        return "(nothing chosen)"
    return (of(question).said or plain_said)(question, response)


def plain_said(question: Question, response: Any) -> str:
    """An answer in words by its shape: matching pairs as left → right, lists joined, True/False."""
    if isinstance(response, dict):
        return "; ".join(f"{left} → {right}" for left, right in response.items())
    if isinstance(response, list):
        return "; ".join(str(r) for r in response)
    if isinstance(response, bool):
        return "True" if response else "False"
    return str(response)


def prompt_html(question: Question, number: int) -> str:
    """The question's number, prompt and type label, and its code (if any) under it, as jupyterquiz shows it."""
    return str(render("quiz_prompt.html.j2", number=number, prompt=question.prompt, label=question.label,
                      code=question.code))


def bank_html(bank: Bank, tried: dict[str, Tried] | None = None) -> str:
    """The whole bank as static HTML; ``tried`` maps question ids to what the learner did."""
    tried = tried or {}
    questions = []
    for number, question in enumerate(bank.questions, 1):
        done = tried.get(question.id)
        questions.append({
            "prompt": Markup(prompt_html(question, number)), "choices": Markup(choices_html(question)),
            "explanation": question.explanation,
            "evidence": [{"text": ev.text, "cite": str(ev.cite)} for ev in question.evidence],
            "tried": None if done is None else {
                "answer": response_text(question, done.response), "correct": done.correct,
                "said": VERDICT["correct" if done.correct else "not_right"],
                "attempts_said": attempts_text(done.attempts)},
        })
    return str(render("quiz_static.html.j2", title=bank.title, questions=questions))


def bank_text(bank: Bank) -> str:
    """The bank as plain text (the text/plain fallback): titles and prompts, no answers."""
    lines = [f"Quiz: {bank.title} ({len(bank.questions)} questions)"]
    lines += [f"Q{n}. {q.prompt}" for n, q in enumerate(bank.questions, 1)]
    return "\n".join(lines)
