"""Each YAML file is parsed once per process; later reads get a copy, and a changed file is read afresh."""

from __future__ import annotations

import os

import pytest
import yaml

from pakru import yamlfile
from pakru.problems import ProblemError


@pytest.fixture
def parses(monkeypatch):
    """How many times PyYAML actually parses (the real parser runs; the list only counts its calls)."""
    calls = []
    real = yaml.load

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(yamlfile.yaml, "load", counting)
    return calls


def test_is_a_file_parsed_once_and_each_caller_given_its_own_copy(tmp_path, parses):
    path = tmp_path / "lessons.yaml"
    path.write_text("lessons:\n  - id: a\n    title: First\n  - id: b\n    title: Second\n", "utf-8")
    first = yamlfile.load_yaml(path)
    second = yamlfile.load_yaml(path)
    assert len(parses) == 1
    assert first == second == {"lessons": [{"id": "a", "title": "First"}, {"id": "b", "title": "Second"}]}
    assert second["lessons"][1].line == 4 and second["lessons"][1].line_of("title") == 5
    first["lessons"][0]["title"] = "changed by a caller"
    first["lessons"].append("more")
    third = yamlfile.load_yaml(path)
    assert third["lessons"][0]["title"] == "First" and len(third["lessons"]) == 2
    assert len(parses) == 1


def test_is_a_file_rewritten_within_the_same_clock_tick_read_afresh(tmp_path, parses):
    path = tmp_path / "events.yaml"
    path.write_text("date: 2011-01-24\n", "utf-8")
    stamp = os.stat(path).st_mtime_ns
    assert yamlfile.load_yaml(path) == {"date": "2011-01-24"}
    path.write_text("date: 2011-02-30\n", "utf-8")  # same size; the same modification time, set below
    os.utime(path, ns=(stamp, stamp))
    assert yamlfile.load_yaml(path) == {"date": "2011-02-30"}
    assert len(parses) == 2


def test_is_a_broken_file_never_cached(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text("questions: [\n", "utf-8")
    with pytest.raises(ProblemError) as caught:
        yamlfile.load_yaml(path)
    assert "YAML syntax" in str(caught.value)
    with pytest.raises(ProblemError):
        yamlfile.load_yaml(path)
    path.write_text("questions: []\n", "utf-8")
    assert yamlfile.load_yaml(path) == {"questions": []}


def test_does_an_alias_stay_one_node_in_the_copy(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("base: &b {id: x, tags: [a]}\nfirst: *b\nsecond: *b\n", "utf-8")
    yamlfile.load_yaml(path)
    data = yamlfile.load_yaml(path)
    assert data["first"] is data["second"]  # as PyYAML gives it: one object under two names
    assert data["first"] == {"id": "x", "tags": ["a"]}
