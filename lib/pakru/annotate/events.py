"""Curated dated events (data/events.yaml); each one cites the paragraphs that report it."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from pydantic import ConfigDict, Field, field_validator, model_validator

from pakru import dates
from pakru.annotate.reading import CorpusReader
from pakru.annotate.themes import theme_ids
from pakru.citations import Citation
from pakru.problems import Problem, ProblemError, display_path
from pakru.schema import DateBasis, IsoDate, Model, Slug, Text, fail, read_items, unique

COLUMNS = ["event_id", "date", "end", "date_precision", "date_basis", "date_reasoning", "title", "theme",
           "doc_id", "paragraph", "evidence", "citations"]


class Cited(Model):
    """One citation of an event, with the words in the paragraph that report it."""

    model_config = ConfigDict(title="citation")

    doc: Slug
    paragraph: Annotated[int, Field(strict=True, ge=1)]
    evidence: Text
    """Words that occur verbatim in that cleaned paragraph."""

    @property
    def citation(self) -> Citation:
        return Citation(self.doc, self.paragraph)


class Event(Model):
    """Something that happened on a date (of some precision), as the sources report it."""

    model_config = ConfigDict(title="event")

    id: Text
    date: IsoDate
    """Its shape is its precision: 1980s, 2015, 2012-10 or 2003-02-05."""
    end: IsoDate | None = None
    """Last date, for a span ("from 1996 to 2001")."""
    date_basis: DateBasis
    date_reasoning: str | None = None
    title: Text
    theme: Text
    """A theme id of data/themes.yaml."""
    cite: Annotated[list[Cited], Field(min_length=1)]

    @model_validator(mode="after")
    def _inferred_needs_reasoning(self) -> Event:
        if self.date_basis == "inferred" and not self.date_reasoning:
            raise fail("an inferred date needs date_reasoning: say from what", "date_basis")
        return self

    @property
    def cites(self) -> list[Cited]:
        return self.cite


class EventsFile(Model):
    """``data/events.yaml``: dated events the sources report, each citing the paragraphs that report it."""

    events: list[Event]

    @field_validator("events")
    @classmethod
    def _unique(cls, events: list[Event]) -> list[Event]:
        return unique(events, "id", "event id")


def read_events(path) -> tuple[list[Event], list[Problem]]:
    """Read data/events.yaml; every malformed field is a Problem with its line."""
    return read_items(path, EventsFile, "events")


def events_table(corpus: CorpusReader) -> pd.DataFrame:
    """One row per event in date order; the first citation in columns, all of them in ``citations``."""
    events, problems = read_events(corpus.data_dir / "events.yaml")
    if problems:
        raise ProblemError(problems)
    rows = []
    for e in events:
        first = e.cites[0]
        rows.append({
            "event_id": e.id, "date": e.date, "end": e.end, "date_precision": dates.precision(e.date),
            "date_basis": e.date_basis, "date_reasoning": e.date_reasoning, "title": e.title, "theme": e.theme,
            "doc_id": first.citation.doc_id, "paragraph": first.citation.paragraph, "evidence": first.evidence,
            "citations": [c.citation for c in e.cites], "_start": dates.start(e.date),
        })
    table = pd.DataFrame(rows, columns=COLUMNS + ["_start"])
    return table.sort_values(["_start", "event_id"], kind="stable").drop(columns="_start").reset_index(drop=True)


def check(corpus: CorpusReader) -> list[Problem]:
    """Event file problems, plus citations that do not resolve or whose evidence is not in the paragraph."""
    path = corpus.data_dir / "events.yaml"
    shown = display_path(path)
    events, problems = read_events(path)
    known = theme_ids(corpus)
    for e in events:
        if known and e.theme not in known:
            problems.append(Problem(shown, f"theme must be one of {', '.join(known)} (data/themes.yaml), "
                                    f"not {e.theme!r}", e.line_of("theme")))
    if not corpus.documents:
        return problems
    for e in events:
        for c in e.cites:
            if not corpus.resolves(c.citation):
                problems.append(Problem(shown, f"event {e.id!r} cites {c.citation}, which does not exist", c.line))
            elif c.evidence not in corpus.cite(c.citation).text:
                problems.append(Problem(shown, f"event {e.id!r}: evidence not found verbatim in {c.citation}",
                                        c.line))
    return problems
