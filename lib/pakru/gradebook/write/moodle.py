"""``moodle.csv``: a Moodle grade import (rules in ``tests/gradebook/test_write_lms.py``)."""

from __future__ import annotations

import csv
from pathlib import Path

from pakru.gradebook.write.assignments import Row
from pakru.gradebook.write.table import cell

ID_COLUMNS = ["Email address", "ID number", "Username", "First name", "Last name"]
"""What Moodle's import maps users on (email, ID number, username: its ``load_data.php``), then the name."""


def write_moodle(path: Path, columns: list[str], rows: list[Row]) -> Path:
    """Email, ID number and username to map users on, then one numeric column per grade item."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([cell(c) for c in ID_COLUMNS + columns])
        for row in rows:
            p = row.person
            first, last = (p.first, p.last) if (p.first or p.last) else (p.full_name, "")
            writer.writerow([cell(p.email), cell(p.id_number), cell(p.login), cell(first), cell(last),
                             *(cell(row.grades.get(c)) for c in columns)])
    return path
