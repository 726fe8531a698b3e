"""Every validation in one call: what `python -m pakru check` runs and the tests reuse."""

from __future__ import annotations

import re

from pakru.corpus import Corpus
from pakru.paths import DATA_DIR, SEEDS_DIR
from pakru.problems import Problem, display_path
from pakru.sources import CATALOGUE, check_manifest


def run_all(seeds_dir=SEEDS_DIR, data_dir=DATA_DIR) -> list[Problem]:
    """Check seeds, catalogue, curated data, question banks and exercises; return every problem."""
    corpus, loading = Corpus.collect(seeds_dir, data_dir)
    problems = one_cause_per_seed(check_manifest(seeds_dir), loading)
    later = check_catalogue_against_texts(corpus)
    later += check_annotations(corpus)
    later += check_banks(corpus)
    later += check_exercises(corpus)
    later += check_lessons(corpus)
    later += check_claims()
    later += check_notebook_pairs()
    later += check_answer_keys()
    return problems + follow_ons(later, unloaded_sources(seeds_dir, corpus))


def one_cause_per_seed(manifest: list[Problem], loading: list[Problem]) -> list[Problem]:
    """The manifest's and the loader's problems, a seed that is both changed and unreadable said in one line.

    A seed that no longer matches SHA256SUMS and no longer decodes is one event (the file was replaced), and
    the two lines gave opposite advice: the loader's (re-save it as UTF-8) would leave it changed.
    """
    unreadable = {p.file for p in loading if p.severity == "error"}
    changed = {p.file for p in manifest if p.file in unreadable and p.message.startswith("differs from its SHA-256")}
    merged = [Problem(p.file, f"{p.message}; but the file also differs from its SHA-256 in SHA256SUMS: it is not "
                      "the original, so restore that instead (e.g. `git checkout seeds/`)", p.line, p.severity)
              if p.file in changed and p.severity == "error" else p for p in loading]
    return [p for p in manifest if p.file not in changed] + merged


def unloaded_sources(seeds_dir, corpus: Corpus) -> dict[str, str]:
    """Catalogued sources that did not load (undecodable, empty or missing file): ``{doc_id: file shown}``."""
    from pakru.sources import read_catalogue

    entries, _ = read_catalogue(seeds_dir)
    return {e.id: display_path(seeds_dir / e.file) for e in entries if e.id not in corpus.documents}


WHOLE_CORPUS = (
    re.compile(r"^entity '[^']*' is mentioned in no source$"),  # pakru.annotate.entities.check
    re.compile(r"^task [^:]+: expected value is empty on the current corpus$"),  # pakru.exercises.validate
    re.compile(r"^task [^:]+: expected value cannot be computed "),  # (the same)
)
"""Findings about the corpus as a whole (something is in no source, a value computed over every source is
empty): with a source missing they name no source, yet may be nothing but its absence, so they are counted
with the sources that did not load. tests/test_cli.py holds each pattern to the message it stands for."""


def follow_ons(problems: list[Problem], unloaded: dict[str, str]) -> list[Problem]:
    """Problems that only repeat that a source did not load become one summary line per source.

    One undecodable seed makes every citation, quotation, question and task that uses it fail too;
    listing each would bury the cause (reported once by the loader) under dozens of consequences.
    Warnings and errors alike are folded; the summary is an error, so check still fails. A problem that
    names a source is counted with that source; a finding about the whole corpus (``WHOLE_CORPUS``) with
    the first source that did not load (it cannot say which missing text would have changed it).
    """
    if not unloaded:
        return problems
    patterns = {doc: re.compile(rf"(?<![\w-]){re.escape(doc)}(?![\w-])") for doc in unloaded}
    kept: list[Problem] = []
    caused: dict[str, list[Problem]] = {doc: [] for doc in unloaded}
    first = next(iter(unloaded))
    for problem in problems:
        doc = next((d for d, pattern in patterns.items() if pattern.search(problem.message)), None)
        if doc is None and any(pattern.search(problem.message) for pattern in WHOLE_CORPUS):
            doc = first
        (caused[doc] if doc else kept).append(problem)
    for doc, found in caused.items():
        if found:
            files = sorted({p.file for p in found})
            listed = ", ".join(files[:4]) + (f" and {len(files) - 4} more" if len(files) > 4 else "")
            kept.append(Problem(unloaded[doc], f"{len(found)} further problem(s) in {listed} come from source "
                                f"{doc} not loading (they cite or use it); fix this file first, then run check "
                                "again"))
    return kept


