"""Quotes, entities, events and themes, read against the cleaned text."""

from __future__ import annotations

import re

from pakru.annotate import check_all, entities, events, quotes, themes
from pakru.corpus import Corpus


def test_every_quotation_has_a_speaker_and_roles_are_the_texts_own_words(corpus):
    table = corpus.quotes
    assert (table["speaker"] != quotes.UNATTRIBUTED).all()
    for row in table.dropna(subset=["role"]).itertuples():
        doc_text = " ".join(corpus.document(row.doc_id).cleaned.render().split())
        assert row.role in doc_text


def test_quotes_are_found_in_their_paragraph_at_their_span(corpus):
    for row in corpus.quotes.itertuples():
        text = corpus.cite(row.doc_id, row.paragraph).text
        assert text[row.start + 1:row.end - 1] == row.quote


def test_quotes_by_a_speaker(corpus):
    safranchuk = corpus.quotes.query("speaker == 'Ivan Safranchuk'")
    assert list(safranchuk["paragraph"]) == [15, 16, 18]
    assert set(corpus.quotes.query("person_id == 'wazir'")["doc_id"]) == {"toi-2018"}


def test_entity_counts_match_an_independent_count(corpus):
    text = {doc_id: " ".join(group["text"]) for doc_id, group in corpus.paragraphs.groupby("doc_id")}
    counts = corpus.mention_counts()
    # "Lavrov" is only ever Sergei/Sergey Lavrov; "Kashmir" has no longer alias competing with it
    for name, word in (("Sergei Lavrov", "Lavrov"), ("Kashmir", "Kashmir"), ("Taliban", "Taliban")):
        for doc_id, body in text.items():
            assert counts.loc[name, doc_id] == len(re.findall(rf"\b{word}\b", body)), (name, doc_id)


def test_longest_alias_wins_so_zardari_is_not_counted_as_khawaja_asif(corpus):
    counts = corpus.mention_counts("person")
    assert counts.loc["Asif Ali Zardari", "nation-forum-2015"] == 1
    body = " ".join(corpus.paragraphs.query("doc_id == 'nation-forum-2015'")["text"])
    asif_words = len(re.findall(r"\bAsif\b", body))
    assert counts.loc["Khawaja Asif", "nation-forum-2015"] == asif_words - 1


def test_spelling_variants_count_as_one_entity(corpus):
    table = corpus.entities.query("entity_id == 'mujahideen'")
    assert set(table["doc_id"]) == {"latimes-2003", "moscowtimes-2011"}


def test_every_event_cites_evidence_found_verbatim(corpus):
    table = corpus.events
    assert len(table) >= 15
    for row in table.itertuples():
        assert row.citations, row.event_id
        assert row.evidence in corpus.cite(row.doc_id, row.paragraph).text
        if row.date_basis == "inferred":
            assert isinstance(row.date_reasoning, str) and row.date_reasoning


def test_events_come_from_all_five_sources(corpus):
    cited = {c.doc_id for cites in corpus.events["citations"] for c in cites}
    assert cited == set(corpus.documents)


def test_curated_data_is_valid(corpus):
    assert check_all(corpus) == []


def _copy_and_edit(project_copy, name, old, new):
    path = project_copy / "data" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return Corpus.load(project_copy / "seeds", project_copy / "data"), line


def test_event_citing_a_missing_paragraph_is_reported_with_its_line(project_copy):
    corpus, line = _copy_and_edit(project_copy, "events.yaml", "{doc: moscowtimes-2011, paragraph: 14,",
                                  "{doc: moscowtimes-2011, paragraph: 41,")
    problems = events.check(corpus)
    assert [(p.line, "moscowtimes-2011 ¶41" in p.message) for p in problems] == [(line, True)]


def test_event_evidence_that_is_not_in_the_paragraph_is_reported(project_copy):
    corpus, line = _copy_and_edit(project_copy, "events.yaml", "Throughout the war, Pakistan supported rebels",
                                  "Throughout the war, Pakistan armed rebels")
    problems = events.check(corpus)
    assert [(p.line, "not found verbatim" in p.message) for p in problems] == [(line, True)]


def test_event_with_bad_date_and_unknown_theme_reports_both(project_copy):
    corpus, _ = _copy_and_edit(project_copy, "events.yaml", "date: 2012-10\n", "date: 2012-13\n")
    path = project_copy / "data" / "events.yaml"
    path.write_text(path.read_text("utf-8").replace("theme: trade-energy", "theme: economy", 1), encoding="utf-8")
    messages = [p.message for p in events.check(corpus)]
    assert any("malformed date '2012-13'" in m for m in messages)
    assert any("theme must be one of" in m for m in messages)


def test_gazetteer_alias_shared_by_two_entities_is_refused(project_copy):
    corpus, line = _copy_and_edit(project_copy, "gazetteer.yaml", "aliases: [Maria Zakharova, Zakharova]",
                                  "aliases: [Maria Zakharova, Putin]")
    problems = entities.check(corpus)
    assert [(p.line, "'Putin' already names 'putin'" in p.message) for p in problems] == [(line, True)]


def test_quote_attribution_with_invented_role_is_reported(project_copy):
    corpus, line = _copy_and_edit(project_copy, "quotes.yaml", "role: a retired brigadier}",
                                  "role: a famous general}")
    problems = quotes.check(corpus)
    assert [(p.line, "not the text's own words" in p.message) for p in problems] == [(line, True)]


def test_theme_counts_are_per_thousand_words_and_auditable(corpus):
    counts = themes.theme_counts(corpus)
    assert list(counts.index) == list(corpus.documents)
    hits = themes.theme_hits(corpus, "india")
    for doc_id in corpus.documents:
        expected = len(hits.query("doc_id == @doc_id")) * 1000 / counts.loc[doc_id, "words"]
        assert abs(counts.loc[doc_id, "india"] - expected) < 0.01


def test_capitalised_theme_terms_are_case_sensitive(corpus):
    hits = themes.theme_hits(corpus, "united-states")
    assert "us" not in set(hits["match"])  # the pronoun is not the United States
