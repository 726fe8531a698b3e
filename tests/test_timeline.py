"""The merged timeline: dated, cited, ordered, drawn with a title, labels and a text alternative."""

from __future__ import annotations

import subprocess
import sys

from pakru.timeline import plot


def test_timeline_is_in_date_order_and_covers_every_source(corpus):
    table = corpus.timeline
    assert list(table["start"]) == sorted(table["start"])
    assert set(table.query("entry == 'publication'")["doc_id"]) == set(corpus.documents)
    assert set(table.query("entry == 'event'")["doc_id"]) == set(corpus.documents)
    assert (table["stop"] >= table["start"]).all()


def test_periods_span_to_their_end(corpus):
    taliban = corpus.timeline.query("title.str.startswith('Taliban rule')", engine="python").iloc[0]
    assert (taliban["start"].year, taliban["stop"].year) == (1996, 2001)


def test_figure_has_title_axis_labels_and_alt_text(corpus):
    figure = plot(corpus)
    ax = figure.figure.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.get_yticklabels()) == len(corpus.events)
    assert f"{len(corpus.events)} events" in figure.alt
    inferred = int((corpus.events["date_basis"] == "inferred").sum())
    assert f"{inferred} of the dates are inferred" in figure.alt


def test_timeline_command_prints_dated_cited_events_from_all_five_sources(corpus):
    out = subprocess.run([sys.executable, "-m", "pakru", "timeline"], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert len(lines) == len(corpus.timeline)
    for doc_id in corpus.documents:
        assert any(f"[{doc_id} ¶" in line for line in lines), doc_id
    assert any("(inferred)" in line for line in lines)
