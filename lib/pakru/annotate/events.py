"""Curated dated events (data/events.yaml); each one cites the paragraphs that report it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pakru import dates
from pakru.citations import Citation
from pakru.problems import Problem, ProblemError, display_path
from pakru.yamlfile import LineDict, load_section

THEMES = ("cold-war", "diplomacy", "defence", "terrorism", "afghanistan", "india", "united-states", "trade-energy")
BASES = ("stated", "inferred")
COLUMNS = ["event_id", "date", "end", "date_precision", "date_basis", "date_reasoning", "title", "theme",
           "doc_id", "paragraph", "evidence", "citations"]


@dataclass(frozen=True)
class Cited:
    """One citation of an event, with the words in the paragraph that report it."""

    citation: Citation
    evidence: str
    line: int | None


@dataclass(frozen=True)
class Event:
    """Something that happened on a date (of some precision), as the sources report it."""

    id: str
    date: str
    date_basis: str
    title: str
    theme: str
    cites: tuple[Cited, ...]
    end: str | None = None
    date_reasoning: str | None = None
    line: int | None = None


def read_events(path) -> tuple[list[Event], list[Problem]]:
    """Read data/events.yaml; every malformed field is a Problem with its line."""
    shown = display_path(path)
    items, problems = load_section(path, "events")
    if problems:
        return [], problems
    events, ids = [], set()
    for item in items:
        if not isinstance(item, LineDict):
            problems.append(Problem(shown, "each event must be a mapping", None))
            continue
        found = _event_problems(item, shown, ids)
        problems += found
        if found:
            continue
        ids.add(item["id"])
        cites = tuple(Cited(Citation(str(c["doc"]), c["paragraph"]), str(c["evidence"]), c.line)
                      for c in item["cite"])
        events.append(Event(str(item["id"]), str(item["date"]), item["date_basis"], str(item["title"]),
                            item["theme"], cites, _opt(item.get("end")), _opt(item.get("date_reasoning")),
                            item.line))
    return events, problems


def _opt(value) -> str | None:
    return None if value is None else str(value)


def _event_problems(item: LineDict, shown: str, ids: set[str]) -> list[Problem]:
    missing = [k for k in ("id", "date", "date_basis", "title", "theme", "cite") if k not in item]
    if missing:
        return [Problem(shown, f"event is missing {', '.join(missing)}", item.line)]
    problems = []
    if item["id"] in ids:
        problems.append(Problem(shown, f"duplicate event id {item['id']!r}", item.line_of("id")))
    for key in ("date", "end"):
        if key in item and not dates.is_valid(str(item[key])):
            problems.append(Problem(shown, f"malformed {key} {item[key]!r}: use YYYY-MM-DD, YYYY-MM, \"YYYY\" "
                                    "or a decade like 1980s", item.line_of(key)))
    if item["date_basis"] not in BASES:
        problems.append(Problem(shown, f"date_basis must be one of {BASES}", item.line_of("date_basis")))
    elif item["date_basis"] == "inferred" and not item.get("date_reasoning"):
        problems.append(Problem(shown, "an inferred date needs date_reasoning: say from what",
                                item.line_of("date_basis")))
    if item["theme"] not in THEMES:
        problems.append(Problem(shown, f"theme must be one of {THEMES}, not {item['theme']!r}",
                                item.line_of("theme")))
    cites = item["cite"]
    if not isinstance(cites, list) or not cites:
        problems.append(Problem(shown, "an event must cite at least one paragraph", item.line_of("cite")))
    else:
        for c in cites:
            if not isinstance(c, LineDict) or not {"doc", "paragraph", "evidence"} <= set(c) \
                    or not isinstance(c["paragraph"], int):
                problems.append(Problem(shown, "each citation needs doc, paragraph (a number) and evidence",
                                        getattr(c, "line", item.line_of("cite"))))
    return problems


def events_table(corpus) -> pd.DataFrame:
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


def check(corpus) -> list[Problem]:
    """Event file problems, plus citations that do not resolve or whose evidence is not in the paragraph."""
    path = corpus.data_dir / "events.yaml"
    shown = display_path(path)
    events, problems = read_events(path)
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
