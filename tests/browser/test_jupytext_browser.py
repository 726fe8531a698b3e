"""JupyterLab with Jupytext: a lesson's MyST .md opens as a notebook, and saving it writes its paired .ipynb
(through the folder's jupytext.toml) without reformatting the text authors wrote."""

from __future__ import annotations

import difflib
import json
import shutil
import urllib.request

import nbformat
import pytest

from pakru.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.browser
LESSON = "quiz_demo"


@pytest.fixture
def paired(lab_server):
    """A copy of notebooks/jupytext.toml and one lesson's .md (no .ipynb) in the served folder."""
    folder = lab_server.root / "paired"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "jupytext.toml", folder)
    shutil.copy(NOTEBOOKS_DIR / f"{LESSON}.md", folder)
    return folder


def test_does_the_server_serve_the_md_as_a_notebook(lab_server, paired):
    url = f"{lab_server.url}/api/contents/paired/{LESSON}.md?type=notebook&content=1&token={lab_server.token}"
    with urllib.request.urlopen(url, timeout=30) as reply:
        model = json.load(reply)
    assert model["type"] == "notebook"
    expected = nbformat.read(NOTEBOOKS_DIR / f"{LESSON}.ipynb", as_version=4)
    assert [(c["cell_type"], c["source"]) for c in model["content"]["cells"]] == \
           [(c.cell_type, c.source) for c in expected.cells]


def test_does_jupyterlab_open_the_md_as_a_notebook_and_save_both_files(lab, lab_server, paired):
    text = (paired / f"{LESSON}.md").read_text("utf-8")
    expected = nbformat.read(NOTEBOOKS_DIR / f"{LESSON}.ipynb", as_version=4)
    lab.page.goto(lab_server.lab_url(workspace="jupytext"))
    lab.page.wait_for_function("() => !!window.jupyterapp && window.jupyterapp.started !== undefined",
                               timeout=60_000)
    lab.page.evaluate("() => window.jupyterapp.started")
    lab.path = f"paired/{LESSON}.md"
    lab.js("await app.commands.execute('docmanager:open', {path: arg, factory: 'Jupytext Notebook'});", lab.path)
    lab._wait(f"nb.content && nb.content.widgets.length === {len(expected.cells)}", 60)
    lab.wait_idle()
    first = lab.cell(0)
    assert expected.cells[0].source.splitlines()[0].lstrip("# ") in first.inner_text()
    lab.js("await nb.context.save();")
    saved = paired / f"{LESSON}.ipynb"
    assert saved.exists(), "saving the .md did not write its paired .ipynb"
    assert [c.source for c in nbformat.read(saved, as_version=4).cells] == [c.source for c in expected.cells]
    after = (paired / f"{LESSON}.md").read_text("utf-8")
    assert after == text, "saving changed the text:\n" + "".join(
        difflib.unified_diff(text.splitlines(True), after.splitlines(True)))
