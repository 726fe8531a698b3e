"""One schema layer: each content file kind is a pydantic model, and this module turns it into problems.

A file kind is defined once, as a typed model (``class Catalogue(Model)``). That model is at the same time

- the validation: ``read(path, Catalogue)`` loads the YAML with line marks, validates it, and maps every
  validation error's location (``("sources", 2, "date")``) back to the line of that YAML node, so a
  problem reads ``seeds/catalogue.yaml:57: malformed date '24/01/2011' ...``;
- the typed objects the code uses (``catalogue.sources[0].date``; ``.line`` / ``.line_of(key)`` say where
  each object and field sits in its file, for cross-file checks that run later);
- the JSON Schema published under ``schemas/`` (``python -m pakru.schema``), which authors' editors use
  through the ``# yaml-language-server: $schema=...`` line at the top of each file.

Rules that need more than one file (a citation resolves, evidence is verbatim in the cited paragraph) are
not here: they are named checks on the typed objects, in the module that owns the file kind.

Why pydantic rather than JSON Schema files checked by ``jsonschema``: a pydantic model is also the typed
object the code reads (jsonschema would validate dicts and leave us to write the dataclasses again), its
validators hold the few rules JSON Schema cannot say (a date that exists, a regular expression that
compiles, a task id equal to its file name), and it writes the JSON Schema for editors from the same class.
"""

from __future__ import annotations

import os
import re
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pakru import citations, dates, usercache
from pakru.citations import Citation
from pakru.problems import Problem, ProblemError, display_path
from pakru.schema import stored
from pakru.yamlfile import LineDict, load_yaml

M = TypeVar("M", bound="Model")

# Our models use no pydantic plugin. Without this, the first model built scans every installed package's entry
# points for plugins, a cost each lesson would pay at start-up. A learner who uses a plugin sets the variable.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__all__ = [
    "Model", "fail", "read", "read_items", "load", "validate", "unique",
    "Text", "Slug", "IsoDate", "DateBasis", "Cite", "Regex",
    "SCHEMA_COMMENT", "schema_comment", "cache_name", "cached", "keep",
]


class Model(BaseModel):
    """Base of every content-file model: unknown fields are errors, objects are immutable, and each object
    remembers the line of the YAML mapping it came from (``.line``) and of each key (``.line_of(key)``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)

    _line: int | None = PrivateAttr(default=None)
    _key_lines: dict[str, int] | None = PrivateAttr(default=None)
    # (a plain default, not default_factory: pydantic inspects a factory's signature on every instance,
    # which was most of the time of validating a large quiz bank)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_lines(cls, data: Any, handler: Any) -> Any:
        made = handler(data)
        if isinstance(data, LineDict) and isinstance(made, Model):
            made._line = data.line
            made._key_lines = dict(data.key_lines)
        return made

    @property
    def line(self) -> int | None:
        """1-based line where this object's mapping starts in its file (None when not read from a file)."""
        return self._line

    def line_of(self, key: str) -> int | None:
        """Line of ``key`` in this object's mapping, else the mapping's own line."""
        return (self._key_lines or {}).get(key, self._line)


def fail(message: str, *at: str | int) -> PydanticCustomError:
    """An error to raise from a validator, shown to the author as ``message`` (kept word for word).

    ``at`` continues the error's location below the object being validated, e.g.
    ``raise fail("an inferred date needs `date_reasoning`", "date_basis")`` in a model validator points
    at the ``date_basis:`` line, and ``fail("duplicate id 'x'", 3, "id")`` on a list at the 4th item's id.
    """
    return PydanticCustomError("pakru", "{message}", {"message": message, "at": list(at)})


# -- common field types ---------------------------------------------------------------------------------------------
def _date(value: str) -> str:
    if not dates.is_valid(value):
        raise fail(f"malformed date {value!r}: use YYYY-MM-DD, YYYY-MM, \"YYYY\" or a decade like 1980s")
    return value


