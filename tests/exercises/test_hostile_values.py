"""check() on hostile values: one plain message, no traceback, no hang, nothing of the learner's object run."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest
from exercise_helpers import solution_namespace

from pakru.corpus import load
from pakru.exercises import Exercise
from pakru.exercises.learner_values import CheckTimeout, NotPlain, describe, plain, time_limit
from pakru.progress import Store

CORPUS = load()
EX = "02_thaw_2003"
SOLUTION = solution_namespace(EX)


class Spy:
    """Every special method records that it was called while armed (and then raises): check() must call none."""

    calls: list[str] = []
    armed = False

    def _called(name):  # noqa: N805 - a helper run while the class body is built
        def method(self, *args, **kwargs):
            if Spy.armed:
                Spy.calls.append(name)
                raise RuntimeError(f"{name} was called")
            return getattr(object, name)(self, *args, **kwargs)
        return method

    for _name in ("__str__", "__repr__", "__eq__", "__ne__", "__hash__", "__len__", "__iter__", "__bool__",
                  "__format__", "__lt__", "__float__", "__int__", "__index__", "__getitem__", "__contains__"):
        locals()[_name] = _called(_name)
    del _name

    @property
    def __class__(self):  # isinstance() reads this when the real type does not match
        if Spy.armed:
            Spy.calls.append("__class__")
            raise RuntimeError("__class__ was read")
        return Spy


class SpyText(str):
    """Text whose own methods must never run: it is read as the text it holds."""

    def __str__(self):
        Spy.calls.append("SpyText.__str__")
        raise RuntimeError

    def __eq__(self, other):
        Spy.calls.append("SpyText.__eq__")
        raise RuntimeError

    __hash__ = str.__hash__


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.fixture
def exercise(tmp_path):
    return Exercise(EX, namespace=dict(SOLUTION), corpus=CORPUS, store=Store(tmp_path, "hostile"))


@pytest.mark.parametrize("task,variable,value,says", [
    ("q2", "voa_only", nested(100_000), "nested more than"),
    ("q2", "voa_only", Spy(), "is a Spy, a kind of value check() does not read"),
    ("q2", "voa_only", [Spy()], "is a Spy"),
    ("q2", "voa_only", {"a": [1, Spy()]}, "is a Spy"),
    ("q1", "musharraf_quotes", pd.DataFrame({"doc_id": [Spy()]}), "not plain values (one is a Spy)"),
    ("q1", "musharraf_quotes", pd.DataFrame({"doc_id": ["voa-2003"]}, index=[Spy()]), "row labels"),
    ("q4", "gap_voa", np.array([Spy()], dtype=object), "is a Spy"),
])
def test_a_hostile_value_gets_one_plain_message_and_none_of_its_code_runs(exercise, task, variable, value, says):
    Spy.calls.clear()
    exercise.namespace[variable] = value
    Spy.armed = True
    try:
        result = exercise.check(task)
    finally:
        Spy.armed = False
    assert result.status == "not yet" and not result.score
    text = repr(result) + result._repr_html_()
    assert says in text and "Traceback" not in text
    assert Spy.calls == []
    saved = exercise.store.latest()[(EX, task)]
    assert len(json.dumps(saved.answer)) < 20_000
    assert Spy.calls == []


def test_a_text_subclass_is_read_as_its_text_without_running_its_methods(exercise):
    Spy.calls.clear()
    right = SOLUTION["thaw_comparison"]
    exercise.namespace["thaw_comparison"] = SpyText(right)
    assert exercise.check("q6").status == "collected"
    assert Spy.calls == []


def test_plain_copies_subclasses_into_built_in_types():
    class Number(int):
        def __int__(self):
            raise RuntimeError

    class Items(list):
        def __iter__(self):
            raise RuntimeError

    assert type(plain(Number(5))) is int and plain(Number(5)) == 5
    assert plain(Items([1, "a"])) == [1, "a"] and type(plain(Items([1]))) is list
    assert plain({"a": (1, 2.5, None)}) == {"a": (1, 2.5, None)}
    with pytest.raises(NotPlain):
        plain(nested(11))
    Spy.armed = True
    try:
        assert describe(Spy()) == "(a Spy, not read)"
    finally:
        Spy.armed = False
    assert Spy.calls == [] and describe("x" * 10_000, 50).endswith("(10,000 characters)")


HANGS = textwrap.dedent("""
    import sys
    from pakru.corpus import load
    from pakru.exercises import Exercise
    from pakru.progress import Store

    class LoopStr:
        def __str__(self):
            while True:
                pass
        __repr__ = __str__

    class LoopEq(str):
        def __eq__(self, other):
            while True:
                pass
        def __hash__(self):
            while True:
                pass

    class Huge:  # C code that no alarm interrupts
        def __str__(self):
            return str(10 ** 10 ** 9)

    ex = Exercise("02_thaw_2003", namespace={}, corpus=load(), store=Store(sys.argv[1], "h"))
    for value in (LoopStr(), [LoopStr()], LoopEq("2003-02-05"), {"k": Huge()}, Huge()):
        ex.namespace["gap_voa"] = value
        ex.namespace["gap_latimes"] = value
        print(ex.check("q4").status, flush=True)
""")


def test_values_whose_methods_loop_forever_do_not_hang_the_check(tmp_path):
    result = subprocess.run([sys.executable, "-c", HANGS, str(tmp_path)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["not", "yet"] * 5


def test_every_check_has_a_time_limit():
    start = time.monotonic()
    with pytest.raises(CheckTimeout):
        with time_limit(0.3):
            while True:
                pass
    assert time.monotonic() - start < 30


def test_a_million_row_table_gets_its_verdict_within_the_check_time_limit(exercise):
    small = SOLUTION["musharraf_quotes"]
    big = small.iloc[np.arange(1_000_000) % len(small)].reset_index(drop=True)
    exercise.namespace["musharraf_quotes"] = big
    result = exercise.check("q1")
    text = repr(result)
    assert result.status == "not yet" and "far more rows than belong" in text and "took too long" not in text
    exercise.namespace["musharraf_quotes"] = SOLUTION["musharraf_quotes"]
    assert exercise.check("q1").status == "passed"


def test_a_huge_answer_is_not_stored_whole_nor_rewritten_on_every_save(exercise):
    exercise.namespace["thaw_comparison"] = "word " * 2_000_000  # 10 MB
    exercise.check("q6")
    exercise.check("q1")
    exercise.check("q2")
    assert exercise.store.path.stat().st_size < 100_000


def test_dates_decimals_and_pandas_labels_are_plain_values_too(exercise):
    import datetime

    assert plain(datetime.date(2003, 2, 5)) == datetime.date(2003, 2, 5)
    assert plain(pd.Index(["a", "b"])) == ["a", "b"]
    given = SOLUTION["meeting_date"]
    exercise.namespace["meeting_date"] = datetime.date.fromisoformat(str(given))
    assert exercise.check("q5").status == "passed"  # a date object reads like the date text
