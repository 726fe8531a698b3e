"""The write stage's common ground: every CSV cell neutralised so a spreadsheet runs nothing."""

from __future__ import annotations

import csv

import pytest

from pakru.gradebook.write.table import cell, write_rows


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\\rx"),
    ("plain", "plain"), (2.0, "2"), (None, ""),
    ("\x1b[31mred\nline", "\\x1b[31mred\nline"),  # an escape made visible; a written answer keeps its lines
])
def test_every_formula_start_is_neutralised(value, expected):
    assert cell(value) == expected


def test_rows_are_written_through_cell(tmp_path):
    path = write_rows(tmp_path / "t.csv", ["=h"], [["=1+1", 2.5, None]])
    with open(path, encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [["'=h"], ["'=1+1", "2.5", ""]]
