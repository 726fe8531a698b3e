"""HTML from corpus text is always escaped, evidence is highlighted, and every passage carries its citation."""

from __future__ import annotations

from pakru import show
from pakru.citations import Citation

HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror="alert(1)">']


def test_escape_neutralises_markup():
    for text in HOSTILE:
        escaped = show.escape(text)
        assert "<" not in escaped and ">" not in escaped


def test_highlight_marks_evidence_and_escapes_around_it():
    text = 'Before <script>x</script> the evidence & after'
    markup = show.highlight(text, ["the evidence", "<script>"])
    assert markup.count("<mark") == 2
    assert "<script>" not in markup
    assert "&amp; after" in markup


def test_overlapping_evidence_is_marked_once():
    markup = show.highlight("one two three", ["one two", "two three"])
    assert markup.count("<mark") == 1 and markup.count("</mark>") == 1


def test_passage_shows_text_citation_and_highlight(corpus):
    html = show.passage("latimes-2003", 1, evidence=["33 years of accumulated ice"], corpus=corpus)._repr_html_()
    assert "33 years of accumulated ice</mark>" in html
    assert "Los Angeles Times" in html and "latimes-2003 ¶1" in html and "(inferred)" in html


def test_reading_accepts_citation_strings_and_plain_text_fallback(corpus):
    reading = show.reading("voa-2003 ¶2", Citation("moscowtimes-2011", 6), title="Two views", corpus=corpus)
    html = reading._repr_html_()
    assert html.count("<blockquote") == 2 and "<h3>Two views</h3>" in html
    assert "more than 30 years" in str(reading) and "in 30 years" in str(reading)


def test_typographic_quotes_survive_escaping(corpus):
    html = show.passage("latimes-2003", 3, corpus=corpus)._repr_html_()
    assert "“No one sings pop songs about me,”" in html


def test_raw_view_shows_the_original_bytes_escaped(corpus):
    raw = show.raw("moscowtimes-2011", 5, corpus=corpus)
    assert "guerrillas\n\nbattling" in raw.text
    assert "characters" in raw._repr_html_()


def test_hostile_source_text_is_shown_as_text(project_copy):
    import pytest

    from pakru.corpus import Corpus
    from pakru.sources import SeedChanged

    seed = project_copy / "seeds" / "000_40c0c1059b2fc02d.txt"
    hostile = "\nHe wrote <script>alert(1)</script> and <img src=x onerror=alert(1)>.\n"
    seed.write_text(seed.read_text("utf-8") + hostile, encoding="utf-8")
    with pytest.warns(SeedChanged):  # the changed seed is reported; here that is the point
        corpus = Corpus.load(project_copy / "seeds", project_copy / "data")
    last = len(corpus.document("voa-2003").paragraphs)
    html = show.passage("voa-2003", last, corpus=corpus)._repr_html_()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_do_paragraphs_show_whole_texts_to_read(corpus):
    shown = show.paragraphs("voa-2003", "latimes-2003", corpus=corpus)
    html, text = shown._repr_html_(), str(shown)
    wanted = corpus.paragraphs[corpus.paragraphs["doc_id"].isin(["voa-2003", "latimes-2003"])]
    longest = max(wanted["text"], key=len)
    assert len(longest) > 200
    assert show.escape(longest).replace("&#x27;", "&#39;").replace("&quot;", "&#34;") in html
    assert longest in text
    assert html.count("<tr>") == len(wanted) + 1 and "pakru-texts" in html


def test_does_a_whole_table_escape_its_cells():
    import pandas as pd

    html = show.table(pd.DataFrame({"text": ['<img src=x onerror="alert(1)">']}))._repr_html_()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_do_paragraphs_name_the_sources_there_are_for_an_unknown_id(corpus):
    import pytest

    with pytest.raises(KeyError, match="voa-2003"):
        show.paragraphs("nope-1999", corpus=corpus)
