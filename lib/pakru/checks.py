"""Every validation in one call: what `python -m pakru check` runs and the tests reuse."""

from __future__ import annotations

from pakru.corpus import Corpus
from pakru.paths import DATA_DIR, SEEDS_DIR
from pakru.problems import Problem
from pakru.sources import check_manifest


def run_all(seeds_dir=SEEDS_DIR, data_dir=DATA_DIR) -> list[Problem]:
    """Check seeds, catalogue, curated data, question banks and exercises; return every problem."""
    problems = check_manifest(seeds_dir)
    corpus, loading = Corpus.collect(seeds_dir, data_dir)
    problems += loading
    problems += check_annotations(corpus)
    problems += check_banks(corpus)
    problems += check_exercises(corpus)
    return problems


def check_annotations(corpus: Corpus) -> list[Problem]:
    """Curated YAML (gazetteer, events, quotes, themes) read against the cleaned text."""
    from pakru.annotate import check_all

    return check_all(corpus)


def check_banks(corpus: Corpus) -> list[Problem]:
    """Every question bank: ids, answers, evidence found verbatim, citations that exist."""
    from pakru.quiz import check_all_banks

    return check_all_banks(corpus)


def check_exercises(corpus: Corpus) -> list[Problem]:
    """Exercise sources: solution markers, task ids, hints."""
    from pakru.exercises import check_all_exercises

    return check_all_exercises(corpus)
