"""Lesson 2 in a real JupyterLab and Chromium: it runs from top to bottom, its readings and figure render
with citations and a text alternative, and a learner can answer a quiz question wrong, then right."""

from __future__ import annotations

import nbformat
import pytest
import yaml

from pakru.paths import NOTEBOOKS_DIR, QUIZZES_DIR

pytestmark = pytest.mark.browser
LESSON = "02_thaw_2003"


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def cell_index(source_start: str) -> int:
    """Index (markdown cells count) of the first code cell whose source starts with ``source_start``."""
    nb = nbformat.read(NOTEBOOKS_DIR / f"{LESSON}.ipynb", as_version=4)
    for n, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.startswith(source_start):
            return n
    raise AssertionError(f"no cell starting {source_start!r} in {LESSON}")


def question(question_id: str) -> dict:
    """A question of the lesson's bank, read as plain data, independently of pakru's loader."""
    bank = yaml.safe_load((QUIZZES_DIR / f"{LESSON}.yaml").read_text("utf-8"))
    return next(q for q in bank["questions"] if q["id"] == question_id)


def press_check(box) -> None:
    button = box.get_by_role("button", name="Check")
    button.focus()
    button.press("Enter")


def test_does_lesson_2_run_in_jupyterlab_and_take_a_quiz_answer(lab, lab_server):
    check = expect()
    lab_server.reset_progress()
    lab.open(lab_server.add(NOTEBOOKS_DIR / f"{LESSON}.ipynb"))
    lab.run_all()

    gap = cell_index('show.reading("voa-2003 ¶2"')
    lab.scroll_to_cell(gap)
    reading = lab.output(gap)
    check(reading).to_contain_text("more than 30 years")
    check(reading).to_contain_text("[moscowtimes-2011 ¶6]")

    figure = cell_index("figures.term_counts(")
    lab.scroll_to_cell(figure)
    image = lab.output(figure).locator("figure.pakru-figure img")
    check(image).to_be_visible()
    assert "voa-2003" in (image.get_attribute("alt") or "")
    check(lab.output(figure)).to_contain_text("Text alternative")

    quiz = cell_index(f'quiz.show("{LESSON}")')
    lab.scroll_to_cell(quiz)
    out = lab.output(quiz)
    check(out.locator(".pakru-quiz")).to_be_visible()
    q = question("working-group")
    box = out.locator(".pakru-q-working-group")
    box.scroll_into_view_if_needed()
    wrong = next(o for o in q["options"] if o != q["answer"])
    box.get_by_role("option", name=wrong, exact=True).click()
    press_check(box)
    status = box.locator("[role=status]").first
    check(status).to_contain_text("Not yet")
    check(status).not_to_contain_text(q["answer"])
    box.get_by_role("option", name=q["answer"], exact=True).click()
    press_check(box)
    check(status).to_contain_text("Correct")
    assert list(lab_server.progress_dir.rglob("*.json")), "the answer was not saved to the progress store"

    # Read every output from the notebook model (rendered or not: JupyterLab renders lazily).
    bad = lab.js("const found = []; for (const cell of nb.content.widgets) {"
                 " if (cell.model.type !== 'code') continue;"
                 " for (const out of cell.model.outputs.toJSON()) {"
                 "  if (out.output_type === 'error' || (out.output_type === 'stream' && out.name === 'stderr'))"
                 "   found.push(cell.model.sharedModel.getSource()); } } return found;")
    assert bad == [], f"cells with errors or warnings in the browser: {bad}"
