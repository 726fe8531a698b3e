"""The corpus: citable tables, citations that resolve, and a sixth source that needs no code change."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap

import pytest

from pakru.citations import Citation
from pakru.corpus import Corpus


def test_tables_carry_citation_columns(corpus):
    for name in ("paragraphs", "quotes", "entities", "events", "timeline"):
        table = getattr(corpus, name)
        assert {"doc_id", "paragraph"} <= set(table.columns), name
        assert len(table) > 0, name
        for row in table[["doc_id", "paragraph"]].itertuples():
            assert corpus.resolves(Citation(row.doc_id, int(row.paragraph))), (name, row)


def test_sources_are_in_date_order_with_precision(corpus):
    assert list(corpus.sources["date"]) == sorted(corpus.sources["date"])
    assert dict(zip(corpus.sources["doc_id"], corpus.sources["date_precision"], strict=True))[
        "nation-forum-2015"] == "year"


def test_cite_resolves_to_text_raw_span_and_source(corpus):
    passage = corpus.cite("moscowtimes-2011", 4)
    assert passage.text.startswith("During the Cold War, Pakistan was allied with the United States")
    doc = corpus.document("moscowtimes-2011")
    assert doc.raw[passage.start:passage.end] == passage.raw
    assert passage.source.publisher == "The Moscow Times"
    assert "moscowtimes-2011 ¶4" in passage.reference and "24 January 2011" in passage.reference


def test_inferred_dates_and_publishers_are_labelled_in_citations(corpus):
    latimes = corpus.cite("latimes-2003", 1).reference
    assert latimes.startswith("Los Angeles Times (inferred), ") and "6 February 2003 (inferred)" in latimes
    voa = corpus.cite("voa-2003", 1).reference
    assert voa.startswith("Voice of America (inferred), ") and "4 February 2003, " in voa
    assert corpus.cite("moscowtimes-2011", 1).reference.count("(inferred)") == 0


def test_every_attribution_or_date_resting_on_an_online_copy_records_its_address(corpus):
    """The catalogue's reasoning points to "(see copies)" exactly where `copies` gives the copy's address."""
    for row in corpus.sources.itertuples():
        reasoning = f"{row.publisher_reasoning or ''} {row.date_reasoning or ''}"
        mentions_copy = "(see copies)" in reasoning
        assert mentions_copy == bool(row.copies), row.doc_id
        assert all(url.startswith("https://") for url in row.copies)
    inferred = corpus.sources.query("publisher_basis == 'inferred'")["doc_id"]
    assert set(inferred) == {"voa-2003", "latimes-2003", "toi-2018"}


def test_bad_citations_say_what_exists(corpus):
    with pytest.raises(KeyError, match="voa-2003 has paragraphs 1 to 10, not 99"):
        corpus.cite("voa-2003", 99)
    with pytest.raises(KeyError, match="no source 'bbc-2003'; sources are: voa-2003"):
        corpus.cite("bbc-2003", 1)
    with pytest.raises(ValueError, match="not a citation"):
        Citation.parse("voa 2003 paragraph 2")


def test_kwic_finds_each_whole_word_occurrence(corpus):
    hits = corpus.kwic("Kashmir")
    expected = sum(text.count("Kashmir") for text in corpus.paragraphs["text"])
    assert len(hits) == expected == 2
    assert set(hits["match"]) == {"Kashmir"}
    assert corpus.kwic("Afghan").shape[0] < corpus.kwic(r"Afghan\w*", regex=True).shape[0]


def test_find_locates_verbatim_text(corpus):
    assert corpus.find("33 years of accumulated ice") == [Citation("latimes-2003", 1)]
    assert corpus.find("not in any source at all") == []


SIXTH = textwrap.dedent("""\
    Advertisement

    Pakistan and Russia Hold Naval Drill

    KARACHI -- Pakistan and Russia held a naval drill near Karachi, officials said, as Sergei Lavrov
    praised "a new level of trust" between Moscow and Islamabad.

    Share
    """)


def _add_sixth_source(root):
    seeds = root / "seeds"
    (seeds / "005_sixth.txt").write_text(SIXTH, encoding="utf-8")
    with open(seeds / "catalogue.yaml", "a", encoding="utf-8") as catalogue:
        catalogue.write(textwrap.indent(textwrap.dedent("""
              - id: test-sixth-2019
                file: 005_sixth.txt
                title: Pakistan and Russia Hold Naval Drill
                publisher: Test Gazette
                publisher_basis: stated
                kind: newspaper (written by the test suite)
                date: 2019-11
                date_basis: inferred
                date_reasoning: Written for the test; the month stands in for reasoning from the text.
                era: defence-2010s
            """), "  "))
    digest = hashlib.sha256((seeds / "005_sixth.txt").read_bytes()).hexdigest()
    with open(seeds / "SHA256SUMS", "a", encoding="utf-8") as manifest:
        manifest.write(f"{digest}  005_sixth.txt\n")


def test_a_sixth_source_appears_everywhere_without_code_changes(project_copy):
    _add_sixth_source(project_copy)
    corpus = Corpus.load(project_copy / "seeds", project_copy / "data")
    assert "test-sixth-2019" in set(corpus.sources["doc_id"])
    paragraphs = corpus.paragraphs.query("doc_id == 'test-sixth-2019'")
    assert list(paragraphs["paragraph"]) == [1]
    assert paragraphs["text"].iloc[0].startswith("KARACHI -- Pakistan and Russia held a naval drill")
    assert corpus.document("test-sixth-2019").cleaned.headline == "Pakistan and Russia Hold Naval Drill"
    mentions = corpus.entities.query("doc_id == 'test-sixth-2019'")
    assert {"lavrov", "karachi", "moscow", "islamabad", "pakistan", "russia"} <= set(mentions["entity_id"])
    assert "test-sixth-2019" in corpus.mention_counts().columns
    quotes = corpus.quotes.query("doc_id == 'test-sixth-2019'")
    assert list(quotes["quote"]) == ["a new level of trust"]
    published = corpus.timeline.query("entry == 'publication' and doc_id == 'test-sixth-2019'")
    assert list(published["date"]) == ["2019-11"]
    assert list(corpus.kwic("drill")["doc_id"]) == ["test-sixth-2019"]


def test_counts_of_sources_and_themes_in_figures_and_captions_come_from_the_data(project_copy, corpus):
    """'Five sources' is a fact about today's data: a sixth source makes every caption say six."""
    from pakru import figures, lessons, timeline
    from pakru.annotate.themes import counted_themes
    from pakru.wording import counted

    assert "five sources" in figures.publication_dates(corpus).title
    _add_sixth_source(project_copy)
    six = Corpus.load(project_copy / "seeds", project_copy / "data")
    assert figures.publication_dates(six).title == "When the six sources were written, and how we know"
    assert figures.who_speaks(corpus=six).title == "Who speaks in all six sources"
    alt = figures.themes_over_time(six).alt
    assert f"Line chart of {counted(len(counted_themes(six)), 'themes')} across six sources" in alt
    assert "<strong>The six sources</strong>" in lessons.sources_overview(six).markup
    plotted = timeline.plot(six)
    assert plotted.figure.axes[0].get_title() == "Pakistan–Russia relations as the six sources report them"


