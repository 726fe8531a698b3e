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

from pakru.quiz.model import Bank, Chronology, Matching, MultipleChoice, Numeric, Question, SingleChoice, TrueFalse
from pakru.show import CITE, escape

BOX = ("border: 1px solid var(--jp-border-color2, #ccc); padding: 0.5em 0.9em; margin: 0.5em 0;"
       " color: var(--jp-content-font-color1, inherit);")


@dataclass(frozen=True)
class Tried:
    """What a learner did with one question: their latest answer, whether it was right, how many tries."""

    response: Any
    correct: bool
    attempts: int


def option_list(question: SingleChoice | MultipleChoice) -> str:
    """The options, as a plain list (the right ones are not marked)."""
    return "<ul>" + "".join(f"<li>{escape(o)}</li>" for o in question.options) + "</ul>"


def truefalse_list(question: TrueFalse) -> str:
    return "<ul><li>True</li><li>False</li></ul>"


def event_list(question: Chronology) -> str:
    """The events' titles in bank order, without their dates (the dates would give the order away)."""
    titles = [question.events[i].title if i in question.events else i for i in question.items]
    return "<ol type='A'>" + "".join(f"<li>{escape(t)}</li>" for t in titles) + "</ol>"


def matching_lists(question: Matching) -> str:
    lefts = "".join(f"<li>{escape(p.left)}</li>" for p in question.pairs)
    rights = "".join(f"<li>{escape(r)}</li>" for r in sorted(question.rights))
    return f"<p>Match each of:</p><ul>{lefts}</ul><p>with one of:</p><ul>{rights}</ul>"


def numeric_hint(question: Numeric) -> str:
    return f"<p><em>Answer with a number, in {escape(question.unit)}.</em></p>" if question.unit else ""


def nothing(question: Question) -> str:
    return ""


def choices_html(question: Question) -> str:
    """The things a learner chooses from (nothing for typed answers), as the question's type renders them."""
    from pakru.quiz.types import of

    return of(question).choices(question)


def response_text(question: Question, response: Any) -> str:
    """A learner's saved answer in words (chronology: titles in their order; matching: left → right)."""
    if response is None or response == "" or response == [] or response == {}:
        return "(nothing chosen)"
    if isinstance(question, Chronology) and isinstance(response, list):
        return " → ".join(question.events[i].title if i in question.events else str(i) for i in response)
    if isinstance(response, dict):
        return "; ".join(f"{left} → {right}" for left, right in response.items())
    if isinstance(response, list):
        return "; ".join(str(r) for r in response)
    if isinstance(response, bool):
        return "True" if response else "False"
    return str(response)


def evidence_html(question: Question) -> str:
    """The citations and exact words behind an answer, as a short list."""
    if not question.evidence:
        return ""
    items = "".join(f"<li>“{escape(ev.text)}” <span style=\"{CITE}\">[{escape(ev.cite)}]</span></li>"
                    for ev in question.evidence)
    return f"<p>Evidence:</p><ul>{items}</ul>"


def prompt_html(question: Question, number: int) -> str:
    """The question's number, prompt and kind, and its code (if any) under it, as jupyterquiz shows it."""
    code = f"<pre><code>{escape(question.code)}</code></pre>" if question.code else ""
    return (f"<p><strong>Q{number}.</strong> {escape(question.prompt)} <em>({escape(question.label)})</em></p>"
            + code)


def tried_html(question: Question, tried: Tried | None) -> str:
    """The learner's own answer and its verdict; the explanation and evidence only once they got it right."""
    if tried is None:
        return "<p><em>Not tried yet.</em></p>"
    tries = f"{tried.attempts} attempt{'s' if tried.attempts != 1 else ''}"
    verdict = "✔ Correct." if tried.correct else "✘ Not yet right."
    parts = [f"<p><strong>Your answer:</strong> {escape(response_text(question, tried.response))} "
             f"<strong>{verdict}</strong> <em>({tries})</em></p>"]
    if tried.correct:
        if question.explanation:
            parts.append(f"<p>{escape(question.explanation)}</p>")
        parts.append(evidence_html(question))
    return "".join(parts)


def question_html(question: Question, number: int, tried: Tried | None = None) -> str:
    """One question as text, with what the learner did with it (never the answer of an untried question)."""
    return (f'<div style="{BOX}">{prompt_html(question, number)}{choices_html(question)}'
            f"{tried_html(question, tried)}</div>")


def bank_html(bank: Bank, tried: dict[str, Tried] | None = None) -> str:
    """The whole bank as static HTML; ``tried`` maps question ids to what the learner did."""
    tried = tried or {}
    head = (f"<h3>{escape(bank.title)}</h3><p><em>This quiz is interactive when the notebook runs; here it is "
            "shown as text, with your answers to the questions you have tried.</em></p>")
    body = "".join(question_html(q, n, tried.get(q.id)) for n, q in enumerate(bank.questions, 1))
    return '<div class="pakru-quiz-static">' + head + body + "</div>"


def bank_text(bank: Bank) -> str:
    """The bank as plain text (the text/plain fallback): titles and prompts, no answers."""
    lines = [f"Quiz: {bank.title} ({len(bank.questions)} questions)"]
    lines += [f"Q{n}. {q.prompt}" for n, q in enumerate(bank.questions, 1)]
    return "\n".join(lines)
