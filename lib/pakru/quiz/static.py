"""A quiz as plain HTML, for places without a live kernel (GitHub, nbviewer, an HTML export).

Questions and options are shown; each answer sits in a collapsed ``<details>`` block.
Everything from the bank is escaped; there is no script and no form.
"""

from __future__ import annotations

from pakru.quiz.model import Bank, Chronology, Matching, MultipleChoice, Numeric, Question, SingleChoice, TrueFalse
from pakru.show import CITE, escape

BOX = ("border: 1px solid var(--jp-border-color2, #ccc); padding: 0.5em 0.9em; margin: 0.5em 0;"
       " color: var(--jp-content-font-color1, inherit);")


def choices_html(question: Question, order: list[str] | None = None) -> str:
    """The things a learner chooses from, as a plain list (nothing for typed answers)."""
    if isinstance(question, SingleChoice | MultipleChoice):
        items = order or question.options
        return "<ul>" + "".join(f"<li>{escape(o)}</li>" for o in items) + "</ul>"
    if isinstance(question, TrueFalse):
        return "<ul><li>True</li><li>False</li></ul>"
    if isinstance(question, Chronology):
        titles = [question.events[i].title if i in question.events else i for i in (order or question.items)]
        return "<ol type='A'>" + "".join(f"<li>{escape(t)}</li>" for t in titles) + "</ol>"
    if isinstance(question, Matching):
        lefts = "".join(f"<li>{escape(p.left)}</li>" for p in question.pairs)
        rights = "".join(f"<li>{escape(r)}</li>" for r in sorted(question.rights))
        return f"<p>Match each of:</p><ul>{lefts}</ul><p>with one of:</p><ul>{rights}</ul>"
    if isinstance(question, Numeric) and question.unit:
        return f"<p><em>Answer with a number, in {escape(question.unit)}.</em></p>"
    return ""


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


def question_html(question: Question, number: int) -> str:
    """One question with its answer hidden in a collapsed block."""
    hidden = (f"<p><strong>Answer:</strong> {escape(question.answer_text())}</p>"
              + (f"<p>{escape(question.explanation)}</p>" if question.explanation else "")
              + evidence_html(question))
    return (f'<div style="{BOX}">{prompt_html(question, number)}{choices_html(question)}'
            f"<details><summary>Show answer</summary>{hidden}</details></div>")


def bank_html(bank: Bank) -> str:
    """The whole bank as static HTML."""
    head = (f"<h3>{escape(bank.title)}</h3><p><em>This quiz is interactive when the notebook runs; "
            "here it is shown as text.</em></p>")
    return "<div>" + head + "".join(question_html(q, n) for n, q in enumerate(bank.questions, 1)) + "</div>"


def bank_text(bank: Bank) -> str:
    """The bank as plain text (the text/plain fallback): titles and prompts, no answers."""
    lines = [f"Quiz: {bank.title} ({len(bank.questions)} questions)"]
    lines += [f"Q{n}. {q.prompt}" for n, q in enumerate(bank.questions, 1)]
    return "\n".join(lines)
