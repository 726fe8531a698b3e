"""Figure sizes and fonts: nothing smaller than the style's small size, larger in present mode; the timeline's
labels wrapped on at most two lines and every one legible."""

from __future__ import annotations

import pytest
from matplotlib.text import Text

from pakru import figures, plotstyle, timeline


@pytest.fixture
def normal_style():
    plotstyle.present(False)
    yield plotstyle.STYLE
    plotstyle.present(False)


def texts(fig) -> list[Text]:
    return [t for t in fig.figure.findobj(Text) if t.get_text().strip()]


def test_is_no_text_in_a_lesson_figure_smaller_than_the_small_size(corpus, normal_style):
    for fig in (figures.term_counts(["India", "Taliban"], corpus=corpus), figures.who_speaks(corpus=corpus),
                figures.mentions("person", corpus=corpus), timeline.plot(corpus)):
        sizes = [t.get_fontsize() for t in texts(fig)]
        assert sizes and min(sizes) >= normal_style.size("small") >= 10, fig.title


def test_does_present_mode_make_text_and_images_larger(corpus, normal_style):
    normal = figures.term_counts(["India"], corpus=corpus)
    plotstyle.present(True)
    large = figures.term_counts(["India"], corpus=corpus)
    assert large.axes.title.get_fontsize() > normal.axes.title.get_fontsize()
    assert min(t.get_fontsize() for t in texts(large)) > min(t.get_fontsize() for t in texts(normal))
    assert large.dpi > normal.dpi
    assert large.figure.get_size_inches()[0] > normal.figure.get_size_inches()[0]


def test_are_the_timeline_labels_wrapped_and_cited(corpus, normal_style):
    fig = timeline.plot(corpus)
    labels = [t.get_text() for t in fig.axes.get_yticklabels()]
    assert len(labels) == len(corpus.events)
    assert all(len(label.splitlines()) <= 2 and max(map(len, label.splitlines())) <= 44 for label in labels)
    assert all(label.rstrip().endswith("]") and "¶" in label.splitlines()[-1] for label in labels)
    rows_per_inch = len(labels) / fig.figure.get_size_inches()[1]
    assert rows_per_inch <= 2, "two-line labels at 10 pt need about half an inch each"


def test_does_the_timeline_alt_text_list_every_event(corpus):
    fig = timeline.plot(corpus)
    for title, citation in zip(corpus.events["title"], corpus.events["doc_id"], strict=True):
        assert title in fig.alt and citation in fig.alt
