"""Reading YAML with line numbers, so every content error can name its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pakru.problems import Problem, ProblemError, display_path


class LineDict(dict):
    """A mapping from a YAML file that remembers the line it starts on and each key's line."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader whose mappings are LineDicts (1-based lines).

    Built on libyaml's C parser when PyYAML has it (about 4x faster on a large quiz bank; the nodes
    still carry their marks, so lines are kept); the pure-Python SafeLoader otherwise.
    """


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_str_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    """Keep dates as the text the author wrote: '2003-02' and '2003-02-04' are both valid to us."""
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str_timestamp)


def read_text_strict(path: Path) -> str:
    """Read a UTF-8 text file (BOM allowed); any other encoding is a Problem naming the byte."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemError(
            [
                Problem(
                    display_path(path),
                    f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                    "re-save the file as UTF-8, e.g. `iconv -f windows-1252 -t utf-8`",
                    line,
                )
            ]
        ) from None


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors become a ProblemError with the file and line."""
    text = read_text_strict(path)
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ProblemError(
            [Problem(display_path(path), f"YAML syntax: {exc.problem or exc}", line)]
        ) from None
    except yaml.YAMLError as exc:
        raise ProblemError([Problem(display_path(path), f"YAML syntax: {exc}")]) from None


def line_of(node: Any, key: str | None = None) -> int | None:
    """Best line for a parsed node (and optionally one of its keys)."""
    if isinstance(node, LineDict):
        return node.line_of(key) if key else node.line
    return None
