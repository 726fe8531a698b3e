"""'Download my results' in a real JupyterLab and Chromium: the button's link saves the learner's results file."""

from __future__ import annotations

import csv
import io

import nbformat
import pytest

pytestmark = pytest.mark.browser


def test_the_results_button_downloads_what_the_learner_saved(lab, lab_server, tmp_path):
    from playwright.sync_api import expect

    lab_server.reset_progress()
    nb = nbformat.v4.new_notebook()  # with a kernel named, or JupyterLab asks which kernel to start
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "from pakru.progress import default_store\n"
        "default_store().record('02_thaw_2003', 'visit-gap', kind='quiz', answer=['33 years'], correct=True)\n"
        "from pakru.download import ResultsButton\nResultsButton()")]
    nbformat.write(nb, lab_server.root / "download.ipynb")
    lab.open("download.ipynb")
    lab.run_all()
    output = lab.output(0)
    button = output.get_by_role("button", name="Download my results")
    expect(button).to_be_visible()
    button.click()
    link = output.get_by_role("link", name="Save pakru-results-browser-tester.csv")
    expect(link).to_be_visible()
    expect(output).to_contain_text("1 answer of browser-tester")
    with lab.page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename == "pakru-results-browser-tester.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text("utf-8"))))
    assert [(r["learner"], r["activity"], r["question"], r["kind"]) for r in rows] == [
        ("browser-tester", "02_thaw_2003", "visit-gap", "quiz")]


def test_the_results_button_shows_its_whole_label_after_the_key_points(lab, lab_server):
    """At JupyterLab's default width a stock button cut the label to "Download my …" (issue #21)."""
    from playwright.sync_api import expect

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('from pakru import lessons\nlessons.keypoints("00_start_here")')]
    nbformat.write(nb, lab_server.root / "keypoints.ipynb")
    lab.open("keypoints.ipynb")
    lab.run_all()
    button = lab.output(0).get_by_role("button", name="Download my results")
    expect(button).to_be_visible()
    assert button.evaluate("b => b.scrollWidth <= b.clientWidth"), "the button's label is cut off"