def test_the_course_title_intro_and_sources_page_count_from_the_data(project_copy, corpus):
    """The site's words about the course ("five news texts from 2003 to 2018") follow a sixth source."""
    from pakru import lessons
    from pakru.render import render

    path = project_copy / "notebooks" / "lessons.yaml"
    title, intro = lessons.course_text(corpus, path)
    assert title.endswith("in five news texts") and "five news texts published from 2003 to 2018" in intro
    _add_sixth_source(project_copy)
    six = Corpus.load(project_copy / "seeds", project_copy / "data")
    title, intro = lessons.course_text(six, path)
    assert title.endswith("in six news texts") and "six news texts published from 2003 to 2019" in intro
    words = lessons.course_words(six, lessons.lessons(path))
    page = render("site_sources.html.j2", course=title, words=words, title="Sources", root="", nav=[], launch=None,
                  standalone=False, sources=[])
    assert "<p>Six news texts, from 2003 to 2019, kept byte for byte." in page
    assert "Every claim cites a passage of the six sources" in page


def test_where_a_publisher_appears_it_says_whether_we_inferred_it(corpus):
    from pakru import figures, lessons

    overview = lessons.sources_overview(corpus).text
    assert "Voice of America (inferred)\tinferred by us: Not named in the text." in overview
    assert "The Moscow Times\tnamed in the text:" in overview
    assert "Online copy: https://timesofislamabad.com/19-Feb-2018/" in overview
    published = corpus.timeline.query("entry == 'publication'").set_index("doc_id")["title"]
    assert published["toi-2018"].startswith("Times of Islamabad (inferred): ")
    assert published["moscowtimes-2011"].startswith("The Moscow Times: ")
    ticks = [t.get_text() for t in figures.publication_dates(corpus).axes.get_yticklabels()]
    assert "latimes-2003 (Los Angeles Times (inferred))" in ticks


