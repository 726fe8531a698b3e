"""People, places and organisations from the curated gazetteer, counted per paragraph."""

from __future__ import annotations

import functools
import typing
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import ConfigDict, Field, field_validator

from pakru.annotate.reading import CorpusReader
from pakru.annotate.terms import term_pattern
from pakru.problems import Problem, ProblemError, display_path
from pakru.schema import Model, Text, fail, read_items, unique

EntityType = Literal["person", "place", "organisation"]
TYPES = typing.get_args(EntityType)
COLUMNS = ["entity_id", "name", "type", "doc_id", "paragraph", "mentions"]


class Entity(Model):
    """One gazetteer entry: a person, place or organisation and the words that name it."""

    model_config = ConfigDict(title="entity")

    id: Text
    name: Text
    type: EntityType
    aliases: Annotated[list[Text], Field(min_length=1)]
    """Matched as whole words, case-sensitively, longest first."""
    note: str | None = None
    """Background, not from the sources: shown marked as such."""


class Gazetteer(Model):
    """``data/gazetteer.yaml``: the people, places and organisations we count in the sources."""

    entities: list[Entity]

    @field_validator("entities")
    @classmethod
    def _one_owner_per_alias(cls, entities: list[Entity]) -> list[Entity]:
        unique(entities, "id", "entity id")
        owner: dict[str, str] = {}
        for index, entity in enumerate(entities):
            clash = [a for a in entity.aliases if a in owner]
            if clash:
                raise fail(f"alias {clash[0]!r} already names {owner[clash[0]]!r}", index, "aliases")
            owner.update({a: entity.id for a in entity.aliases})
        return entities


def read_gazetteer(path: Path) -> tuple[list[Entity], list[Problem]]:
    """Read and validate the gazetteer: unique ids, known types, no alias shared by two entries."""
    return read_items(path, Gazetteer, "entities")


@functools.cache
def _gazetteer(path: Path) -> tuple[Entity, ...]:
    entities, problems = read_gazetteer(path)
    if problems:
        raise ProblemError(problems)
    return tuple(entities)


def gazetteer(corpus: CorpusReader) -> list[Entity]:
    """The corpus's gazetteer entries (raises ProblemError if the file is broken)."""
    return list(_gazetteer(corpus.data_dir / "gazetteer.yaml"))


def mentions_table(corpus: CorpusReader) -> pd.DataFrame:
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


def mention_counts(corpus: CorpusReader, entity_type: str | None = None) -> pd.DataFrame:
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


def check(corpus: CorpusReader) -> list[Problem]:
    """Gazetteer problems, plus a warning for any entity no source mentions."""
    path = corpus.data_dir / "gazetteer.yaml"
    entities, problems = read_gazetteer(path)
    if problems or not corpus.documents:
        return problems
    mentioned = set(corpus.entities["entity_id"])
    return [Problem(display_path(path), f"entity {e.id!r} is mentioned in no source", severity="warning")
            for e in entities if e.id not in mentioned]
