"""Quotations found in the text, with who speaks them as the text says (data/quotes.yaml)."""

from __future__ import annotations

import re
from typing import Annotated

import pandas as pd
from pydantic import ConfigDict, Field

from pakru.annotate.reading import CorpusReader
from pakru.problems import Problem, ProblemError, display_path
from pakru.schema import Model, Slug, Text, read_items

QUOTATION = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
"""Text between typographic or straight double quotation marks, within one paragraph."""
COLUMNS = ["doc_id", "paragraph", "quote", "speaker", "role", "person_id", "note", "start", "end"]
UNATTRIBUTED = "(not yet attributed)"


class Attribution(Model):
    """Who speaks a quotation: the curated answer, checked against the text."""

    model_config = ConfigDict(title="quote")

    doc: Slug
    paragraph: Annotated[int, Field(strict=True, ge=1)]
    starts: Text
    """The opening words of the quotation inside its paragraph."""
    speaker: Text
    person: str | None = None
    """A gazetteer id, when the speaker is named."""
    role: str | None = None
    """Copied verbatim from the same source, or null where the text gives none."""
    note: str | None = None


class QuotesFile(Model):
    """``data/quotes.yaml``: who speaks in each quotation, as the text says it."""

    quotes: list[Attribution]


def read_attributions(path) -> tuple[list[Attribution], list[Problem]]:
    """Read data/quotes.yaml; each malformed entry is a Problem with its line."""
    return read_items(path, QuotesFile, "quotes")


def find_quotations(text: str) -> list[tuple[str, int, int]]:
    """Every quotation in a paragraph: its words (without the marks) and its span.

    >>> find_quotations('He said “no” and "yes".')
    [('no', 8, 12), ('yes', 17, 22)]
    """
    return [(m.group(1) or m.group(2), m.start(), m.end()) for m in QUOTATION.finditer(text)]


def _match(attributions: list[Attribution], doc: str, paragraph: int, quote: str) -> Attribution | None:
    for a in attributions:
        if a.doc == doc and a.paragraph == paragraph and quote.startswith(a.starts):
            return a
    return None


def quotes_table(corpus: CorpusReader) -> pd.DataFrame:
    """One row per quotation, with speaker and role (``(not yet attributed)`` where none is curated)."""
    attributions, problems = read_attributions(corpus.data_dir / "quotes.yaml")
    if problems:
        raise ProblemError(problems)
    rows = []
    for row in corpus.paragraphs.itertuples():
        for quote, start, end in find_quotations(row.text):
            a = _match(attributions, row.doc_id, row.paragraph, quote)
            rows.append({
                "doc_id": row.doc_id, "paragraph": row.paragraph, "quote": quote,
                "speaker": a.speaker if a else UNATTRIBUTED, "role": a.role if a else None,
                "person_id": a.person if a else None, "note": a.note if a else None,
                "start": start, "end": end,
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def check(corpus: CorpusReader) -> list[Problem]:
    """Every attribution must fit a quotation in the text, its role must be the text's own words,
    its person must be in the gazetteer; a quotation without attribution is a warning."""
    from pakru.annotate.entities import read_gazetteer

    path = corpus.data_dir / "quotes.yaml"
    shown = display_path(path)
    attributions, problems = read_attributions(path)
    if problems or not corpus.documents:
        return problems
    people = {e.id for e in read_gazetteer(corpus.data_dir / "gazetteer.yaml")[0]}
    for a in attributions:
        if a.doc not in corpus.documents:
            problems.append(Problem(shown, f"no source {a.doc!r}", a.line))
            continue
        doc = corpus.documents[a.doc]
        if not 1 <= a.paragraph <= len(doc.paragraphs):
            problems.append(Problem(shown, f"{a.doc} has no paragraph {a.paragraph}", a.line))
            continue
        quotes = [q for q, _, _ in find_quotations(doc.paragraph(a.paragraph).text)]
        if not any(q.startswith(a.starts) for q in quotes):
            problems.append(Problem(shown, f"no quotation starting {a.starts!r} in {a.doc} ¶{a.paragraph}", a.line))
        if a.role and not any(a.role in p.text for p in doc.paragraphs):
            problems.append(Problem(shown, f"role {a.role!r} is not the text's own words in {a.doc}",
                                    a.line_of("role")))
        if a.person and a.person not in people:
            problems.append(Problem(shown, f"person {a.person!r} is not in data/gazetteer.yaml", a.line))
    for row in corpus.quotes.itertuples():
        if row.speaker == UNATTRIBUTED:
            problems.append(Problem(shown, f"quotation in {row.doc_id} ¶{row.paragraph} (“{row.quote[:40]}…”) "
                                    "has no speaker here yet", severity="warning"))
    return problems
