"""The published JSON Schemas are the models' own, and every content file points its editor at its schema."""

from __future__ import annotations

import pytest

from pakru.schema import schema_comment
from pakru.schema.kinds import SCHEMAS_DIR, file_kinds, json_schema

FILE_KINDS = sorted(file_kinds())


@pytest.mark.parametrize("name", FILE_KINDS)
def test_is_the_committed_schema_what_the_model_gives(name):
    path = SCHEMAS_DIR / f"{name}.schema.json"
    assert path.exists(), f"{path} is missing: run `python -m pakru.schema`"
    assert path.read_text("utf-8") == json_schema(file_kinds()[name]), f"{path} is stale: run `python -m pakru.schema`"


def test_is_every_published_schema_a_known_kind():
    assert sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS_DIR.glob("*.schema.json")) == FILE_KINDS


@pytest.mark.parametrize("name", FILE_KINDS)
def test_does_every_file_of_the_kind_name_its_schema_on_its_first_line(name):
    file_kind = file_kinds()[name]
    files = file_kind.files()
    assert files, f"no file matches {file_kind.patterns}"
    for path in files:
        depth = len(path.relative_to(SCHEMAS_DIR.parent).parts) - 1
        first = path.read_text("utf-8").splitlines()[0]
        assert first == schema_comment(name, "/".join([".."] * depth)), path


def _editor(name):
    import json

    import jsonschema

    return jsonschema.Draft202012Validator(json.loads((SCHEMAS_DIR / f"{name}.schema.json").read_text("utf-8")))


@pytest.mark.parametrize("name", FILE_KINDS)
def test_does_an_editor_using_the_published_schema_accept_the_real_files(name):
    from pakru.yamlfile import load_yaml

    for path in file_kinds()[name].files():
        assert [e.message for e in _editor(name).iter_errors(load_yaml(path))] == [], path


def test_does_an_editor_using_the_published_schema_flag_an_unknown_field_and_a_bad_citation():
    from pakru.yamlfile import load_yaml

    data = load_yaml(file_kinds()["lessons"].files()[0])
    data["lessons"][0]["keypionts"] = ["typo"]
    data["lessons"][0]["readings"][0]["cite"] = "voa-2003 p2"
    messages = [e.message for e in _editor("lessons").iter_errors(data)]
    assert any("keypionts" in m for m in messages) and any("voa-2003 p2" in m for m in messages), messages
