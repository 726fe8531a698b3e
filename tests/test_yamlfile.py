"""The shared file readers refuse hostile nesting as a damaged file, naming it, instead of crashing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pakru.problems import ProblemError
from pakru.yamlfile import MAX_DEPTH, MAX_VALUES, load_json, load_yaml


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


def alias_bomb(levels: int, fan: int = 9) -> str:
    """``levels`` lines, each a list of ``fan`` aliases to the line before: ``fan ** levels`` values in a few lines."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * fan) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_a_damaged_file_naming_the_alias_that_goes_over(tmp_path):
    """Six lines that stand for half a million values (nine to the sixth): nothing that walks them should have to."""
    path = tmp_path / "bomb.yaml"
    path.write_text("title: fine\n" + alias_bomb(6), encoding="utf-8")
    with pytest.raises(ProblemError) as info:
        load_yaml(path)
    [problem] = info.value.problems
    assert problem.file.endswith("bomb.yaml") and "damaged file" in problem.message and "aliases" in problem.message
    assert f"more than {MAX_VALUES} values" in problem.message
    # lines 1-6 stand for about 74,000 values; the first alias on line 7 (a5, each ~66,000) goes over 100,000
    assert problem.line == 7


def test_a_ten_level_alias_bomb_is_refused_at_once(tmp_path):
    """Each level multiplies the work of a check that follows every path through the aliases by nine."""
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(10), encoding="utf-8")
    code = ("import sys; from pakru.yamlfile import load_yaml; from pakru.problems import ProblemError\n"
            "try:\n    load_yaml(__import__('pathlib').Path(sys.argv[1]))\n"
            "except ProblemError as e:\n    print(e)\n")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "damaged file" in result.stdout, result.stderr[-500:]


def test_aliases_deeper_than_the_limit_only_together_are_refused_at_the_alias(tmp_path):
    text = "a: &a " + "[" * 60 + "x" + "]" * 60 + "\nb:\n  - c: *a\n"
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_yaml(path)["b"][0]["c"] is not None  # 60 + 3 levels: fine
    path.write_text(text + "  - d: " + "[" * 40 + "*a" + "]" * 40 + "\n", encoding="utf-8")
    with pytest.raises(ProblemError) as info:
        load_yaml(path)
    [problem] = info.value.problems
    assert problem.line == 4 and "through aliases" in problem.message


def test_ordinary_anchors_and_merge_keys_still_load(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("base: &base {kind: single, points: 1}\n"
                    "questions:\n" + "".join(f"  - <<: *base\n    id: q{n}\n" for n in range(500)), encoding="utf-8")
    data = load_yaml(path)
    assert len(data["questions"]) == 500 and data["questions"][499] == {"kind": "single", "points": 1, "id": "q499"}
