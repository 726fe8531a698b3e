"""Structures read from curated YAML against the cleaned text: quotes, entities, events, themes."""

from __future__ import annotations

from pakru.annotate.reading import CorpusReader
from pakru.problems import Problem


def check_all(corpus: CorpusReader) -> list[Problem]:
    """Validate every curated file against the corpus; return every problem found."""
    from pakru.annotate import entities, events, quotes, themes

    return entities.check(corpus) + events.check(corpus) + quotes.check(corpus) + themes.check(corpus)
