"""CSV cells a spreadsheet will not run, and the one writer of the gradebook's CSV files."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from pakru import csvcell
from pakru.gradebook.text import cell_text


def cell(value: object) -> str:
    """Text a spreadsheet will not run (``csvcell.neutral``: a leading = + - @ tab or CR would start a formula),
    with control characters other than tab and line break made visible first (``text.cell_text``)."""
    return csvcell.neutral(cell_text(value) if isinstance(value, str) else value)


def write_rows(path: Path, header: list[str], rows: Iterable[list]) -> Path:
    """A UTF-8 CSV file: the header, then the rows, every value through ``cell``."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([cell(h) for h in header])
        for row in rows:
            writer.writerow([cell(v) for v in row])
    return path
