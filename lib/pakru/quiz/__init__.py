"""Quizzes: question banks (YAML, or jupyterquiz JSON) shown as ipywidgets, answers saved at once.

In a notebook, one line: ``quiz.show("02_thaw_2003")``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pakru.paths import QUIZZES_DIR
from pakru.problems import Problem, ProblemError, display_path, errors
from pakru.quiz.banks import check_evidence, read_yaml_bank, resolve_events
from pakru.quiz.jupyterquiz import read_json_bank
from pakru.quiz.model import Bank

if TYPE_CHECKING:
    from pakru.corpus import Corpus

SUFFIXES = (".yaml", ".yml", ".json")

__all__ = ["Bank", "bank_files", "bank_path", "check_all_banks", "check_bank", "load_bank", "read_bank_file", "show"]


def bank_files(folder: Path | None = None) -> list[Path]:
    """Every bank file in a folder (default: notebooks/quizzes/), sorted; none when there is no such folder."""
    folder = folder or QUIZZES_DIR
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()) if folder.is_dir() else []


def read_bank_file(path: Path) -> tuple[Bank | None, list[Problem]]:
    """One bank as its file says (jupyterquiz JSON or YAML), not yet checked against the corpus."""
    return read_json_bank(path) if path.suffix == ".json" else read_yaml_bank(path)


def bank_path(ref: str | Path, folder: Path | None = None) -> Path:
    """A bank id (``02_thaw_2003``, looked up in notebooks/quizzes/) or a path to a bank file."""
    folder = folder or QUIZZES_DIR
    path = Path(ref)
    if path.suffix in SUFFIXES or len(path.parts) > 1:
        return path
    for suffix in SUFFIXES:
        if (folder / f"{ref}{suffix}").exists():
            return folder / f"{ref}{suffix}"
    known = sorted(p.stem for p in folder.glob("*") if p.suffix in SUFFIXES) if folder.is_dir() else []
    raise ProblemError([Problem(display_path(folder), f"no bank {str(ref)!r}; banks here: "
                                f"{', '.join(known) or 'none'}")])


def check_bank(path: Path, corpus: Corpus) -> tuple[Bank | None, list[Problem]]:
    """Read one bank and check it against the corpus; return it (if readable) and every problem."""
    if not path.exists():
        return None, [Problem(display_path(path), "bank file not found")]
    bank, problems = read_bank_file(path)
    if bank is not None and corpus is not None and path.suffix != ".json":
        problems += resolve_events(bank, corpus)  # first: chronologies without evidence take their events'
        problems += check_evidence(bank, corpus)
    return bank, problems


def load_bank(ref: str | Path, corpus: Corpus | None = None) -> Bank:
    """Load a bank by id or path, fully checked; raise ProblemError listing every problem."""
    path = bank_path(ref)
    if corpus is None and path.suffix != ".json":
        from pakru.corpus import load

        corpus = load()
    bank, problems = check_bank(path, corpus)
    if bank is None or errors(problems):
        raise ProblemError(errors(problems) or problems)
    return bank


def check_all_banks(corpus: Corpus, folder: Path | None = None) -> list[Problem]:
    """Validate every bank in notebooks/quizzes/ (YAML and JSON); what ``python -m pakru check`` runs."""
    problems: list[Problem] = []
    for path in bank_files(folder):
        problems += check_bank(path, corpus)[1]
    return problems


def show(bank: str | Path, learner: str | None = None, store: Any = None, shuffle_seed: object = None,
         corpus: Corpus | None = None) -> Any:
    """The quiz for a bank id or path, as ipywidgets; previous answers of this learner come back.

    ``learner`` and ``store`` default to ``$PAKRU_LEARNER`` and ``$PAKRU_PROGRESS_DIR`` (see pakru.progress);
    ``shuffle_seed`` changes the (per-learner, stable) option order.
    """
    from pakru.kernelstore import kernel_store
    from pakru.quiz.widgets import Quiz

    loaded = load_bank(bank, corpus)
    if store is None:
        store = kernel_store(learner)
    return Quiz(loaded, store, corpus, shuffle_seed)
