"""Every lesson notebook runs top to bottom in a fresh kernel, cleanly, and shows what the lesson promises."""

from __future__ import annotations

import re

import nbformat
import pytest
from lesson_helpers import LESSON_IDS, NOTEBOOKS, citations_in, execute

from pakru.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.notebooks
IMG = re.compile(r"<img\b[^>]*>")


@pytest.fixture(scope="module", params=LESSON_IDS)
def executed(request, tmp_path_factory):
    """Each lesson executed once, shared by the checks on its outputs."""
    return request.param, execute(NOTEBOOKS_DIR / f"{request.param}.ipynb", tmp_path_factory.mktemp("run"))


def outputs(nb):
    return [(cell, out) for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


def test_does_the_lesson_run_without_errors_or_warnings(executed):
    lid, nb = executed
    for cell, out in outputs(nb):
        assert out.output_type != "error", f"{lid}: {cell.source!r} raised {out.get('ename')}"
        assert not (out.output_type == "stream" and out.name == "stderr"), f"{lid}: {cell.source!r} wrote {out.text!r}"
        text = out.get("text", "") + out.get("data", {}).get("text/plain", "")
        assert "Warning" not in text and "Traceback" not in text, f"{lid}: {cell.source!r}: {text[:300]}"


def test_does_every_code_cell_that_shows_something_produce_output(executed):
    lid, nb = executed
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.source.startswith(("from ", "import ")):
            assert cell.outputs, f"{lid}: {cell.source!r} showed nothing"


def test_does_every_figure_have_a_title_axis_labels_and_a_text_alternative(executed):
    lid, nb = executed
    figures = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for n, out in enumerate(cell.outputs):
            data = out.get("data", {})
            html = data.get("text/html", "")
            if '<figure class="pakru-figure"' in html:
                figures += 1
                for attr in ("data-title", "data-xlabel", "data-ylabel"):
                    value = re.search(rf'{attr}="([^"]*)"', html)
                    assert value and value.group(1).strip(), f"{lid}: {cell.source!r} has no {attr}"
                alts = [re.search(r'alt="([^"]*)"', img) for img in IMG.findall(html)]
                assert alts and all(a and len(a.group(1)) > 40 for a in alts), f"{lid}: {cell.source!r} alt text"
            elif "image/png" in data:
                figures += 1
                after = [o.get("data", {}).get("text/markdown", "") for o in cell.outputs[n + 1:]]
                assert any(a.startswith("*Text alternative:*") and len(a) > 60 for a in after), \
                    f"{lid}: {cell.source!r} shows an image without a text alternative"
    assert figures >= 1, f"{lid} has no figure"


def test_does_the_quiz_render_as_a_widget(executed):
    lid, nb = executed
    quiz_cells = [c for c in nb.cells if c.cell_type == "code" and c.source == f'quiz.show("{lid}")']
    assert len(quiz_cells) == 1, f"{lid} needs exactly one quiz cell"
    kinds = {k for out in quiz_cells[0].outputs for k in out.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" in kinds


def test_do_key_points_close_the_lesson(executed):
    lid, nb = executed
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    assert last.source == f'lessons.keypoints("{lid}")'
    assert "Key points" in last.outputs[0]["data"]["text/plain"]
    # then the learner's "Download my results" button (pakru.download), with a text fallback
    assert "application/vnd.jupyter.widget-view+json" in last.outputs[1]["data"]
    assert last.outputs[1]["data"]["text/plain"].startswith("Download my results")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_is_the_notebook_stored_valid_and_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_does_the_notebook_follow_the_house_style(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "open with an H1 title"
    question = first.source.split("\n", 1)[1]
    assert 2 <= question.count(". ") + question.count("? ") + 1 <= 5, "then a 2–3 sentence question"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= 3, f"{path.name}: long cell {cell.source!r}"
            assert not re.search(r"^\s*(def|class|lambda)\b", cell.source, re.M), f"{path.name}: {cell.source!r}"
    code_after_code = [c.source for b, c in zip(nb.cells, nb.cells[1:], strict=False)
                       if b.cell_type == "code" and c.cell_type == "code" and not c.source.startswith("lessons.")]
    assert not code_after_code, f"{path.name}: put a markdown sentence before {code_after_code}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_does_the_metadata_list_every_source_the_notebook_cites(path, corpus):
    nb = nbformat.read(path, as_version=4)
    listed = nb.metadata["pakru"]["sources"]
    assert nb.metadata["pakru"]["lesson"] == path.stem
    cited = {d for cell in nb.cells for d, _ in citations_in(cell.source)}
    assert cited <= set(listed), f"{path.name}: cited but not in metadata: {cited - set(listed)}"
    assert set(listed) <= set(corpus.documents)
    assert [m["@id"] for m in nb.metadata["rocrate"]["mentions"]] == listed


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_does_the_notebook_metadata_say_how_each_publisher_and_date_is_known(path, corpus):
    """The machine-readable sources list shows publisher and date with their basis, as the catalogue does."""
    nb = nbformat.read(path, as_version=4)
    cards = corpus.sources.set_index("doc_id")
    for mention in nb.metadata["rocrate"]["mentions"]:
        card = cards.loc[mention["@id"]]
        assert (mention["publisher"], mention["publisherBasis"]) == (card["publisher"], card["publisher_basis"])
        assert (mention["datePublished"], mention["dateBasis"]) == (card["date"], card["date_basis"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_does_every_citation_in_the_notebook_resolve(path, corpus):
    from pakru.citations import Citation

    nb = nbformat.read(path, as_version=4)
    found = [c for cell in nb.cells for c in citations_in(cell.source)]
    assert found, f"{path.name} cites nothing"
    bad = [f"{d} ¶{n}" for d, n in found if not corpus.resolves(Citation(d, n))]
    assert not bad, f"{path.name}: {bad}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_is_every_quotation_in_the_prose_verbatim_in_the_passage_it_cites(path, corpus):
    from pakru.lessons import text_problems

    nb = nbformat.read(path, as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    bracketed = re.sub(r"\(([a-z-]+-\d{4} ¶\d+)\)", r"[\1]", prose)
    assert text_problems(corpus, bracketed) == []


def test_does_the_citation_finder_see_lists_and_calls():
    text = 'as VOA says (voa-2003 ¶1, ¶7, ¶8) and toi-2018 ¶7–¶11; show.passage("latimes-2003", 4)'
    assert citations_in(text) == [("voa-2003", 1), ("voa-2003", 7), ("voa-2003", 8), ("toi-2018", 7),
                                  ("toi-2018", 11), ("latimes-2003", 4)]
