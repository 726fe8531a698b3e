"""The schema layer: a typed model read from YAML, every validation error a Problem at the YAML node's line."""

from __future__ import annotations

import pytest
from pydantic import ConfigDict, field_validator, model_validator

from pakru.problems import ProblemError
from pakru.schema import IsoDate, Model, Slug, Text, fail, load, read, read_items, unique


class Item(Model):
    model_config = ConfigDict(title="item")

    id: Slug
    date: IsoDate
    tags: list[Text] = []
    note: str | None = None

    @model_validator(mode="after")
    def _note_for_old(self) -> Item:
        if self.date < "2000" and not self.note:
            raise fail("an old item needs a `note`", "date")
        return self


class Shelf(Model):
    items: list[Item]

    @field_validator("items")
    @classmethod
    def _unique(cls, items: list[Item]) -> list[Item]:
        return unique(items, "id")


GOOD = """\
items:
  - id: a
    date: 2003-02-04
    tags: [x, y]
  - id: b
    date: "2015"
"""


def write(tmp_path, text):
    path = tmp_path / "shelf.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def lines_and_messages(problems):
    return [(p.line, p.message) for p in problems]


def test_does_a_good_file_give_typed_objects_that_know_their_lines(tmp_path):
    shelf = load(write(tmp_path, GOOD), Shelf)
    assert [i.id for i in shelf.items] == ["a", "b"]
    assert shelf.items[1].date == "2015" and shelf.items[0].tags == ["x", "y"]
    assert (shelf.items[0].line, shelf.items[0].line_of("tags"), shelf.items[1].line_of("date")) == (2, 4, 6)


def test_is_every_kind_of_fault_reported_at_its_own_line_at_once(tmp_path):
    text = GOOD.replace("date: 2003-02-04", "date: 2003-02-30").replace("tags: [x, y]", "tags: [x, '']")
    text += "  - id: C\n    colour: red\n"
    _, problems = read(write(tmp_path, text), Shelf)
    assert sorted(lines_and_messages(problems)) == [
        (3, "malformed date '2003-02-30': use YYYY-MM-DD, YYYY-MM, \"YYYY\" or a decade like 1980s"),
        (4, "`tags` must not be empty"),
        (7, "`id` 'C' must be lower-case letters, digits and hyphens"),
        (7, "item is missing `date`"),
        (8, "unknown field `colour` (known: id, date, tags, note)"),
    ]


def test_does_a_validator_point_at_the_field_it_names(tmp_path):
    _, problems = read(write(tmp_path, GOOD.replace('"2015"', "1980s")), Shelf)
    assert lines_and_messages(problems) == [(6, "an old item needs a `note`")]


def test_is_a_duplicate_reported_at_the_second_use_naming_the_first(tmp_path):
    _, problems = read(write(tmp_path, GOOD.replace("id: b", "id: a")), Shelf)
    assert lines_and_messages(problems) == [(5, "duplicate id 'a' (first at line 2)")]


def test_are_good_entries_kept_when_others_are_bad(tmp_path):
    text = GOOD + "  - id: c\n    date: 2020\n  - id: a\n    date: nope\n  - id: b\n    date: '2001'\n"
    items, problems = read_items(write(tmp_path, text), Shelf, "items")
    assert [i.id for i in items] == ["a", "b", "c"]
    assert sorted(lines_and_messages(problems)) == [
        (10, "malformed date 'nope': use YYYY-MM-DD, YYYY-MM, \"YYYY\" or a decade like 1980s"),
        (11, "duplicate id 'b' (first at line 5)"),
    ]


def test_are_wrong_shapes_and_broken_yaml_reported_not_raised(tmp_path):
    assert lines_and_messages(read(write(tmp_path, "- a\n"), Shelf)[1]) == [(1, "expected a mapping with items")]
    assert lines_and_messages(read(write(tmp_path, "items: 3\n"), Shelf)[1]) == [(1, "`items` must be a list, not 3")]
    (problem,) = read(write(tmp_path, "items:\n  - id: [a\n"), Shelf)[1]
    assert "YAML syntax" in problem.message and problem.line >= 2
    assert read(tmp_path / "none.yaml", Shelf)[1][0].message == "file not found"


def test_does_load_raise_with_every_problem(tmp_path):
    with pytest.raises(ProblemError) as caught:
        load(write(tmp_path, "items:\n  - id: A\n"), Shelf)
    assert [p.line for p in caught.value.problems] == [2, 2]
