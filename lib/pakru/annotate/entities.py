"""People, places and organisations from the curated gazetteer, counted per paragraph."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pakru.annotate.terms import term_pattern
from pakru.problems import Problem, ProblemError, display_path
from pakru.yamlfile import LineDict, load_section

TYPES = ("person", "place", "organisation")
COLUMNS = ["entity_id", "name", "type", "doc_id", "paragraph", "mentions"]


@dataclass(frozen=True)
class Entity:
    """One gazetteer entry: a person, place or organisation and the words that name it."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    note: str | None = None
    """Background, not from the sources: shown marked as such."""


def read_gazetteer(path: Path) -> tuple[list[Entity], list[Problem]]:
    """Read and validate the gazetteer: unique ids, known types, no alias shared by two entries."""
    shown = display_path(path)
    items, problems = load_section(path, "entities")
    if problems:
        return [], problems
    entities = []
    ids: set[str] = set()
    owner: dict[str, str] = {}
    for item in items:
        line = item.line if isinstance(item, LineDict) else None
        if not isinstance(item, dict) or not {"id", "name", "type", "aliases"} <= set(item):
            problems.append(Problem(shown, "each entity needs id, name, type and aliases", line))
            continue
        if item["type"] not in TYPES:
            problems.append(Problem(shown, f"type must be one of {TYPES}, not {item['type']!r}", line))
            continue
        if item["id"] in ids:
            problems.append(Problem(shown, f"duplicate entity id {item['id']!r}", line))
            continue
        aliases = item["aliases"]
        if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a for a in aliases):
            problems.append(Problem(shown, "aliases must be a non-empty list of words", line))
            continue
        clash = [a for a in aliases if a in owner]
        if clash:
            problems.append(Problem(shown, f"alias {clash[0]!r} already names {owner[clash[0]]!r}", line))
            continue
        ids.add(item["id"])
        owner.update({a: item["id"] for a in aliases})
        entities.append(Entity(item["id"], item["name"], item["type"], tuple(aliases), item.get("note")))
    return entities, problems


@functools.cache
def _gazetteer(path: Path) -> tuple[Entity, ...]:
    entities, problems = read_gazetteer(path)
    if problems:
        raise ProblemError(problems)
    return tuple(entities)


def gazetteer(corpus) -> list[Entity]:
    """The corpus's gazetteer entries (raises ProblemError if the file is broken)."""
    return list(_gazetteer(corpus.data_dir / "gazetteer.yaml"))


def mentions_table(corpus) -> pd.DataFrame:
    """One row per entity per paragraph that mentions it, with the number of mentions."""
    entities = gazetteer(corpus)
    by_alias = {alias: e for e in entities for alias in e.aliases}
    pattern = term_pattern(by_alias)
    counts: dict[tuple[str, str, int], int] = {}
    if pattern is not None:
        for row in corpus.paragraphs.itertuples():
            for match in pattern.finditer(row.text):
                key = (by_alias[match.group()].id, row.doc_id, row.paragraph)
                counts[key] = counts.get(key, 0) + 1
    names = {e.id: e for e in entities}
    rows = [
        {"entity_id": eid, "name": names[eid].name, "type": names[eid].type, "doc_id": doc, "paragraph": n,
         "mentions": count}
        for (eid, doc, n), count in counts.items()
    ]
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["doc_id", "paragraph", "entity_id"],
                                                           ignore_index=True)


def mention_counts(corpus, entity_type: str | None = None) -> pd.DataFrame:
    """Mentions per entity (rows, by name) and source (columns, in date order); zeros included."""
    table = corpus.entities
    if entity_type is not None:
        if entity_type not in TYPES:
            raise ValueError(f"entity_type must be one of {TYPES}, not {entity_type!r}")
        table = table[table["type"] == entity_type]
    pivot = table.pivot_table(index="name", columns="doc_id", values="mentions", aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(columns=list(corpus.documents), fill_value=0)
    pivot = pivot.loc[pivot.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    pivot.columns.name = "doc_id"
    return pivot.astype(int)


def check(corpus) -> list[Problem]:
    """Gazetteer problems, plus a warning for any entity no source mentions."""
    path = corpus.data_dir / "gazetteer.yaml"
    entities, problems = read_gazetteer(path)
    if problems or not corpus.documents:
        return problems
    mentioned = set(corpus.entities["entity_id"])
    return [Problem(display_path(path), f"entity {e.id!r} is mentioned in no source", severity="warning")
            for e in entities if e.id not in mentioned]
