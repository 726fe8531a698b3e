"""Themes measured in the texts by counting their words (data/themes.yaml): crude but open to audit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pydantic import ConfigDict

from pakru.annotate.reading import CorpusReader
from pakru.annotate.terms import term_pattern
from pakru.problems import Problem, ProblemError
from pakru.schema import Model, Text, read


class ThemeEntry(Model):
    """A theme: its label and the words that count as speaking of it (none: used to tag events, not counted)."""

    model_config = ConfigDict(title="theme")

    label: Text
    terms: list[Text] = []
    """Whole words or phrases; a term with capitals (US) matches as written, a lower-case one in any case."""


class ThemesFile(Model):
    """``data/themes.yaml``: the one list of themes; events are tagged with them, counts measure some of them."""

    themes: dict[str, ThemeEntry]


@dataclass(frozen=True)
class Theme:
    """A theme and the words that count as speaking of it."""

    id: str
    label: str
    terms: tuple[str, ...]


def read_themes(path) -> tuple[list[Theme], list[Problem]]:
    """Read data/themes.yaml; each fault is a Problem with its line."""
    found, problems = read(path, ThemesFile)
    if found is None:
        return [], problems
    return [Theme(key, entry.label, tuple(entry.terms)) for key, entry in found.themes.items()], []


def themes(corpus: CorpusReader) -> list[Theme]:
    """Every theme of the corpus (raises ProblemError if the file is broken)."""
    found, problems = read_themes(corpus.data_dir / "themes.yaml")
    if problems:
        raise ProblemError(problems)
    return found


def theme_ids(corpus: CorpusReader) -> list[str]:
    """The ids of the themes; empty when the themes file cannot be read (its own check reports why)."""
    return [t.id for t in read_themes(corpus.data_dir / "themes.yaml")[0]]


def counted_themes(corpus: CorpusReader) -> list[Theme]:
    """The themes measured by counting words (those with terms)."""
    return [t for t in themes(corpus) if t.terms]


def theme_counts(corpus: CorpusReader, per: int = 1000) -> pd.DataFrame:
    """Theme words per ``per`` words of each source (rows: sources in date order; columns: themes).

    Normalising by length lets a short wire report and a long feature be compared.
    """
    patterns = {theme.id: term_pattern(theme.terms, ignore_case_for_lower=True) for theme in counted_themes(corpus)}
    rows = []
    for doc in corpus.documents.values():
        text = " ".join(p.text for p in doc.paragraphs)
        words = max(1, len(text.split()))
        row = {"doc_id": doc.id, "date": doc.entry.date, "words": words}
        for theme_id, pattern in patterns.items():
            row[theme_id] = round(len(pattern.findall(text)) * per / words, 2)
        rows.append(row)
    return pd.DataFrame(rows).set_index("doc_id")


def theme_hits(corpus: CorpusReader, theme_id: str) -> pd.DataFrame:
    """Every word counted for one theme, in context, so a count can be checked by reading."""
    theme = next((t for t in counted_themes(corpus) if t.id == theme_id), None)
    if theme is None:
        raise KeyError(f"no counted theme {theme_id!r}; they are: {', '.join(t.id for t in counted_themes(corpus))}")
    pattern = term_pattern(theme.terms, ignore_case_for_lower=True)
    return corpus.kwic(pattern.pattern, regex=True, ignore_case=False)


def check(corpus: CorpusReader) -> list[Problem]:
    """Theme file problems."""
    return read_themes(corpus.data_dir / "themes.yaml")[1]
