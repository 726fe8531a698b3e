"""Without a live kernel (GitHub, nbviewer, HTML export) a quiz still shows its questions, answers folded away."""

from __future__ import annotations

import re

import nbclient
import nbformat
import pytest
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

from pakru.paths import NOTEBOOKS_DIR
from pakru.quiz import load_bank
from pakru.quiz.static import bank_html, bank_text


def test_static_page_shows_questions_and_options_with_answers_folded(corpus):
    bank = load_bank("demo", corpus)
    page = bank_html(bank)
    assert page.count("<details>") == len(bank.questions)
    assert "How long had it been since a Pakistani leader visited Moscow" in page
    assert "<li>About 10 years</li>" in page
    # each answer appears only after its question's <details>
    before_answers = page.split("<details>")[0]
    assert "Answer:" not in before_answers
    assert "<script" not in page and "<form" not in page


def test_static_chronology_lists_titles_without_dates(corpus):
    bank = load_bank("demo", corpus)
    page = bank_html(bank)
    block = page[page.index("Put these events in the order"):]
    shown, hidden = block.split("<details>", 1)
    assert "Pakistan backs the Taliban" in shown
    assert not re.search(r"\b(1996|2012|2018)\b", shown), "dates would give the order away"


def test_plain_text_fallback_has_no_answers(corpus):
    text = bank_text(load_bank("demo", corpus))
    assert text.startswith("Quiz: Demo quiz") and "More than 30 years" not in text


@pytest.mark.notebooks
def test_demo_notebook_exported_to_html_shows_the_quiz_as_text(tmp_path):
    nb = nbformat.read(NOTEBOOKS_DIR / "quiz_demo.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=180,
                                     resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        pytest.fail(f"quiz_demo.ipynb did not run: {exc}")
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    bundles = [o["data"] for o in outputs if "data" in o and "application/vnd.jupyter.widget-view+json" in o["data"]]
    assert len(bundles) == 2 and all("text/html" in b for b in bundles)
    nb.metadata.pop("widgets", None)  # as saved by JupyterLab by default: no widget state
    body, _ = HTMLExporter().from_notebook_node(nb)
    assert "How long had it been since a Pakistani leader visited Moscow" in body
    assert body.count("<summary>Show answer</summary>") == 7 + 3
    assert "output_widget_view" not in body
