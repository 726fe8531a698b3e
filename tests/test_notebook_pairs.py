"""Notebooks as text: every lesson and exercise source .ipynb is exactly what its MyST .md generates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from pakru import notebooks
from pakru.paths import EXERCISES_DIR, NOTEBOOKS_DIR

PAIRS = notebooks.pairs()


def test_is_every_lesson_and_exercise_source_paired():
    names = {p.notebook.name for p in PAIRS}
    lessons = {p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")}
    sources = {p.name for p in (EXERCISES_DIR / "source").glob("*.ipynb")}
    assert lessons | sources <= names
    assert {"00_start_here.ipynb", "quiz_demo.ipynb", "05_corpus_as_data.ipynb"} <= names
    assert all(p.text.exists() and p.notebook.exists() for p in PAIRS)
    student = {p.stem for p in EXERCISES_DIR.glob("*.ipynb")}
    assert student and not any((EXERCISES_DIR / f"{s}.md").exists() for s in student), "students get notebooks only"
    assert not (EXERCISES_DIR / "jupytext.toml").exists()
    assert "INSTRUCTOR_GUIDE" not in {p.text.stem for p in PAIRS}, "a plain Markdown guide is not a notebook"


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_is_the_committed_notebook_exactly_what_its_text_generates(pair):
    assert pair.notebook.read_text("utf-8") == notebooks.notebook_text(pair)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_is_the_text_what_jupytext_writes_back(pair):
    """Saving in JupyterLab rewrites the .md through Jupytext: it must not reformat what authors wrote."""
    assert notebooks.text_from_notebook(pair.notebook) == pair.text.read_text("utf-8")


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_does_the_text_read_as_prose(pair):
    text = pair.text.read_text("utf-8")
    nb = nbformat.read(pair.notebook, as_version=4)
    first_markdown = next(c.source for c in nb.cells if c.cell_type == "markdown")
    assert first_markdown in text
    assert '"cell_type"' not in text and "outputs" not in text
    assert text.count("```{code-cell}") == sum(c.cell_type == "code" for c in nb.cells)


@pytest.fixture
def folder(tmp_path):
    """A paired folder like notebooks/: its jupytext.toml, one lesson and a plain Markdown guide."""
    shutil.copy(NOTEBOOKS_DIR / "jupytext.toml", tmp_path)
    for suffix in (".md", ".ipynb"):
        shutil.copy(NOTEBOOKS_DIR / f"02_thaw_2003{suffix}", tmp_path)
    (tmp_path / "GUIDE.md").write_text("# A guide\n\nNot a notebook.\n", "utf-8")
    return tmp_path


def test_does_an_edit_to_the_text_make_the_notebook_stale_until_sync(folder):
    text = folder / "02_thaw_2003.md"
    assert notebooks.check_pairs((folder,)) == []
    text.write_text(text.read_text("utf-8").replace("Notice its verbs", "Note its verbs"), "utf-8")
    problems = notebooks.check_pairs((folder,))
    assert len(problems) == 1
    assert problems[0].file.endswith("02_thaw_2003.ipynb")
    assert "differs from its source 02_thaw_2003.md" in problems[0].message
    assert "python -m pakru notebooks sync" in problems[0].message
    [pair] = notebooks.pairs((folder,))
    assert [w.endswith("(from 02_thaw_2003.md)") for w in notebooks.sync(pair)] == [True]
    assert notebooks.check_pairs((folder,)) == []
    nb = nbformat.read(folder / "02_thaw_2003.ipynb", as_version=4)
    assert any("Note its verbs" in c.source for c in nb.cells)
    assert notebooks.sync(pair) == []


def test_does_sync_keep_an_edit_made_in_the_notebook_and_drop_its_outputs(folder):
    path = folder / "02_thaw_2003.ipynb"
    nb = nbformat.read(path, as_version=4)
    edited = next(c for c in nb.cells if "Notice its verbs" in c.source)
    edited.source = edited.source.replace("Notice its verbs", "Note its verbs")
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="an output\n")]
    code.execution_count = 1
    nbformat.write(nb, path)
    later = os.stat(folder / "02_thaw_2003.md").st_mtime + 5
    os.utime(path, (later, later))
    [problem] = notebooks.check_pairs((folder,))
    assert "saved after its text" in problem.message
    [pair] = notebooks.pairs((folder,))
    written = notebooks.sync(pair)
    assert len(written) == 2 and written[0].startswith(str(notebooks.display_path(pair.text)))
    text = (folder / "02_thaw_2003.md").read_text("utf-8")
    assert "Note its verbs" in text and "an output" not in text
    regenerated = nbformat.read(path, as_version=4)
    assert any("Note its verbs" in c.source for c in regenerated.cells)
    assert all(c.outputs == [] for c in regenerated.cells if c.cell_type == "code")
    assert notebooks.check_pairs((folder,)) == []


def test_does_check_name_a_missing_half(folder):
    (folder / "02_thaw_2003.ipynb").rename(folder / "lone.ipynb")
    problems = sorted(str(p) for p in notebooks.check_pairs((folder,)))
    assert len(problems) == 2
    assert "02_thaw_2003.md: 02_thaw_2003.ipynb is missing: run `python -m pakru notebooks sync`" in problems[0]
    assert "lone.ipynb: has no text source lone.md" in problems[1]
    for pair in notebooks.pairs((folder,)):
        notebooks.sync(pair)
    assert (folder / "lone.md").exists() and (folder / "02_thaw_2003.ipynb").exists()
    assert not (folder / "GUIDE.ipynb").exists()
    assert notebooks.check_pairs((folder,)) == []


def test_does_check_report_a_text_that_is_not_a_notebook(folder):
    text = folder / "02_thaw_2003.md"
    text.write_text(text.read_text("utf-8").replace("---\n\n#", "---\n\n```{code-cell}\n---\nbad: [\n---\nx\n```\n\n#",
                                                    1), "utf-8")
    problems = notebooks.check_pairs((folder,))
    assert len(problems) == 1 and problems[0].file.endswith("02_thaw_2003.md")


def test_does_the_command_report_the_committed_pairs_in_step(capsys):
    assert notebooks.main(["sync", "--check"]) == 0
    assert capsys.readouterr().err == ""


def test_does_pakru_check_report_a_stale_pair_with_the_fix(project_copy):
    text = project_copy / "notebooks" / "03_talks_2011.md"
    text.write_text(text.read_text("utf-8") + "\nOne more sentence for the class.\n", "utf-8")
    env = {**os.environ, "PAKRU_ROOT": str(project_copy)}
    result = subprocess.run([sys.executable, "-m", "pakru", "check"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert ("notebooks/03_talks_2011.ipynb: differs from its source 03_talks_2011.md: "
            "`python -m pakru notebooks sync` regenerates it") in result.stdout


def _catalogue():
    from pakru.paths import SEEDS_DIR
    from pakru.sources import read_catalogue

    return {entry.id: entry for entry in read_catalogue(SEEDS_DIR)[0]}


def test_a_lessons_rocrate_block_is_what_its_intro_and_the_catalogue_make(folder):
    """The front matter's copy of the intro and of the catalogue is generated, so it cannot go stale."""
    import jupytext

    pair = notebooks.Pair(folder / "02_thaw_2003.md", folder / "02_thaw_2003.ipynb")
    text = pair.text.read_text("utf-8")
    edited = text.replace("went to Moscow (voa-2003 ¶1, latimes-2003 ¶1).",
                          "travelled to Moscow (voa-2003 ¶1, latimes-2003 ¶1).", 1)
    assert edited != text
    pair.text.write_text(edited, "utf-8")
    catalogue = _catalogue()
    nb = jupytext.reads(edited, fmt=notebooks.TEXT_FORMAT)
    from pakru import rocrate

    assert [p.message for p in rocrate.check(pair.text, nb, catalogue)] == [
        "its rocrate metadata is stale (title, intro or catalogue changed): run `python -m pakru notebooks sync`"]
    written = notebooks.sync(pair, catalogue)
    assert any("rocrate" in w for w in written)
    block = nbformat.read(pair.notebook, as_version=4).metadata["rocrate"]
    assert block["description"].startswith("In February 2003 Pakistan's president, Pervez Musharraf, travelled to "
                                           "Moscow. Two reports")
    assert [m["@id"] for m in block["mentions"]] == ["voa-2003", "latimes-2003", "moscowtimes-2011"]
    assert block["mentions"][1]["datePublished"] == str(catalogue["latimes-2003"].date)
    assert rocrate.check(pair.text, jupytext.reads(pair.text.read_text("utf-8"), fmt=notebooks.TEXT_FORMAT),
                         catalogue) == []
