"""What a task expects, computed from the corpus at check time, so no answer is stored as text.

A task file names one of these with its parameters, e.g. ``expected: {paragraphs: {contains: Soviet}}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from pakru import dates
from pakru.corpus import Corpus


def paragraphs(corpus: Corpus, contains: str, doc_id: str | None = None, case: bool = True) -> pd.DataFrame:
    """Paragraphs whose text contains a string (optionally in one source, optionally ignoring case)."""
    table = corpus.paragraphs
    if doc_id:
        table = table[table["doc_id"] == doc_id]
    return table[table["text"].str.contains(contains, case=case, regex=False)]


def kwic(corpus: Corpus, term: str, doc_id: str | None = None) -> pd.DataFrame:
    """Keyword-in-context rows for a term, as ``corpus.kwic`` gives them."""
    table = corpus.kwic(term)
    return table[table["doc_id"] == doc_id] if doc_id else table


def kwic_counts(corpus: Corpus, term: str, regex: bool = False) -> pd.Series:
    """How many times a term occurs in each source (``regex: true`` for a pattern such as ``Soviets?``)."""
    return corpus.kwic(term, regex=regex).groupby("doc_id").size()


def paragraph_counts(corpus: Corpus) -> pd.Series:
    """How many cleaned paragraphs each source has."""
    return corpus.paragraphs.groupby("doc_id").size()


def most_paragraphs(corpus: Corpus) -> str:
    """The id of the source with the most paragraphs."""
    return str(paragraph_counts(corpus).idxmax())


def quotes(corpus: Corpus, person_id: str | None = None, doc_id: str | None = None,
           contains: str | None = None) -> pd.DataFrame:
    """Quotations, optionally by one person, in one source, or containing a word."""
    table = corpus.quotes
    if person_id:
        table = table[table["person_id"] == person_id]
    if doc_id:
        table = table[table["doc_id"] == doc_id]
    if contains:
        table = table[table["quote"].str.contains(rf"\b{re.escape(contains)}\b", regex=True)]
    return table


def speakers(corpus: Corpus, doc_id: str) -> list[str]:
    """The distinct people quoted in one source, as ``person_id`` values."""
    return sorted(set(quotes(corpus, doc_id=doc_id)["person_id"].dropna()))


def events(corpus: Corpus, start: int, end: int) -> pd.DataFrame:
    """Dated events whose date falls in the years ``start`` to ``end`` (inclusive)."""
    table = corpus.events
    years = table["date"].map(lambda d: dates.start(str(d)).year)
    return table[(years >= start) & (years <= end)]


def mentions(corpus: Corpus, names: list[str]) -> pd.DataFrame:
    """Mentions of some entities, by gazetteer name (rows), in each source (columns), zeros included."""
    return corpus.mention_counts().reindex(names).fillna(0)


EXPECTED: dict[str, Callable[..., object]] = {
    "paragraphs": paragraphs,
    "kwic": kwic,
    "kwic_counts": kwic_counts,
    "paragraph_counts": paragraph_counts,
    "most_paragraphs": most_paragraphs,
    "quotes": quotes,
    "speakers": speakers,
    "events": events,
    "mentions": mentions,
}
"""The computations a task file may name."""


def compute(corpus: Corpus, spec: dict) -> object:
    """Run the computation a task file names: ``{name: {param: value}}``."""
    (name, params), = spec.items()
    return EXPECTED[name](corpus, **(params or {}))
