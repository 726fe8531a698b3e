"""The progress store's listener hook (what the class service's sender uses): after the save, never in its way."""

from __future__ import annotations

import pytest

from pakru import progress
from pakru.progress import Store, read_file


@pytest.fixture
def listeners(monkeypatch):
    monkeypatch.setattr(progress, "_LISTENERS", [])
    return progress._LISTENERS


def test_a_listener_hears_each_answer_after_it_is_on_disk(tmp_path, listeners):
    heard = []

    def listener(record, store):
        records, _ = read_file(store.path)  # already saved when the listener runs
        heard.append((record.question, [r.question for r in records]))

    progress.add_listener(listener)
    progress.add_listener(listener)  # once only
    store = Store(tmp_path, learner="ayesha")
    store.record("02_thaw_2003", "q1", answer="a", correct=True)
    store.record("02_thaw_2003", "q2", answer="b")
    assert heard == [("q1", ["q1"]), ("q2", ["q1", "q2"])]


def test_a_failing_listener_never_loses_or_blocks_the_answer(tmp_path, listeners):
    def broken(record, store):
        raise RuntimeError("service unreachable")

    progress.add_listener(broken)
    store = Store(tmp_path, learner="ayesha")
    saved = store.record("02_thaw_2003", "q1", answer="a", correct=True)
    assert store.latest()[("02_thaw_2003", "q1")] == saved
    assert any("service unreachable" in warning for warning in store.warnings)
