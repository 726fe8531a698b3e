"""Reading YAML and JSON files: line numbers for every content error, and no crash on hostile input.

Every data file the package reads (curated YAML, banks, task files, progress files, submitted notebooks)
goes through here, so a file nested thousands of levels deep is refused once, in one place, as a damaged
file — before a recursive parser or constructor could overflow the stack (the C YAML parser would crash
the whole process, and Python's raise ``RecursionError`` from wherever the data is walked). So is a YAML
"alias bomb", a few lines whose aliases stand for billions of values or nest past the limit: anything that
walked it (validation, the claims reader) would never finish.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml

from pakru.problems import Problem, ProblemError, display_path

MAX_DEPTH = 100
"""Deepest nesting of lists and mappings accepted in a data file; ours nest fewer than ten levels."""
MAX_VALUES = 100_000
"""Most values a YAML file with aliases may stand for once they are expanded; our largest has a few thousand."""


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


def _shown(path: Path | str) -> str:
    """The path as messages show it; a file read outside any course (a submission) keeps its own name."""
    try:
        return display_path(path)
    except OSError:  # no course folder found: nothing to shorten against
        return str(path)


def _damaged(path: Path | str, message: str, line: int | None = None) -> ProblemError:
    return ProblemError([Problem(_shown(path), f"damaged file: {message}", line)])


def _flow_bound(text: str) -> int:
    """A cheap upper bound on how deep a YAML text can nest: every bracket opened, plus the deepest line prefix.

    Block nesting needs indentation or ``- `` / ``key:`` indicators before the content of a line, so it
    cannot exceed the length of the longest line prefix; flow nesting cannot exceed the number of ``[``/``{``.
    """
    prefix = max((len(line) - len(line.lstrip(" -?:\t")) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + prefix


def yaml_depth_error(text: str, path: Path | str) -> ProblemError | None:
    """A ProblemError naming the line where ``text`` nests deeper than MAX_DEPTH, or None.

    Also when the depth or the size is reached through aliases: ``*a`` stands for the whole node ``&a``
    names, so ten levels of nine aliases each (a "billion laughs") are nine to the tenth values once anything
    walks the data, although the text is a few lines. So the refusal names the alias that goes over
    MAX_DEPTH levels or MAX_VALUES values.

    Counts on the parser's event stream, which is produced without recursion, so the check itself cannot
    overflow; each anchored node's height and size are noted once, where it ends, and an alias adds what
    its anchor noted, so the walk costs one step per event however the aliases multiply. It runs only
    when the text might be deep (the cheap bound) or might hold aliases.
    """
    aliases = "&" in text and "*" in text
    if not aliases and _flow_bound(text) <= MAX_DEPTH:
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    open_nodes: list[list] = []  # per open collection: [its anchor, the tallest child's height, its size]
    noted: dict[str, tuple[int, int]] = {}  # anchor -> (height, size) of the node it names
    values = 0  # in the current document, counting each alias as the values it stands for

    def line(event: yaml.Event) -> int | None:
        return event.start_mark.line + 1 if event.start_mark else None

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                values = 0
                noted.clear()
                continue
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_nodes) >= MAX_DEPTH:
                    return _damaged(path, f"nested more than {MAX_DEPTH} levels deep", line(event))
                open_nodes.append([event.anchor, 0, 1])
                values += 1
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, tallest, size = open_nodes.pop()
                height = tallest + 1
            elif isinstance(event, yaml.ScalarEvent):
                anchor, height, size = event.anchor, 0, 1
                values += 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, (height, size) = None, noted.get(event.anchor, (0, 1))
                values += size
                if len(open_nodes) + height > MAX_DEPTH:
                    return _damaged(path, f"nested more than {MAX_DEPTH} levels deep (through aliases)",
                                    line(event))
                if values > MAX_VALUES:
                    return _damaged(path, f"more than {MAX_VALUES} values (through aliases, each standing for "
                                    "the whole node it names)", line(event))
            else:
                continue
            if anchor:
                noted[anchor] = (height, size)
            if open_nodes:
                parent = open_nodes[-1]
                parent[1], parent[2] = max(parent[1], height), parent[2] + size
    except yaml.YAMLError:
        return None  # the real load reports the syntax error with its line
    return None


def json_depth(data: Any) -> int:
    """How deep parsed JSON data nests, walked without recursion (lists and dicts only)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in node if isinstance(child, list | dict))
    return deepest


def parse_json(text: str, path: Path | str) -> Any:
    """Parse JSON text read from ``path``; bad syntax, nesting deeper than MAX_DEPTH or no memory → ProblemError."""
    shown = _shown(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError([Problem(shown, f"JSON syntax: {exc.msg}", exc.lineno)]) from None
    except RecursionError:
        raise _damaged(path, f"nested more than {MAX_DEPTH} levels deep") from None
    except MemoryError:
        raise _damaged(path, "too large to read into memory") from None
    if text.count("[") + text.count("{") > MAX_DEPTH and json_depth(data) > MAX_DEPTH:
        raise _damaged(path, f"nested more than {MAX_DEPTH} levels deep")
    return data


def load_json(path: Path | str) -> Any:
    """Read a UTF-8 JSON file; every way it can be unreadable is a ProblemError naming the file (and line)."""
    path = Path(path)
    try:
        text = read_text_strict(path)
    except MemoryError:
        raise _damaged(path, "too large to read into memory") from None
    return parse_json(text, path)


_PARSED: dict[str, tuple[str, Any]] = {}
"""Each YAML file parsed in this process: absolute path -> (the text parsed, what it gave)."""


def _copy(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """A copy of parsed YAML that callers may change without touching the cache.

    Like ``copy.deepcopy`` for the few types YAML gives, and four times faster; a node reached twice
    (a YAML alias) is copied once, so aliases cannot make the copy larger than the parse.
    """
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, LineDict):
        copied: Any = LineDict()
        memo[id(node)] = copied
        copied.update((key, _copy(value, memo)) for key, value in node.items())
        copied.line, copied.key_lines = node.line, dict(node.key_lines)
    elif isinstance(node, dict):
        copied = memo[id(node)] = {}
        copied.update((key, _copy(value, memo)) for key, value in node.items())
    elif isinstance(node, list):
        copied = memo[id(node)] = []
        copied.extend(_copy(item, memo) for item in node)
    elif isinstance(node, set):
        copied = memo[id(node)] = set(node)
    else:
        return node  # str, int, float, bool, None, bytes: immutable
    return copied


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors and hostile nesting become a ProblemError with the file and line.

    A lesson asks for the same curated file several times (lessons.yaml once per header, discussion
    and key points); each file is parsed once per process and later calls get a copy. The cache is
    keyed on the file's text, not its modification time: reading is cheap next to parsing, and a file
    rewritten within the clock's resolution (a test, an editor saving twice) is still seen afresh.
    """
    try:
        text = read_text_strict(path)
    except MemoryError:
        raise _damaged(path, "too large to read into memory") from None
    key = os.path.abspath(path)
    cached = _PARSED.get(key)
    if cached is not None and cached[0] == text:
        return _copy(cached[1])
    data = _parse_yaml(text, path)
    _PARSED[key] = (text, data)
    return _copy(data)


def _parse_yaml(text: str, path: Path) -> Any:
    """The parse behind :func:`load_yaml` (its guards included); errors are never cached."""
    too_deep = yaml_depth_error(text, path)
    if too_deep is not None:
        raise too_deep
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except (RecursionError, MemoryError) as exc:
        what = "nested too deeply to read" if isinstance(exc, RecursionError) else "too large to read into memory"
        raise _damaged(path, what) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ProblemError(
            [Problem(display_path(path), f"YAML syntax: {exc.problem or exc}", line)]
        ) from None
    except yaml.YAMLError as exc:
        raise ProblemError([Problem(display_path(path), f"YAML syntax: {exc}")]) from None
    return data


def line_of(node: Any, key: str | None = None) -> int | None:
    """Best line for a parsed node (and optionally one of its keys)."""
    if isinstance(node, LineDict):
        return node.line_of(key) if key else node.line
    return None
