"""Every content file kind (``FileKind``): its model and the files that are of that kind. One line per file kind.

``python -m pakru.schema`` writes each file kind's JSON Schema to ``schemas/<file kind>.schema.json``;
tests/schema/test_kinds.py fails when a committed schema is stale or a content file lacks its
``# yaml-language-server: $schema=../schemas/<file kind>.schema.json`` first line.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from pakru.paths import PROJECT_ROOT

SCHEMAS_DIR = PROJECT_ROOT / "schemas"


@dataclass(frozen=True)
class FileKind:
    """A content file kind: the model that defines it and glob patterns (from the project root) of its files."""

    name: str
    model: type
    patterns: tuple[str, ...]

    def files(self, root: Path = PROJECT_ROOT) -> list[Path]:
        """The project's files of this file kind."""
        return sorted(p for pattern in self.patterns for p in root.glob(pattern))


def file_kinds() -> dict[str, FileKind]:
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
        FileKind("catalogue", Catalogue, ("seeds/catalogue.yaml",)),
        FileKind("lessons", LessonsFile, ("notebooks/lessons.yaml",)),
        FileKind("exercise", ExerciseSpec, ("exercises/tasks/*.yaml",)),
        FileKind("boilerplate", BoilerplateFile, ("data/boilerplate.yaml",)),
        FileKind("events", EventsFile, ("data/events.yaml",)),
        FileKind("gazetteer", Gazetteer, ("data/gazetteer.yaml",)),
        FileKind("quotes", QuotesFile, ("data/quotes.yaml",)),
        FileKind("themes", ThemesFile, ("data/themes.yaml",)),
        FileKind("bank", BankFile, ("notebooks/quizzes/*.yaml",)),
    ]
    return {file_kind.name: file_kind for file_kind in found}


def json_schema(file_kind: FileKind) -> str:
    """The JSON Schema text of one file kind, as it is committed under schemas/.

    A field's docstring (the string under it in the model) becomes its ``description``, which editors show
    on hover. It is read here rather than by pydantic (``use_attribute_docstrings``), which would read the
    source of every model each time a lesson starts.
    """
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{file_kind.name}.schema.json", **file_kind.model.model_json_schema()}
    for model in _models(file_kind.model):
        where = schema if model is file_kind.model else schema.get("$defs", {}).get(model.__name__, {})
        for field, text in _field_docs(model).items():
            props = where.get("properties", {})
            if field in props:  # the field's own words win over its type's, as with pydantic's docstrings
                props[field] = dict(sorted({**props[field], "description": text}.items()))  # pydantic's key order
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _models(model: type, seen: list | None = None) -> list[type]:
    """The model and every model its fields hold (through lists, dicts, unions and Annotated)."""
    seen = [] if seen is None else seen
    if model in seen:
        return seen
    seen.append(model)
    stack = [f.annotation for f in model.model_fields.values()]
    while stack:
        annotation = stack.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _models(annotation, seen)
        else:
            stack += [a for a in typing.get_args(annotation) if not isinstance(a, str | int | float | bool)]
    return seen


def _field_docs(model: type) -> dict[str, str]:
    """``{field: docstring}`` for the fields of ``model`` and the models it inherits from."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls.__module__.startswith("pydantic"):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        except (OSError, TypeError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for stmt, after in zip(body, body[1:], strict=False):
            if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                docs[stmt.target.id] = inspect.cleandoc(after.value.value)
    return docs


def write_schemas(out: Path = SCHEMAS_DIR) -> list[Path]:
    """Write every file kind's JSON Schema; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file_kind in file_kinds().values():
        path = out / f"{file_kind.name}.schema.json"
        path.write_text(json_schema(file_kind), encoding="utf-8")
        written.append(path)
    return written
