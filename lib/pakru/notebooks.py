"""Notebooks are text: each lesson and exercise source is a MyST Markdown file, its ``.ipynb`` is generated.

The ``.md`` is the source of truth (authors edit it, reviewers read its diff as prose); the ``.ipynb``
beside it is written from it by ``python -m pakru notebooks sync`` for Binder, GitHub's viewer, the
nbclient tests and the student build. The pairing itself is declared for Jupytext in each paired
folder's ``jupytext.toml``, so JupyterLab (with Jupytext installed) saves both files on every save.

``sync`` never loses an edit: when an ``.ipynb`` was saved after its ``.md`` (edited in a notebook
tool without Jupytext), its inputs are first written back into the ``.md``; outputs never are.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from pakru.paths import course
from pakru.problems import Problem, display_path

TEXT_FORMAT = "md:myst"
SYNC = "python -m pakru notebooks sync"


@dataclass(frozen=True)
class Pair:
    """One notebook as text (``.md``, the source) and as JSON (``.ipynb``, generated)."""

    text: Path
    notebook: Path

    @property
    def name(self) -> str:
        return display_path(self.notebook.with_suffix(""))


def _config(folder: Path):
    """The Jupytext settings of a folder: the same file JupyterLab reads, so both write the same text."""
    from jupytext.config import load_jupytext_config

    return load_jupytext_config(str(folder))


def is_text_notebook(path: Path) -> bool:
    """A Markdown file that is a notebook: MyST front matter naming a kernel (guides are plain Markdown)."""
    head = path.read_text("utf-8")[:2000]
    return head.startswith("---\n") and "\nkernelspec:" in head.split("\n---", 1)[0]


def paired_dirs() -> tuple[Path, ...]:
    """The course's folders whose notebooks are paired (each holds the ``jupytext.toml`` that says so).

    Student versions (``exercises/*.ipynb``) are not paired: they are built from the sources and
    learners only ever open the notebook. A student edition drops the lessons' ``jupytext.toml`` (and their
    ``.md``), so its lessons are not paired either."""
    return tuple(f for f in (course().notebooks, course().exercises / "source") if (f / "jupytext.toml").is_file())


def pairs(folders: tuple[Path, ...] | None = None) -> list[Pair]:
    """Every paired notebook in the folders (default: the course's), whether one or both files exist."""
    found: dict[Path, Pair] = {}
    for folder in folders or paired_dirs():
        if not folder.is_dir():  # a student edition has no exercises/source
            continue
        stems = {p.with_suffix("") for p in folder.glob("*.ipynb")}
        stems |= {p.with_suffix("") for p in folder.glob("*.md") if is_text_notebook(p)}
        for stem in stems:
            found[stem] = Pair(stem.with_suffix(".md"), stem.with_suffix(".ipynb"))
    return [found[k] for k in sorted(found)]


def cell_id(stem: str, index: int) -> str:
    """Stable cell ids (``02-05``: lesson 02, cell 5) so the same text always gives the same notebook."""
    prefix = stem[:2] if stem[:2].isdigit() else stem
    return f"{prefix}-{index:02d}"


def notebook_from_text(text: str, stem: str, folder: Path) -> nbformat.NotebookNode:
    """The notebook a MyST text stands for: no outputs, stable ids, no Jupytext bookkeeping."""
    import jupytext

    nb = jupytext.reads(text, fmt=TEXT_FORMAT, config=_config(folder))
    bookkeeping = nb.metadata.pop("jupytext", {})
    kernelspec = nb.metadata.pop("kernelspec", {})
    language_info = {"name": kernelspec.get("language", "python")}
    if bookkeeping.get("default_lexer"):  # ```{code-cell} ipython3: what a running kernel reports
        language_info["pygments_lexer"] = bookkeeping["default_lexer"]
    nb.metadata = {"kernelspec": kernelspec, "language_info": language_info, **nb.metadata}
    nb.nbformat, nb.nbformat_minor = 4, 5
    for index, cell in enumerate(nb.cells):
        cell.id = cell_id(stem, index)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def generated(pair: Pair) -> nbformat.NotebookNode:
    """The notebook the ``.md`` generates, validated (its metadata, ``rocrate`` included, as the text has it)."""
    nb = notebook_from_text(pair.text.read_text("utf-8"), pair.notebook.stem, pair.text.parent)
    nbformat.validate(nb)
    return nb


def notebook_text(pair: Pair, nb: nbformat.NotebookNode | None = None) -> str:
    """The ``.ipynb`` file's exact text as generated from the ``.md`` (from ``nb`` when already generated)."""
    return nbformat.writes(nb if nb is not None else generated(pair)) + "\n"


def text_from_notebook(path: Path) -> str:
    """The MyST text of an ``.ipynb`` (inputs and metadata; never outputs)."""
    import jupytext

    nb = nbformat.read(path, as_version=4)
    # In the order JupyterLab writes it once a kernel runs, so saving there leaves the text as it is.
    spec = nb.metadata.get("kernelspec", {})
    nb.metadata["kernelspec"] = {k: spec[k] for k in ("name", "display_name", "language") if k in spec} | spec
    return jupytext.writes(nb, fmt=TEXT_FORMAT, config=_config(path.parent))


def _catalogue() -> dict:
    """The catalogue cards by id (what a lesson's ``rocrate`` block repeats); empty when it has problems."""
    from pakru.sources import read_catalogue

    entries, _ = read_catalogue(course().seeds)
    return {entry.id: entry for entry in entries}


def stamp_text(pair: Pair, catalogue: dict) -> str:
    """The ``.md`` text with its lesson's ``rocrate`` block made afresh (``pakru.rocrate``), as Jupytext writes it."""
    import jupytext

    from pakru import rocrate

    text = pair.text.read_text("utf-8")
    nb = jupytext.reads(text, fmt=TEXT_FORMAT, config=_config(pair.text.parent))
    before = dict(nb.metadata.get("rocrate", {}))
    rocrate.stamped(nb, catalogue)
    if nb.metadata.get("rocrate", {}) == before:
        return text
    return jupytext.writes(nb, fmt=TEXT_FORMAT, config=_config(pair.text.parent))


def check_pairs(folders: tuple[Path, ...] | None = None) -> list[Problem]:
    """Each paired ``.ipynb`` equals what its ``.md`` generates, and a lesson's ``rocrate`` block is current;
    name the file and the command that fixes it."""
    from pakru import rocrate

    problems = []
    catalogue = _catalogue()
    for pair in pairs(folders):
        if not pair.text.exists():
            problems.append(Problem(display_path(pair.notebook), f"has no text source {pair.text.name}: run `{SYNC}` "
                                                                 "to write it from the notebook"))
            continue
        try:
            nb, unreadable = generated(pair), None
        except Exception as exc:  # jupytext/nbformat raise many types for a broken text; all mean "fix it"
            nb, unreadable = None, exc
        if nb is not None and catalogue:
            problems += rocrate.check(pair.text, nb, catalogue)
        if not pair.notebook.exists():
            problems.append(Problem(display_path(pair.text), f"{pair.notebook.name} is missing: run `{SYNC}`"))
        elif nb is None:
            problems.append(Problem(display_path(pair.text), f"cannot be read as a notebook: "
                                                             f"{type(unreadable).__name__}: {str(unreadable)[:200]}"))
        else:
            expected = notebook_text(pair, nb)
            if pair.notebook.read_text("utf-8") != expected:
                newer = pair.notebook.stat().st_mtime > pair.text.stat().st_mtime
                fix = (f"the notebook was saved after its text; `{SYNC}` copies its inputs into {pair.text.name}"
                       if newer else f"`{SYNC}` regenerates it from {pair.text.name}")
                problems.append(Problem(display_path(pair.notebook),
                                        f"differs from its source {pair.text.name}: {fix}"))
    return problems


def sync(pair: Pair, catalogue: dict | None = None) -> list[str]:
    """Bring one pair in step (the lesson's ``rocrate`` block stamped first); return what was written."""
    catalogue = _catalogue() if catalogue is None else catalogue
    written = []
    edited_as_notebook = pair.notebook.exists() and (
        not pair.text.exists() or (pair.notebook.stat().st_mtime > pair.text.stat().st_mtime and
                                   pair.notebook.read_text("utf-8") != notebook_text(pair)))
    if edited_as_notebook:
        text = text_from_notebook(pair.notebook)
        if not pair.text.exists() or pair.text.read_text("utf-8") != text:
            pair.text.write_text(text, encoding="utf-8")
            written.append(f"{display_path(pair.text)} (inputs of {pair.notebook.name}, which was newer)")
    if pair.text.exists() and catalogue:
        text = stamp_text(pair, catalogue)
        if text != pair.text.read_text("utf-8"):
            pair.text.write_text(text, encoding="utf-8")
            written.append(f"{display_path(pair.text)} (its rocrate metadata, from its intro and the catalogue)")
    generated = notebook_text(pair)
    if not pair.notebook.exists() or pair.notebook.read_text("utf-8") != generated:
        pair.notebook.write_text(generated, encoding="utf-8")
        written.append(f"{display_path(pair.notebook)} (from {pair.text.name})")
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m pakru notebooks sync [--check]``; exit 1 when ``--check`` finds a pair out of step."""
    parser = argparse.ArgumentParser(prog="python -m pakru notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["sync"], help="write each .ipynb from its .md (or a newer .ipynb's "
                                                         "inputs back into the .md first)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a pair is out of step")
    args = parser.parse_args(argv)
    if args.check:
        problems = check_pairs()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    catalogue = _catalogue()
    for pair in pairs():
        for written in sync(pair, catalogue):
            print(f"wrote {written}")
    return 0
