"""Spreadsheet-safe CSV cells: nothing a spreadsheet runs gets out, and pakru reads back what it wrote."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pakru.csvcell import STARTS, neutral, restore


@given(st.text())
def test_no_neutral_cell_starts_like_a_formula(text):
    assert neutral(text)[:1] not in STARTS


@given(st.text())
def test_restore_gives_back_exactly_what_neutral_was_given(text):
    assert restore(neutral(text)) == text
