"""Without a live kernel (GitHub, nbviewer, HTML export, a saved notebook) a quiz still shows its questions,
and never the answer of a question the learner has not tried."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from pakru import quiz
from pakru.paths import NOTEBOOKS_DIR
from pakru.progress import Store
from pakru.quiz import load_bank
from pakru.quiz.static import bank_html, bank_text


def answers_and_evidence(bank) -> list[str]:
    """Strings that would give an answer away: evidence, explanations, and the answers of typed questions and
    orderings (a choice question's answer is one of its options, which the page must show)."""
    secrets = []
    for q in bank.questions:
        secrets += [ev.text for ev in q.evidence] + ([q.explanation] if q.explanation else [])
        if q.question_type in ("numeric", "text", "chronology", "matching"):
            secrets.append(q.answer_text())
    return secrets


def test_untried_questions_show_their_choices_but_no_answer_or_evidence(corpus):
    bank = load_bank("demo", corpus)
    page = bank_html(bank)
    assert "How long had it been since a Pakistani leader visited Moscow" in page
    assert "<li>About 10 years</li>" in page and "<li>More than 30 years</li>" in page  # an option, not the answer
    assert page.count("Not tried yet") == len(bank.questions)
    for secret in answers_and_evidence(bank):
        assert secret not in page, secret
    assert "<details" not in page and "<script" not in page and "<form" not in page


def test_static_chronology_lists_titles_without_dates(corpus):
    page = bank_html(load_bank("demo", corpus))
    block = page[page.index("Put these events in the order"):]
    shown = block[:block.index("Not tried yet")]
    assert "Pakistan backs the Taliban" in shown
    assert not re.search(r"\b(1996|2012|2018)\b", shown), "dates would give the order away"


def test_a_saved_quiz_shows_what_the_learner_tried_and_nothing_more(tmp_path, corpus):
    shown = quiz.show("demo", store=Store(tmp_path, "ayesha"), corpus=corpus)
    right, wrong = shown.view("visit-gap"), shown.view("envoy-2012")
    right.control.widget.value = "More than 30 years"
    right.check_button.click()
    wrong.control.widget.value = "Shoigu"
    wrong.check_button.click()
    page = shown._repr_mimebundle_()["text/html"]
    assert "Your answer:</strong> More than 30 years <strong>✔ Correct.</strong>" in page
    assert right.question.explanation in page and right.question.evidence[0].text in page  # earned
    assert "Your answer:</strong> Shoigu <strong>✘ Not yet right.</strong>" in page
    for secret in (wrong.question.answer_text(), wrong.question.explanation, wrong.question.evidence[0].text):
        assert secret not in page, "a wrong try must not reveal the accepted answer"
    assert page.count("Not tried yet") == len(shown.views) - 2
    # a new session shows the saved answers the same way
    again = quiz.show("demo", store=Store(tmp_path, "ayesha"), corpus=corpus)
    assert again._repr_html_() == page


def test_plain_text_fallback_has_no_answers(corpus):
    text = bank_text(load_bank("demo", corpus))
    assert text.startswith("Quiz: Demo quiz") and "More than 30 years" not in text


@pytest.mark.notebooks
def test_the_documented_nbconvert_command_exports_readable_quizzes(tmp_path):
    """`jupyter nbconvert --execute --to html --ExecutePreprocessor.store_widget_state=False` (docs/architecture.md):
    without stored widget state the export shows each quiz's text/html fallback, not empty widget boxes."""
    notebook = tmp_path / "quiz_demo.ipynb"
    shutil.copy(NOTEBOOKS_DIR / "quiz_demo.ipynb", notebook)
    env_progress = tmp_path / "progress"
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html",
         "--ExecutePreprocessor.store_widget_state=False", "--ExecutePreprocessor.kernel_name=python3",
         str(notebook)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**__import__("os").environ, "PAKRU_PROGRESS_DIR": str(env_progress), "PAKRU_LEARNER": "exporter"})
    assert result.returncode == 0, result.stderr[-2000:]
    body = (tmp_path / "quiz_demo.html").read_text("utf-8")
    assert "How long had it been since a Pakistani leader visited Moscow" in body
    assert "Which news service reported on 4 February 2003" in body  # the jupyterquiz sample bank too
    assert body.count("Not tried yet") == 7 + 3
    assert "application/vnd.jupyter.widget-view+json" not in body and "widget-state" not in body
    assert "<details" not in body
    for secret in answers_and_evidence(load_bank("demo")):
        assert secret not in body, secret


def test_a_tried_ordering_or_matching_is_said_in_words_by_its_type(corpus):
    from pakru.quiz.static import Tried

    bank = load_bank("demo", corpus)
    order = next(q for q in bank.questions if q.question_type == "chronology")
    pairs = next(q for q in bank.questions if q.question_type == "matching")
    backwards = list(reversed(order.items))
    chosen = {p.left: p.right for p in pairs.pairs}
    page = bank_html(bank, {order.id: Tried(backwards + ["no-such-event"], False, 1),
                            pairs.id: Tried(chosen, True, 1)})
    titles = [order.events[i].title for i in backwards]
    assert " → ".join(titles + ["no-such-event"]) in page.replace("&gt;", ">")
    assert "; ".join(f"{left} → {right}" for left, right in chosen.items()) in page.replace("&gt;", ">")
