"""Every content file kind: its model and the files that are of that kind. One line per kind.

``python -m pakru.schema`` writes each kind's JSON Schema to ``schemas/<kind>.schema.json``;
tests/schema/test_kinds.py fails when a committed schema is stale or a content file lacks its
``# yaml-language-server: $schema=../schemas/<kind>.schema.json`` first line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pakru.paths import PROJECT_ROOT

SCHEMAS_DIR = PROJECT_ROOT / "schemas"


@dataclass(frozen=True)
class Kind:
    """A content file kind: the model that defines it and glob patterns (from the project root) of its files."""

    name: str
    model: type
    patterns: tuple[str, ...]

    def files(self, root: Path = PROJECT_ROOT) -> list[Path]:
        """The project's files of this kind."""
        return sorted(p for pattern in self.patterns for p in root.glob(pattern))


def kinds() -> dict[str, Kind]:
    """Every file kind, by name. Imports its models only when asked (the generator and the tests ask)."""
    from pakru.annotate.entities import Gazetteer
    from pakru.annotate.events import EventsFile
    from pakru.annotate.quotes import QuotesFile
    from pakru.annotate.themes import ThemesFile
    from pakru.clean import BoilerplateFile
    from pakru.exercises.tasks import ExerciseSpec
    from pakru.lessons import LessonsFile
    from pakru.quiz.bankfile import BankFile
    from pakru.sources import Catalogue

    found = [
        Kind("catalogue", Catalogue, ("seeds/catalogue.yaml",)),
        Kind("lessons", LessonsFile, ("notebooks/lessons.yaml",)),
        Kind("exercise", ExerciseSpec, ("exercises/tasks/*.yaml",)),
        Kind("boilerplate", BoilerplateFile, ("data/boilerplate.yaml",)),
        Kind("events", EventsFile, ("data/events.yaml",)),
        Kind("gazetteer", Gazetteer, ("data/gazetteer.yaml",)),
        Kind("quotes", QuotesFile, ("data/quotes.yaml",)),
        Kind("themes", ThemesFile, ("data/themes.yaml",)),
        Kind("bank", BankFile, ("notebooks/quizzes/*.yaml",)),
    ]
    return {kind.name: kind for kind in found}


def json_schema(kind: Kind) -> str:
    """The JSON Schema text of one kind, as it is committed under schemas/."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{kind.name}.schema.json", **kind.model.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(out: Path = SCHEMAS_DIR) -> list[Path]:
    """Write every kind's JSON Schema; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds().values():
        path = out / f"{kind.name}.schema.json"
        path.write_text(json_schema(kind), encoding="utf-8")
        written.append(path)
    return written
