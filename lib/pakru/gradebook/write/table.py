"""CSV cells a spreadsheet will not run, and the one writer of the gradebook's CSV files."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from pakru.gradebook.text import cell_text


def cell(value: object) -> str:
    """Text a spreadsheet will not run: a leading = + - @ tab or CR would start a formula (or DDE).

    Control characters other than tab and line break are made visible (``text.cell_text``) first.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = cell_text(str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_rows(path: Path, header: list[str], rows: Iterable[list]) -> Path:
    """A UTF-8 CSV file: the header, then the rows, every value through ``cell``."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([cell(h) for h in header])
        for row in rows:
            writer.writerow([cell(v) for v in row])
    return path