def _number_as_text(value: Any) -> Any:
    """A bare year (``date: 2015``) is read by YAML as a number; the author meant the text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Text = Annotated[str, Field(min_length=1)]
"""Non-empty text (surrounding white space is dropped)."""
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
"""An id: lower-case letters, digits and hyphens."""
IsoDate = Annotated[
    str, BeforeValidator(_number_as_text), AfterValidator(_date),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{3}0s)$",
                    "description": "YYYY-MM-DD, YYYY-MM, YYYY (quoted) or a decade like 1980s"}),
]
"""A date whose length is its precision: ``2003-02-04``, ``2003-02``, ``"2015"`` or ``1980s``."""
def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise fail(f"bad regular expression: {exc}") from None
    return value


Regex = Annotated[str, AfterValidator(_regex), WithJsonSchema({"type": "string", "format": "regex"})]
"""A Python regular expression that compiles."""


def _citation(value: Any) -> Citation:
    if isinstance(value, Citation):
        return value
    if not isinstance(value, str):
        raise fail(f"a citation is written as text like 'voa-2003 ¶2', not {value!r}")
    try:
        return Citation.parse(value)
    except ValueError as exc:
        raise fail(str(exc)) from None


Cite = Annotated[
    Citation, PlainValidator(_citation),
    WithJsonSchema({"type": "string", "pattern": citations.WHOLE,
                    "description": "doc-id ¶N, e.g. voa-2003 ¶2"}),
]
"""A citation written as ``doc-id ¶N``, read into a :class:`~pakru.citations.Citation`."""
DateBasis = typing.Literal["stated", "inferred"]
"""``stated`` when the text prints the date, ``inferred`` when we worked it out (then say from what)."""


def unique(items: list[Any], key: str, noun: str = "id") -> list[Any]:
    """Raise at the second use of a value of ``key`` among ``items`` (call from a field validator).

    The error points at that item's ``key`` line and names the line of the first use.
    """
    first: dict[Any, int | None] = {}
    for index, item in enumerate(items):
        value = getattr(item, key)
        if value in first:
            raise fail(f"duplicate {noun} {value!r} (first at line {first[value]})", index, key)
        first[value] = item.line_of(key)
    return items


def named_after_file(value: str, info: ValidationInfo, message: Callable[[str], str]) -> str:
    """Raise ``message(stem)`` unless ``value`` (a file's ``id``) equals the name of the file being read without
    its extension (call from a field validator; the file reader passes its path in the context).

    Why: banks and exercises are found by id (``quiz.show("lesson1")``), so an id that differs from its file
    name names a file that is not there.
    """
    path = (info.context or {}).get("path")
    if path is not None and value != Path(path).stem:
        raise fail(message(Path(path).stem))
    return value


# -- reading a file -------------------------------------------------------------------------------------------------
def validate(data: Any, model: type[M], shown: str, context: dict | None = None) -> tuple[M | None, list[Problem]]:
    """Validate parsed YAML against ``model``: the typed object, or None and a Problem per error (file:line)."""
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        return None, [_problem(error, data, model, shown) for error in exc.errors()]


def read(path: Path, model: type[M], context: dict | None = None) -> tuple[M | None, list[Problem]]:
    """Load and validate one YAML file; never raises for bad content (a missing file is a Problem too).

    ``context`` reaches validators as ``info.context``; ``path`` is always in it.
    """
    path = Path(path)
    shown = display_path(path)
    if not path.exists():
        return None, [Problem(shown, "file not found")]
    context = {"path": path, **(context or {})}
    name = cache_name(path, model, "read", context)
    found = cached(name)
    if isinstance(found, model):
        return found, []
    try:
        data = load_yaml(path)
    except ProblemError as exc:
        return None, exc.problems
    found, problems = validate(data, model, shown, context)
    if found is not None and not problems:
        keep(name, found)
    return found, problems


def read_items(path: Path, model: type[Model], field: str, context: dict | None = None) -> tuple[list, list[Problem]]:
    """For a file that is a list of entries under ``field``: every entry without a problem, and the problems.

    One bad entry (or a second entry with an id already used) is left out; the rest are still usable, so a
    checker can go on and report what depends on them.
    """
    path = Path(path)
    shown = display_path(path)
    if not path.exists():
        return [], [Problem(shown, "file not found")]
    context = {"path": path, **(context or {})}
    name = cache_name(path, model, f"items:{field}", context)
    items = cached(name)
    if isinstance(items, list):
        return items, []
    try:
        data = load_yaml(path)
    except ProblemError as exc:
        return [], exc.problems
    try:
        items = list(getattr(model.model_validate(data, context=context), field))
        keep(name, items)
        return items, []
    except ValidationError as exc:
        errors = exc.errors()
    raw = data.get(field) if isinstance(data, dict) else None
    item_model = _model_at(model, (field, 0))
    problems: list[Problem] = []
    kept = list(range(len(raw))) if isinstance(raw, list) else []
    while errors:  # a duplicate among the entries left is found once the bad ones are out: go round again
        problems += [_problem(error, data, model, shown, kept) for error in errors]
        if not isinstance(raw, list) or item_model is None:
            return [], problems
        bad = set()
        for error in errors:
            loc = _loc(error)
            if loc[:1] != (field,) or len(loc) < 2 or not isinstance(loc[1], int):
                return [], problems  # a fault in the file as a whole: nothing in it can be trusted
            bad.add(kept[loc[1]])
        kept = [i for i in kept if i not in bad]
        try:
            model.model_validate({**data, field: [raw[i] for i in kept]}, context=context)
            errors = []
        except ValidationError as exc:
            errors = exc.errors()
    return [item_model.model_validate(raw[i], context=context) for i in kept], problems


def load(path: Path, model: type[M], context: dict | None = None) -> M:
    """Like :func:`read`, but return the object or raise ProblemError listing every problem."""
    found, problems = read(path, model, context)
    if found is None:
        raise ProblemError(problems)
    return found


# -- files validated before ----------------------------------------------------------------------------------------
CACHE_KIND = "validated"
"""The ``usercache`` kind of validated files: the typed objects of a file that had no problem."""


def cache_name(path: Path, model: type, how: str, context: dict) -> str | None:
    """The user-cache name of ``path`` validated as ``model`` (``how``: which reading), or None.

    The name is a hash of the file's bytes, where it is, the model, the reading, the context, the package's
    source and the versions of pydantic, PyYAML and Python: a file edited, moved or read by changed code is
    validated again. Only a file without problems is kept, so every problem is found by validating, with
    its file and line.
    """
    if not all(isinstance(v, str | int | float | bool | Path | type(None)) for v in context.values()):
        return None
    try:
        content = Path(path).read_bytes()
    except OSError:
        return None
    import pydantic
    import yaml

    return usercache.key(f"{model.__module__}.{model.__qualname__}", how, os.path.abspath(path),
                         repr(sorted((k, str(v)) for k, v in context.items())), content, usercache.code_hash(),
                         pydantic.VERSION, yaml.__version__, sys.version) + ".json"


def cached(name: str | None) -> Any:
    """What ``keep`` stored under ``name``, or None (none stored, damaged, or of models that are gone).

    Entries are JSON (``pakru.schema.stored``), from which only this package's models are rebuilt: reading
    one runs no code, whoever wrote it.
    """
    content = usercache.read(CACHE_KIND, name) if name else None
    if content is None:
        return None
    try:
        return stored.loads(content, base=Model)
    except ValueError:  # an entry that does not load is one to make again
        return None


def keep(name: str | None, value: Any) -> None:
    """Store the typed objects of a file that validated without problems (a copy: ``value`` is not kept).

    Not kept when they hold something JSON cannot give back exactly (``stored.dumps`` says which).
    """
    if name is None:
        return
    content = stored.dumps(value, base=Model)
    if content is not None:
        usercache.write(CACHE_KIND, name, content)


# -- errors → problems ----------------------------------------------------------------------------------------------
def _loc(error: dict) -> tuple:
    return tuple(error["loc"]) + tuple((error.get("ctx") or {}).get("at", ()))


def _problem(error: dict, data: Any, model: type[Model], shown: str, kept: list[int] | None = None) -> Problem:
    """One validation error as a Problem; ``kept`` maps list positions back when only some entries were validated."""
    loc = _loc(error)
    if kept is not None and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(kept):
        loc = (loc[0], kept[loc[1]], *loc[2:])
    return Problem(shown, _message(error, loc, model), _line(data, loc))


def _line(data: Any, loc: tuple) -> int | None:
    """The line of the deepest YAML node on the error's path (a missing key: its mapping's line)."""
    line = data.line if isinstance(data, LineDict) else 1
    node = data
    for step in loc:
        if isinstance(node, LineDict) and step not in node and isinstance(step, str) and step in node.values():
            continue  # the member of a tagged union, named by its tag (``type: single``): not a key in the file
        if isinstance(node, LineDict) and step in node:
            line = node.line_of(str(step))
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            pass
        else:
            break
        node = node[step]
        if isinstance(node, LineDict):
            line = node.line
    return line


def _field_name(loc: tuple) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    return names[-1] if names else "file"


def _message(error: dict, loc: tuple, model: type[Model]) -> str:
    error_type, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    name = _field_name(loc)
    if error_type == "pakru":
        return ctx["message"]
    if error_type == "missing":
        return f"{_noun(model, loc[:-1])} is missing `{name}`"
    if error_type == "extra_forbidden":
        known = _known(model, loc[:-1])
        return f"unknown field `{name}`" + (f" (known: {', '.join(known)})" if known else "")
    if error_type == "union_tag_invalid":  # a list of several kinds of entry, told apart by one field
        noun = name[:-1] if name.endswith("s") else name
        field = str(ctx.get('discriminator', 'type')).strip("'")
        return f"unknown {noun} {field} {ctx.get('tag')!r}; use one of {ctx.get('expected_tags')}"
    if error_type == "literal_error":
        return f"{name} must be one of {ctx.get('expected')}, not {value!r}"
    if error_type in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return f"`{name}` must not be empty"
    if error_type in ("model_type", "model_attributes_type", "dict_type"):
        if not loc:
            return f"expected a mapping with {', '.join(_known(model, ()))}"
        if isinstance(loc[-1], int):
            return f"each entry of `{name}` must be a mapping of fields ({', '.join(_known(model, loc))})"
        return f"`{name}` must be a mapping of fields ({', '.join(_known(model, loc))})"
    if error_type == "string_pattern_mismatch" and ctx.get("pattern") == r"^[a-z0-9][a-z0-9-]*$":
        return f"`{name}` {value!r} must be lower-case letters, digits and hyphens"
    plain = {"string_type": "a text", "int_type": "a whole number", "int_parsing": "a whole number",
             "list_type": "a list", "bool_type": "true or false", "float_type": "a number",
             "float_parsing": "a number"}
    if error_type in plain:
        return f"`{name}` must be {plain[error_type]}, not {value!r}"
    return f"`{name}`: {re.sub(r'^Value error, ', '', error['msg'])}"


def _model_at(model: type, loc: tuple) -> type | None:
    """The model class found by following ``loc`` from ``model`` through fields, lists and dicts."""
    current: Any = model
    for step in loc:
        current = _unwrap(current, step)
        if current is None:
            return None
    current = _unwrap(current, None)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any, step: str | int | None) -> Any:
    """One step down a type: a model's field, a list's item, a dict's value; Optional/Annotated looked through."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
            tagged = [m for m in models if isinstance(step, str) and _tagged(m, step)]
            if tagged:  # pydantic names the member of a tagged union by its tag: that step is taken
                return tagged[0]
            annotation = (models or members)[0]
        else:
            break
    if step is None:
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(step, str):
        field = annotation.model_fields.get(step)
        return field.annotation if field else None
    if origin in (list, tuple) and isinstance(step, int):
        return typing.get_args(annotation)[0]
    if origin is dict:
        return typing.get_args(annotation)[1]
    return None


def _tagged(model: type[BaseModel], tag: str) -> bool:
    """Whether a member of a tagged union has a field fixed to ``tag`` (``type: Literal["words"]``)."""
    return any(typing.get_origin(f.annotation) is typing.Literal and typing.get_args(f.annotation) == (tag,)
               for f in model.model_fields.values())


def _noun(model: type[Model], loc: tuple) -> str:
    found = _model_at(model, loc)
    title = found.model_config.get("title") if found else None
    return title or "entry"


def _known(model: type[Model], loc: tuple) -> list[str]:
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


# -- the editor's link to the published schema ------------------------------------------------------------------------
SCHEMA_COMMENT = "# yaml-language-server: $schema="


def schema_comment(file_kind: str, relative_to: str = "..") -> str:
    """The first line of a YAML file of ``file_kind``: tells the author's editor where its JSON Schema is."""
    return f"{SCHEMA_COMMENT}{relative_to}/schemas/{file_kind}.schema.json"
