"""Solution regions: ``# BEGIN SOLUTION`` … ``# END SOLUTION`` inside solution cells, replaced by placeholders.

As in nbgrader, a nested or unclosed region, or a marker outside a solution cell, is an error that
names the cell: a silently half-stripped solution would hand the answer to every student.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
PLACEHOLDER = "# YOUR CODE HERE"
_MARKER = re.compile(r"^(\s*)#\s*(BEGIN|END)\s+SOLUTION\b", re.IGNORECASE)


class MarkerError(ValueError):
    """A solution region that cannot be stripped safely; ``line`` is 1-based within the cell."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def markers(source: str) -> list[tuple[int, str, str]]:
    """Every marker line in a cell: (1-based line, ``BEGIN`` or ``END``, indentation)."""
    found = []
    for number, text in enumerate(source.splitlines(), 1):
        match = _MARKER.match(text)
        if match:
            found.append((number, match.group(2).upper(), match.group(1)))
    return found


def assigned_names(code: str) -> list[str]:
    """Names a piece of code assigns at its top level, in order (``fig, ax = ...`` gives both).

    >>> assigned_names("a = 1\\nb, c = 2, 3\\nprint(a)\\na += 1")
    ['a', 'b', 'c']
    """
    names: list[str] = []
    for node in ast.parse(code).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign | ast.AugAssign) else []
        for target in targets:
            for item in target.elts if isinstance(target, ast.Tuple | ast.List) else [target]:
                if isinstance(item, ast.Name) and item.id not in names:
                    names.append(item.id)
    return names


@dataclass(frozen=True)
class Stripped:
    """A solution cell with its regions replaced, and what the regions held."""

    source: str
    solutions: list[str]
    """The text of each removed region (for tests proving none of it reaches students)."""
    names: list[str]
    """Names the regions assigned: each becomes ``name = ...`` in the student version."""


def strip(source: str) -> Stripped:
    """Replace each region by ``# YOUR CODE HERE`` and ``name = ...`` for every name it assigned."""
    lines = source.splitlines()
    out: list[str] = []
    solutions: list[str] = []
    names: list[str] = []
    begin: tuple[int, str] | None = None
    region: list[str] = []
    for number, text in enumerate(lines, 1):
        match = _MARKER.match(text)
        marker = match.group(2).upper() if match else None
        if marker == "BEGIN":
            if begin is not None:
                raise MarkerError(f"nested {BEGIN} (the region opened on line {begin[0]} is not closed)", number)
            begin, region = (number, match.group(1)), []
        elif marker == "END":
            if begin is None:
                raise MarkerError(f"{END} without a {BEGIN} before it", number)
            code = "\n".join(region)
            try:
                found = assigned_names(textwrap.dedent(code))
            except SyntaxError as exc:
                raise MarkerError(f"the solution region is not valid Python on its own ({exc.msg})",
                                  begin[0] + (exc.lineno or 0)) from None
            indent = begin[1]
            out.append(indent + PLACEHOLDER)
            out += [f"{indent}{name} = ..." for name in found]
            solutions.append(code)
            names += [n for n in found if n not in names]
            begin = None
        elif begin is not None:
            region.append(text)
        else:
            out.append(text)
    if begin is not None:
        raise MarkerError(f"{BEGIN} is never closed by {END}", begin[0])
    if not solutions:
        raise MarkerError(f"a solution cell needs at least one {BEGIN} … {END} region", 1)
    return Stripped("\n".join(out), solutions, names)
