"""Property tests: whatever bytes or record fields a learner hands in, the gradebook answers in lines.

No exception escapes a parser, and nothing the gradebook prints or writes to problems.txt holds a control
character, whatever the learner put in a file name or a record field.
"""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from pakru.gradebook import cli
from pakru.gradebook.read.formats import PARSERS
from pakru.gradebook.text import visible

FIELD = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30)
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | FIELD,
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(FIELD, inner, max_size=4),
                       max_leaves=12)


@given(data=st.binary(max_size=400) | JSONISH.map(lambda v: json.dumps(v).encode()),
       suffix=st.sampled_from(sorted(PARSERS)))
def test_no_bytes_make_a_parser_raise(data, suffix):
    found, problems, ours = PARSERS[suffix](data, "f")
    assert isinstance(found, list) and all(isinstance(p, str) for p in problems) and isinstance(ours, bool)


def record(learner, activity, question, kind, answer):
    return {"learner": learner, "activity": activity, "question": question, "kind": kind, "answer": answer,
            "correct": True, "attempts": 1, "score": 1.0, "max_score": 1.0,
            "timestamp": "2026-03-01T10:00:00.000000Z", "hub_user": learner, "session": "s"}


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=FIELD.filter(lambda n: n not in (".", "..") and "/" not in n and "\x00" not in n),
       activity=FIELD, question=FIELD, kind=st.sampled_from(["quiz", "exercise"]), answer=JSONISH)
def test_no_name_or_field_reaches_the_terminal_raw(tmp_path_factory, capsys, name, activity, question, kind,
                                                  answer):
    root = tmp_path_factory.mktemp("in")
    (root / name).mkdir()
    data = {"format": "pakru-progress/1", "records": [record(name, activity, question, kind, answer)]}
    (root / name / f"{name}.json").write_text(json.dumps(data), "utf-8")
    out = tmp_path_factory.mktemp("out")
    assert cli.main([str(root), "--out", str(out)]) in (0, 1)
    captured = capsys.readouterr()
    texts = [captured.out, captured.err] + ([(out / "problems.txt").read_text("utf-8")]
                                            if (out / "problems.txt").exists() else [])
    for text in texts:
        assert all(c.isprintable() or c == "\n" for c in text), repr(text)


def test_visible_leaves_printable_text_alone_and_escapes_the_rest():
    assert visible("Зоя 王芳 café") == "Зоя 王芳 café"
    assert visible("a\x1b[31mb\nc\u202ed") == "a\\x1b[31mb\\nc\\u202ed"
    assert all(visible(c) == c for c in string.printable if c.isprintable())
