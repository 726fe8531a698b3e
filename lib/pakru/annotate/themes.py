"""Themes measured in the texts by counting their words (data/themes.yaml): crude but open to audit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pakru.annotate.terms import term_pattern
from pakru.problems import Problem, ProblemError, display_path
from pakru.yamlfile import load_section


@dataclass(frozen=True)
class Theme:
    """A theme and the words that count as speaking of it."""

    id: str
    label: str
    terms: tuple[str, ...]


def read_themes(path) -> tuple[list[Theme], list[Problem]]:
    """Read data/themes.yaml; a theme without terms is a Problem with its line."""
    shown = display_path(path)
    section, problems = load_section(path, "themes", dict)
    if problems:
        return [], problems
    themes = []
    for key, item in section.items():
        terms = item.get("terms") if isinstance(item, dict) else None
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t for t in terms):
            problems.append(Problem(shown, f"theme {key!r} needs a non-empty list of terms",
                                    section.line_of(key)))
            continue
        themes.append(Theme(str(key), str(item.get("label", key)), tuple(terms)))
    return themes, problems


def themes(corpus) -> list[Theme]:
    """The corpus's themes (raises ProblemError if the file is broken)."""
    found, problems = read_themes(corpus.data_dir / "themes.yaml")
    if problems:
        raise ProblemError(problems)
    return found


def theme_counts(corpus, per: int = 1000) -> pd.DataFrame:
    """Theme words per ``per`` words of each source (rows: sources in date order; columns: themes).

    Normalising by length lets a short wire report and a long feature be compared.
    """
    patterns = {theme.id: term_pattern(theme.terms, ignore_case_for_lower=True) for theme in themes(corpus)}
    rows = []
    for doc in corpus.documents.values():
        text = " ".join(p.text for p in doc.paragraphs)
        words = max(1, len(text.split()))
        row = {"doc_id": doc.id, "date": doc.entry.date, "words": words}
        for theme_id, pattern in patterns.items():
            row[theme_id] = round(len(pattern.findall(text)) * per / words, 2)
        rows.append(row)
    return pd.DataFrame(rows).set_index("doc_id")


def theme_hits(corpus, theme_id: str) -> pd.DataFrame:
    """Every word counted for one theme, in context, so a count can be checked by reading."""
    theme = next((t for t in themes(corpus) if t.id == theme_id), None)
    if theme is None:
        raise KeyError(f"no theme {theme_id!r}; themes are: {', '.join(t.id for t in themes(corpus))}")
    pattern = term_pattern(theme.terms, ignore_case_for_lower=True)
    return corpus.kwic(pattern.pattern, regex=True, ignore_case=False)


def check(corpus) -> list[Problem]:
    """Theme file problems."""
    return read_themes(corpus.data_dir / "themes.yaml")[1]
