"""Checking answers is plain Python: every question type, right, wrong and incomplete."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pakru.quiz.model import normalise
from pakru.quiz.types.chronology import Chronology, EventItem
from pakru.quiz.types.matching import Matching, Pair
from pakru.quiz.types.multiple import MultipleChoice
from pakru.quiz.types.numeric import Numeric, NumericRule, parse_number
from pakru.quiz.types.single import SingleChoice
from pakru.quiz.types.text import ShortText
from pakru.quiz.types.truefalse import TrueFalse


def test_single_choice_is_right_only_for_the_answer():
    q = SingleChoice("q", "p", options=["a", "b", "c"], answer="b")
    assert q.check("b").correct
    assert not q.check("a").correct
    assert q.check("a").counts
    assert not q.check(None).counts


def test_multiple_choice_needs_exactly_the_right_set():
    q = MultipleChoice("q", "p", options=["a", "b", "c"], answer=["a", "c"])
    assert q.check(["c", "a"]).correct
    assert not q.check(["a"]).correct
    assert not q.check(["a", "b", "c"]).correct
    assert not q.check([]).counts


def test_true_false():
    q = TrueFalse("q", "p", answer=False)
    assert q.check(False).correct
    assert not q.check(True).correct
    assert not q.check(None).counts


def test_numeric_tolerance_and_typing_styles():
    q = Numeric.around(542, 5, id="q", prompt="p", unit="million US dollars")
    assert q.check("542").correct
    assert q.check("$546 million").correct
    assert not q.check("548").correct
    assert q.check("537").correct
    assert not q.check("about thirty").counts


def test_numeric_rules_and_precision_like_jupyterquiz():
    q = Numeric("q", "p", rules=[NumericRule(3.14, 3.14, True, "yes"), NumericRule(-10, 0, False, "negative")],
                precision=3, default_feedback="no")
    assert q.check("3.14159").correct  # rounded to 3 significant digits first
    wrong = q.check("-2")
    assert not wrong.correct and wrong.note == "negative"
    assert q.check("7").note == "no"


def _events(*dated: tuple[str, str]) -> dict[str, EventItem]:
    from pakru.dates import start

    return {i: EventItem(i, f"title {i}", d, start(d)) for i, d in dated}


def test_chronology_order_comes_from_the_dates_not_the_bank():
    q = Chronology("q", "p", items=["c", "a", "d", "b"],
                   events=_events(("a", "1980s"), ("b", "1996"), ("c", "2003-02-05"), ("d", "2012-10")))
    assert q.order == ["a", "b", "c", "d"]
    assert q.check(["a", "b", "c", "d"]).correct
    verdict = q.check(["b", "a", "c", "d"])
    assert not verdict.correct and verdict.note == "2 of 4 events are in the right place."
    assert not q.check(["a", None, "c", "d"]).counts
    assert not q.check(["a", "a", "c", "d"]).counts
    assert "→" in q.answer_text() and "February 2003" in q.answer_text()


def test_matching_counts_right_pairs_without_naming_them():
    q = Matching("q", "p", pairs=[Pair("x", "1"), Pair("y", "2"), Pair("z", "3")])
    assert q.check({"x": "1", "y": "2", "z": "3"}).correct
    verdict = q.check({"x": "1", "y": "3", "z": "2"})
    assert not verdict.correct and verdict.note == "1 of 3 matches are right."
    assert "2" not in verdict.note.replace("1 of 3", "")
    assert not q.check({"x": "1", "y": None, "z": "2"}).counts


def test_short_text_ignores_case_spacing_and_punctuation():
    q = ShortText("q", "p", accepted=["Sergei Lavrov", "Lavrov"])
    for typed in ("lavrov", "  LAVROV. ", "Sergei   Lavrov!", "sergei-lavrov"):
        assert q.check(typed).correct, typed
    assert not q.check("Shoigu").correct
    assert not q.check("  ...  ").counts


def test_normalise_examples():
    assert normalise("U.S.-led") == "us led"
    assert normalise("“Kremlin”") == "kremlin"
    assert normalise("ＬＡＶＲＯＶ") == "lavrov"  # full-width letters fold too


@given(st.text(max_size=40))
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_parse_number_reads_what_python_writes(value):
    assert parse_number(f"{value:f}") == pytest.approx(float(f"{value:f}"))


def test_parse_number_refuses_non_numbers():
    assert parse_number("thirty") is None
    assert parse_number(True) is None
    assert parse_number(float("nan")) is None


def test_dates_used_for_order_are_real_dates():
    q = Chronology("q", "p", items=["a", "b"], events=_events(("a", "2003-02-04"), ("b", "2003-02-05")))
    assert q.events["a"].start == dt.date(2003, 2, 4)
    assert q.order == ["a", "b"]