def check_claims() -> list[Problem]:
    """Teaching prose: every sentence stating a fact cites a passage or names its outside reference."""
    from pakru.claims import check_claims as unmarked_claims

    return unmarked_claims()


def check_catalogue_against_texts(corpus: Corpus) -> list[Problem]:
    """What the text itself says (a date line, an address) must agree with its catalogue card."""
    problems = []
    catalogue = display_path(corpus.seeds_dir / CATALOGUE)
    for doc in corpus.documents.values():
        entry, found = doc.entry, doc.cleaned.metadata
        stated = [_iso(d) for d in found.get("date", [])]
        if entry.date_basis == "stated" and stated and entry.date not in stated:
            problems.append(Problem(catalogue, f"{entry.id}: date {entry.date} is 'stated' but the text says "
                                    f"{', '.join(found['date'])}", entry.line))
        if entry.date_basis == "stated" and not stated:
            problems.append(Problem(catalogue, f"{entry.id}: date_basis is 'stated' but no date line was found in "
                                    "the text; is it inferred?", entry.line, severity="warning"))
        for url in found.get("url", []):
            if entry.url != url:
                problems.append(Problem(catalogue, f"{entry.id}: the text gives the address {url}; put it in `url`",
                                        entry.line))
    return problems


def _iso(text: str) -> str:
    """A date line as ISO (``January 24, 2011`` → ``2011-01-24``); ISO input is returned as is."""
    import datetime as dt

    try:
        return dt.datetime.strptime(text, "%B %d, %Y").date().isoformat()
    except ValueError:
        return text


def check_annotations(corpus: Corpus) -> list[Problem]:
    """Curated YAML (gazetteer, events, quotes, themes) read against the cleaned text."""
    from pakru.annotate import check_all

    return check_all(corpus)


def check_banks(corpus: Corpus) -> list[Problem]:
    """Every question bank: ids, answers, evidence found verbatim, citations that exist; the mix of what they ask."""
    from pakru.quiz import check_all_banks
    from pakru.quiz.mix import check_question_mix

    return check_all_banks(corpus) + check_question_mix()


def check_lessons(corpus: Corpus) -> list[Problem]:
    """Lesson front matter: structure, citations that resolve, quotations verbatim, a notebook per lesson."""
    from pakru.lessons import check_lessons

    return check_lessons(corpus)


def check_notebook_pairs() -> list[Problem]:
    """Each lesson and exercise-source .ipynb is exactly what its MyST .md generates."""
    from pakru.notebooks import check_pairs

    return check_pairs()


def check_exercises(corpus: Corpus) -> list[Problem]:
    """Exercise sources: solution markers, task ids, hints."""
    from pakru.exercises import check_all_exercises

    return check_all_exercises(corpus)


def check_answer_keys(quizzes_dir=None, tasks_dir=None) -> list[Problem]:
    """A quiz question and an exercise task must not share an answer's key (activity id + question id).

    Why: the progress store, the export and the class service keep a learner's latest answer per
    (activity, question); a bank and an exercise are both named after their lesson (``02_thaw_2003``), so a
    question id equal to a task id (``q1``) would make the two answers overwrite each other.
    """
    from pakru.exercises.tasks import load_specs
    from pakru.quiz import bank_files, read_bank_file

    specs = load_specs(tasks_dir) if tasks_dir else load_specs()
    tasks = {exercise: {task.id for task in spec.tasks} for exercise, spec in specs.items()}
    problems = []
    for path in bank_files(quizzes_dir):
        bank, _ = read_bank_file(path)
        for question in bank.questions if bank is not None and bank.id in tasks else []:
            if question.id in tasks[bank.id]:
                problems.append(Problem(display_path(path), f"question {question.id!r} has the id of a task of "
                                        f"exercise {bank.id}: a learner's answers to the two would overwrite each "
                                        "other; rename the question", question.line))
    return problems