def test_the_timeline_figure_says_which_event_dates_are_inferred(corpus):
    from pakru import timeline

    plotted = timeline.plot(corpus)
    ticks = " ".join(t.get_text().replace("\n", " ") for t in plotted.figure.axes[0].get_yticklabels())
    events = corpus.events
    assert ticks.count("; date inferred]") == (events["date_basis"] == "inferred").sum() > 0
    assert plotted.alt.count("; date inferred]") == (events["date_basis"] == "inferred").sum()


def test_the_check_command_accepts_a_sixth_source_and_flags_its_unattributed_quote(project_copy):
    _add_sixth_source(project_copy)
    result = subprocess.run([sys.executable, "-m", "pakru", "check"], capture_output=True, text=True,
                            env={**__import__("os").environ, "PAKRU_ROOT": str(project_copy)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test-sixth-2019 ¶1" in result.stdout and "warning" in result.stdout


def test_loading_a_seed_that_no_longer_matches_its_sha256_warns(project_copy):
    import warnings

    from pakru.sources import SeedChanged

    with warnings.catch_warnings():
        warnings.simplefilter("error", SeedChanged)
        Corpus.load(project_copy / "seeds", project_copy / "data")  # untouched seeds: not a word
    seed = next((project_copy / "seeds").glob("000_*.txt"))
    seed.write_bytes(seed.read_bytes().replace(b"Moscow", b"Moskva", 1))
    with pytest.warns(SeedChanged, match=f"{seed.name}: warning: differs from its SHA-256") as caught:
        corpus = Corpus.load(project_copy / "seeds", project_copy / "data")
    assert len(caught) == 1 and "not the original source text" in str(caught[0].message)
    assert [p.file.endswith(seed.name) for p in corpus.problems if "SHA-256" in p.message] == [True]
    env = {**__import__("os").environ, "PAKRU_ROOT": str(project_copy)}
    result = subprocess.run([sys.executable, "-m", "pakru", "timeline"], capture_output=True, text=True, env=env,
                            cwd=project_copy, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"⚠ seeds/{seed.name}: warning: differs from its SHA-256 in SHA256SUMS: this is not the original source "
        "text, so quotations and citations from it may be wrong (restore the file, e.g. with `git checkout seeds/`)"]


def test_is_every_catalogue_field_a_column_of_the_sources_table(corpus):
    from pakru.sources import SourceEntry

    fields = set(SourceEntry.model_fields) - {"id"}
    assert fields <= set(corpus.sources.columns)
    assert list(corpus.sources.columns[:3]) == ["doc_id", "title", "publisher"]
