"""Structures read from curated YAML against the cleaned text: quotes, entities, events, themes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pakru.problems import Problem

if TYPE_CHECKING:
    from pakru.corpus import Corpus


def check_all(corpus: Corpus) -> list[Problem]:
    """Validate every curated file against the corpus; return every problem found."""
    from pakru.annotate import entities, events, quotes, themes

    return entities.check(corpus) + events.check(corpus) + quotes.check(corpus) + themes.check(corpus)
