"""pakru.figures: every figure has a title, labelled axes and a text alternative that carries its numbers."""

from __future__ import annotations

import re

import pytest

from pakru import figures, timeline

BUILDERS = {
    "publication_dates": lambda c: figures.publication_dates(c),
    "term_counts": lambda c: figures.term_counts(["India|New Delhi", "Taliban"], corpus=c),
    "who_speaks": lambda c: figures.who_speaks(corpus=c),
    "who_speaks_one": lambda c: figures.who_speaks(["moscowtimes-2011"], corpus=c),
    "themes_over_time": lambda c: figures.themes_over_time(c),
    "mentions": lambda c: figures.mentions("person", corpus=c),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_does_the_figure_have_a_title_axis_labels_and_alt_text(name, corpus):
    fig = BUILDERS[name](corpus)
    assert fig.title.strip() and fig.xlabel.strip() and fig.ylabel.strip()
    assert len(fig.alt) > 60
    html = fig._repr_html_()
    assert html.count("<img") == 1 and 'alt="' in html and "Text alternative" in html
    assert fig.png().startswith(b"\x89PNG")


def test_does_the_timeline_figure_used_in_lesson_5_have_a_title_and_axis_labels(corpus):
    fig = timeline.plot(corpus)
    ax = fig.figure.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel() and len(fig.alt) > 60


def test_do_term_counts_count_whole_words_and_all_variants(corpus):
    table = figures.term_table(["mujahedin", "mujahedin|moujahedeen", "US"], corpus=corpus)
    assert table.loc["mujahedin"].to_dict() == {d: (1 if d == "moscowtimes-2011" else 0) for d in corpus.documents}
    assert table.loc["mujahedin|moujahedeen"].sum() == 2
    by_hand = sum(len(re.findall(r"(?<!\w)US(?!\w)", t)) for t in corpus.paragraphs["text"])
    assert table.loc["US"].sum() == by_hand > 0


def test_does_the_term_figure_put_every_count_in_its_alt_text(corpus):
    fig = figures.term_counts(["Taliban"], ["latimes-2003", "toi-2018"], corpus=corpus)
    assert "Taliban: latimes-2003 2, toi-2018 0" in fig.alt


def test_does_who_speaks_count_quotations_per_speaker(corpus):
    fig = figures.who_speaks(["toi-2018"], corpus=corpus)
    quotes = corpus.quotes[corpus.quotes["doc_id"] == "toi-2018"]
    for speaker, n in quotes["speaker"].value_counts().items():
        assert f"{speaker} in toi-2018: {n}" in fig.alt


def test_does_the_alt_text_escape_markup(corpus):
    fig = figures.term_counts(['<b onmouseover="x">'], corpus=corpus)
    html = fig._repr_html_()
    assert "<b onmouseover" not in html and "&lt;b onmouseover=&#34;x&#34;&gt;" in html


def test_are_categories_told_apart_by_more_than_colour(corpus):
    fig = figures.term_counts(["India", "Taliban"], corpus=corpus)
    hatches = {bar.get_hatch() for bar in fig.axes.patches}
    assert len(hatches) == len(corpus.documents)
    assert all(t.get_text() for t in fig.axes.texts)
