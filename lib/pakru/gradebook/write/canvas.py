"""``canvas.csv``: a Canvas gradebook import (rules in ``tests/gradebook/test_write_lms.py``)."""

from __future__ import annotations

import csv
from pathlib import Path

from pakru.gradebook.write.assignments import Row
from pakru.gradebook.write.table import cell

ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def write_canvas(path: Path, columns: list[str], points: dict[str, float], rows: list[Row]) -> Path:
    """The five identity columns, one column per assignment, a Points Possible row."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([cell(c) for c in ID_COLUMNS + columns])
        writer.writerow(["Points Possible", "", "", "", "", *(cell(float(points[c])) for c in columns)])
        for row in rows:
            p = row.person
            writer.writerow([cell(p.student or p.full_name), cell(p.canvas_id), cell(p.sis_user_id), cell(p.login),
                             cell(p.section), *(cell(row.grades.get(c)) for c in columns)])
    return path
