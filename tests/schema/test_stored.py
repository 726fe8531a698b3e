"""Validated files kept as JSON (pakru.schema.stored): what comes back equals what was kept, what cannot be
kept exactly is not kept, and nothing but the package's own content models is ever rebuilt from an entry."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from markupsafe import Markup

from pakru.citations import Citation
from pakru.schema import Model, stored
from pakru.yamlfile import LineDict


class Note(Model):
    text: str
    cites: list[Citation] = []
    extra: dict[str, object] = {}


def test_does_a_model_come_back_equal_with_its_lines():
    lines = LineDict({"dict": 1, "model": [1.5, None, True]})
    lines.line, lines.key_lines = 7, {"dict": 7, "model": 8}
    note = Note.model_validate({"text": "t", "cites": [Citation("voa-2003", 2)], "extra": {"raw": lines}})
    note._line, note._key_lines = 3, {"text": 3}
    [again] = stored.loads(stored.dumps([note], base=Model), base=Model)
    assert again == note and again is not note
    assert (again.line, again.line_of("text")) == (3, 3)
    assert isinstance(again.extra["raw"], LineDict) and again.extra["raw"].line_of("model") == 8
    assert again.model_fields_set == note.model_fields_set == {"text", "cites", "extra"}


@pytest.mark.parametrize("value", [{1, 2}, math.nan, {1: "a"}, Markup("<b>x</b>"), object(), [b"bytes"]])
def test_is_what_json_cannot_give_back_exactly_not_kept(value):
    assert stored.dumps(value, base=Model) is None


def test_do_paths_and_tuples_come_back_as_themselves():
    value = {"where": Path("/a/b"), "pair": ("a", 2)}
    assert stored.loads(stored.dumps(value, base=Model), base=Model) == value


@pytest.mark.parametrize("name", ["os.system", "pathlib.Path", "pakru.schema.Model.__subclasses__",
                                  "builtins.eval", "pydantic.BaseModel"])
def test_is_nothing_but_a_content_model_rebuilt_from_an_entry(name):
    """An entry that names any other class is refused: reading an entry can build data, never call code."""
    entry = {"model": name, "fields": [["text", "x"]], "set": [], "extra": None, "private": None}
    with pytest.raises(ValueError):
        stored.loads(json.dumps(entry).encode(), base=Model)


@pytest.mark.parametrize("content", [b"", b"{", b'{"unknown": 1}', b'{"citation": [1]}', b'{"dict": 5}'])
def test_is_a_malformed_entry_a_value_error(content):
    with pytest.raises(ValueError):
        stored.loads(content, base=Model)
