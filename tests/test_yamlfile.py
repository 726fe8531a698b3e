"""The shared file readers refuse hostile nesting as a damaged file, naming it, instead of crashing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pakru.problems import ProblemError
from pakru.yamlfile import MAX_DEPTH, load_json, load_yaml


def deep_block_yaml(depth: int) -> str:
    return "id: deep\nquestions:\n" + "".join("  " * i + "- \n" for i in range(1, depth))


@pytest.mark.parametrize("text", ["[" * 100_000, "id: b\nquestions: " + "[" * 100_000, deep_block_yaml(5_000),
                                  "x:\n" + "- " * 5_000 + "a\n"])
def test_deep_yaml_is_a_damaged_file_with_its_line(tmp_path, text):
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemError) as info:
        load_yaml(path)
    [problem] = info.value.problems
    assert problem.file.endswith("bank.yaml") and "damaged file" in problem.message
    assert f"more than {MAX_DEPTH} levels deep" in problem.message
    assert problem.line is not None


def test_aliases_cannot_nest_deeper_than_the_text(tmp_path):
    levels = ["a0: &a0 " + "[" * 60 + "x" + "]" * 60]
    levels += [f"a{i}: &a{i} " + "[" * 60 + f"*a{i - 1}" + "]" * 60 for i in range(1, 4)]
    path = tmp_path / "alias.yaml"
    path.write_text("\n".join(levels) + "\n", encoding="utf-8")
    with pytest.raises(ProblemError, match="through aliases"):
        load_yaml(path)


def test_ordinary_nesting_still_loads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n", encoding="utf-8")
    assert load_yaml(path)["a"] is not None
    (tmp_path / "ok.json").write_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, encoding="utf-8")
    assert load_json(tmp_path / "ok.json") == load_json(tmp_path / "ok.json")


@pytest.mark.parametrize("text", ["[" * 100_000, "[" * 900 + "]" * 900, '{"a": ' * 3_000 + "1" + "}" * 3_000])
def test_deep_json_is_a_damaged_file(tmp_path, text):
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemError) as info:
        load_json(path)
    [problem] = info.value.problems
    assert problem.file.endswith("x.json") and "damaged file" in problem.message


def test_json_syntax_error_names_its_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{\n "a": 1,\n}', encoding="utf-8")
    with pytest.raises(ProblemError) as info:
        load_json(path)
    assert info.value.problems[0].line == 3


def test_the_c_parser_never_sees_a_deep_file(tmp_path):
    """PyYAML's C loader crashes the process (no exception) on deep flow nesting; the guard runs first."""
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 100_000, encoding="utf-8")
    code = ("import sys, yaml; from pakru.yamlfile import load_yaml; from pakru.problems import ProblemError\n"
            "try:\n    load_yaml(__import__('pathlib').Path(sys.argv[1]))\n"
            "except ProblemError as e:\n    print(e)\n")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "damaged file" in result.stdout, result.stderr[-500:]
