"""The typed objects of a validated file as JSON and back, for the user cache: plain data that runs no code.

Why not pickle, which did this before: loading a pickle calls whatever the pickle names, so an entry someone
else managed to write would run their code in the learner's kernel. JSON gives back only lists, mappings,
text, numbers, true/false and null; from those this module rebuilds nothing but the package's own content
models (subclasses of the base it is given, found by name among them), citations, line-marked mappings
(``LineDict``), tuples and paths. A model is rebuilt as pickle rebuilt it, its fields and private attributes
set as they were kept, without validating again: the entry holds what validation produced, and its name is
a hash of everything that went into it (``pakru.schema.cache_name``).

Only what can be written exactly is kept: ``dumps`` returns None for any other type (a set, a number that is
not finite, a mapping with keys that are not text, a subclass of ``str``), and for anything that does not
come back equal, so a value is either cached faithfully or not at all.

    >>> from pakru.citations import Citation
    >>> loads(dumps([Citation("voa-2003", 2), ("a", 1.5)], base=object), base=object)
    [Citation(doc_id='voa-2003', paragraph=2), ('a', 1.5)]
"""

from __future__ import annotations

import json
import math
from pathlib import Path, PurePath
from typing import Any

from pakru.citations import Citation
from pakru.yamlfile import LineDict

_PLAIN = (str, int, bool, type(None))


class _Unwritable(TypeError):
    """A value ``dumps`` cannot write exactly."""


def dumps(value: Any, base: type) -> bytes | None:
    """``value`` as JSON bytes, or None when it holds something that would not come back the same."""
    try:
        content = json.dumps(_encode(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (_Unwritable, ValueError, RecursionError):
        return None
    written = content.encode("utf-8")
    try:
        same = loads(written, base) == value
    except ValueError:
        same = False
    return written if same else None


def loads(content: bytes, base: type) -> Any:
    """What ``dumps`` wrote; a model is rebuilt only if it is a subclass of ``base``. ValueError for anything else."""
    found = _Models(base)
    try:
        return json.loads(content, object_hook=found.decode)
    except (TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise ValueError(f"not a stored value: {exc}") from None


# Every JSON object written is one tagged value; mappings are lists of [key, value] pairs inside one, so no
# mapping of the content can be taken for a tag.
def _encode(value: Any) -> Any:
    value_type = type(value)
    if value_type in _PLAIN:
        return value
    if value_type is float:
        if not math.isfinite(value):
            raise _Unwritable("a number that is not finite")
        return value
    if value_type is list:
        return [_encode(item) for item in value]
    if value_type is tuple:
        return {"tuple": [_encode(item) for item in value]}
    if value_type is dict:
        return {"dict": _pairs(value)}
    if value_type is LineDict:
        return {"lines": _pairs(value), "line": value.line, "key_lines": _pairs(value.key_lines)}
    if value_type is Citation:
        return {"citation": [value.doc_id, value.paragraph]}
    if isinstance(value, PurePath) and value_type is type(Path()):
        return {"path": str(value)}
    if hasattr(value_type, "__pydantic_fields__"):
        state = value.__getstate__()
        extra, private = state.get("__pydantic_extra__"), state.get("__pydantic_private__")
        return {"model": _name(value_type), "fields": _pairs(state["__dict__"]),
                "set": sorted(state["__pydantic_fields_set__"]),
                "extra": None if extra is None else _pairs(extra),
                "private": None if private is None else _pairs(private)}
    raise _Unwritable(f"no JSON form for {value_type.__name__}")


def _pairs(value: dict) -> list[list]:
    if any(type(key) is not str for key in value):
        raise _Unwritable("a mapping with keys that are not text")
    return [[key, _encode(item)] for key, item in value.items()]


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class _Models:
    """Decodes one entry's tagged values; finds each model by name among the subclasses of ``base``, nowhere else."""

    def __init__(self, base: type):
        self.base = base
        self.known: dict[str, type] = {}

    def model(self, name: str) -> type:
        if name not in self.known:  # (again after a miss: a model module may have been imported since)
            self.known, stack = {}, [self.base]
            while stack:
                cls = stack.pop()
                self.known.setdefault(_name(cls), cls)
                stack.extend(cls.__subclasses__())
        found = self.known.get(name)
        if found is None or not hasattr(found, "__pydantic_fields__"):
            raise ValueError(f"no content model {name!r}")
        return found

    def decode(self, item: dict) -> Any:
        tag = set(item)
        if tag == {"dict"}:
            return dict(item["dict"])
        if tag == {"tuple"}:
            return tuple(item["tuple"])
        if tag == {"citation"}:
            doc_id, paragraph = item["citation"]
            return Citation(doc_id, paragraph)
        if tag == {"path"}:
            return Path(item["path"])
        if tag == {"lines", "line", "key_lines"}:
            made = LineDict(item["lines"])
            made.line, made.key_lines = item["line"], dict(item["key_lines"])
            return made
        if tag == {"model", "fields", "set", "extra", "private"}:
            cls = self.model(item["model"])
            made = cls.__new__(cls)
            made.__setstate__({"__dict__": dict(item["fields"]), "__pydantic_fields_set__": set(item["set"]),
                               "__pydantic_extra__": None if item["extra"] is None else dict(item["extra"]),
                               "__pydantic_private__": None if item["private"] is None else dict(item["private"])})
            return made
        raise ValueError(f"not a stored value: an object with {sorted(tag)}")
