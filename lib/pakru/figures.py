"""Lesson figures: each has a title, labelled axes and a text alternative, and shows as an <img> with alt text.

Figures are built on ``matplotlib.figure.Figure`` (not pyplot), so nothing is shown twice and no global
state leaks between cells. Categories are told apart by labels, hatching and markers, never by colour alone.
"""

from __future__ import annotations

import pandas as pd

from pakru import dates
from pakru.annotate.terms import term_pattern
from pakru.corpus import Corpus, load
from pakru.plotstyle import drawn, new_figure, present
from pakru.render.figure import LessonFigure
from pakru.wording import counted

__all__ = ["LessonFigure", "mentions", "present", "publication_dates", "term_counts", "term_table", "themes_over_time",
           "who_speaks"]

HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")


def _new(width: float, height: float):
    return new_figure(width, height)


def _variants(term: str) -> list[str]:
    return [t.strip() for t in term.split("|") if t.strip()]


def term_table(terms: list[str], doc_ids: list[str] | None = None, corpus: Corpus | None = None) -> pd.DataFrame:
    """Whole-word mentions of each term per source; ``"Soviet|Soviets"`` counts the variants together.

    A term in lower case matches any case; one with capitals ("US") matches only as written.
    """
    corpus = corpus or load()
    doc_ids = doc_ids or list(corpus.documents)
    rows = {}
    for term in terms:
        pattern = term_pattern(_variants(term), ignore_case_for_lower=True)
        rows[term] = [sum(len(pattern.findall(p.text)) for p in corpus.document(d).paragraphs) for d in doc_ids]
    return pd.DataFrame.from_dict(rows, orient="index", columns=doc_ids)


def term_counts(terms: list[str], doc_ids: list[str] | None = None, title: str | None = None,
                corpus: Corpus | None = None) -> LessonFigure:
    """Grouped bars: how often each term (with its variants) occurs in each source."""
    table = term_table(terms, doc_ids, corpus)
    parts = []
    for term, row in table.iterrows():
        counts = ", ".join(f"{d} {n}" for d, n in row.items())
        parts.append(f"{term.replace('|', ' / ')}: {counts}")
    alt = f"Bar chart of mentions per source. {'; '.join(parts)}."
    return drawn(_draw_term_counts, (table, title or "How often each source uses these words"), alt)


def _draw_term_counts(table: pd.DataFrame, title: str):
    figure, ax = _new(9, 0.5 + 0.45 * len(table) * max(1, len(table.columns)) ** 0.6)
    height = 0.8 / len(table.columns)
    for i, doc_id in enumerate(table.columns):
        ys = [n + i * height for n in range(len(table))]
        bars = ax.barh(ys, table[doc_id], height=height, hatch=HATCHES[i % len(HATCHES)], edgecolor="black",
                       label=doc_id, color=f"C{i}", alpha=0.8)
        ax.bar_label(bars, labels=[f"{v} ({doc_id})" for v in table[doc_id]], padding=3, fontsize=7)
    ax.set_yticks([n + 0.4 - height / 2 for n in range(len(table))], [t.replace("|", " / ") for t in table.index])
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, table.to_numpy().max()) * 1.45)
    ax.set_xlabel("Mentions (whole words, all spellings listed)")
    ax.set_ylabel("Term searched for")
    ax.set_title(title)
    ax.legend(title="Source", loc="lower right", fontsize=8)
    return figure


def publication_dates(corpus: Corpus | None = None) -> LessonFigure:
    """When each source appeared, marking dates we inferred (hollow) apart from dates the text states (filled)."""
    corpus = corpus or load()
    table = corpus.sources[["doc_id", "date", "date_basis", "date_precision"]]
    publishers = {d.id: d.entry.publisher_label() for d in corpus.documents.values()}
    described = "; ".join(f"{r.doc_id} ({publishers[r.doc_id]}): {dates.label(r.date)}, {r.date_basis}"
                          for r in table.itertuples())
    return drawn(_draw_publication_dates, (table, publishers),
                 f"Dot chart of publication dates from 2003 to 2018. {described}.")


def _draw_publication_dates(table: pd.DataFrame, publishers: dict[str, str]):
    figure, ax = _new(9, 3.2)
    for n, row in enumerate(table.itertuples()):
        start, stop = pd.Timestamp(dates.start(row.date)), pd.Timestamp(dates.stop(row.date))
        stated = row.date_basis == "stated"
        if row.date_precision != "day":
            ax.hlines(n, start, stop, color="C0", linewidth=4, alpha=0.5)
        ax.plot([start], [n], marker="o" if stated else "s", markersize=9, color="C0",
                markerfacecolor="C0" if stated else "white", linestyle="none")
        ax.annotate(f"{dates.label(row.date)} ({'stated' if stated else 'inferred'})", (start, n),
                    xytext=(8, 6), textcoords="offset points", fontsize=8)
    ax.plot([], [], marker="o", color="C0", linestyle="none", label="● date printed in the text")
    ax.plot([], [], marker="s", color="C0", markerfacecolor="white", linestyle="none", label="□ date inferred by us")
    ax.set_yticks(range(len(table)), [f"{r.doc_id} ({publishers[r.doc_id][:40]})" for r in table.itertuples()],
                  fontsize=8)
    ax.set_ylim(len(table) - 0.4, -0.8)
    ax.set_xlim(pd.Timestamp("2002-01-01"), pd.Timestamp("2021-06-30"))
    ax.set_xlabel("Date of publication (a bar spans a date known only to the year)")
    ax.set_ylabel("Source")
    ax.set_title(f"When the {counted(len(table), 'sources', 'source')} were written, and how we know")
    ax.legend(loc="lower left", fontsize=8)
    return figure


def who_speaks(doc_ids: list[str] | None = None, corpus: Corpus | None = None) -> LessonFigure:
    """Quoted passages per speaker and source: who gets a voice, named or not."""
    corpus = corpus or load()
    quotes = corpus.quotes
    if doc_ids:
        quotes = quotes[quotes["doc_id"].isin(doc_ids)]
    order = {d: n for n, d in enumerate(corpus.documents)}
    counts = (quotes.assign(role=quotes["role"].fillna("no role given"))
              .groupby(["doc_id", "speaker"], sort=False).agg(role=("role", "first"), quotes=("role", "size"))
              .reset_index())
    counts = counts.sort_values(["doc_id", "quotes"], key=lambda s: s.map(order) if s.name == "doc_id" else -s,
                                kind="stable")
    title = "Who speaks in " + (", ".join(doc_ids) if doc_ids else
                                 f"all {counted(len(corpus.documents), 'sources', 'source')}")
    unnamed = sum(1 for n in _named(counts) if not n)
    described = "; ".join(f"{r.speaker} in {r.doc_id}: {r.quotes}" for r in counts.itertuples())
    alt = (f"Bar chart of quoted passages per speaker. {len(counts)} speakers, {unnamed} of them not named. "
           f"{described}.")
    return drawn(_draw_who_speaks, (counts, title), alt)


def _named(counts: pd.DataFrame) -> list[bool]:
    return [not str(s).startswith(("unnamed", "unattributed", "official statement")) for s in counts["speaker"]]


def _draw_who_speaks(counts: pd.DataFrame, title: str):
    figure, ax = _new(9, 0.6 + 0.38 * max(3, len(counts)))
    labels = [f"{r.speaker} ({_short(r.role)}) — {r.doc_id}" for r in counts.itertuples()]
    named = _named(counts)
    bars = ax.barh(range(len(counts)), counts["quotes"], color=["C0" if n else "C7" for n in named],
                   hatch=["" if n else "//" for n in named], edgecolor="black")
    ax.bar_label(bars, labels=[f"{q} ({'named' if n else 'not named'})" for q, n in zip(counts["quotes"], named,
                                                                                         strict=True)],
                 padding=3, fontsize=8)
    ax.set_yticks(range(len(counts)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, counts["quotes"].max() if len(counts) else 1) * 1.4)
    ax.set_xlabel("Quoted passages (a paragraph with several quotations counts each one)")
    ax.set_ylabel("Speaker (role as the source gives it) — source")
    ax.set_title(title)
    return figure


def _short(role: str, limit: int = 34) -> str:
    return role if len(role) <= limit else role[: limit - 1] + "…"


def themes_over_time(corpus: Corpus | None = None) -> LessonFigure:
    """Theme words per 1,000 words in each source, sources in date order (inferred dates marked)."""
    from pakru.annotate.themes import counted_themes, theme_counts

    corpus = corpus or load()
    counts = theme_counts(corpus)
    found = counted_themes(corpus)
    basis = dict(zip(corpus.sources["doc_id"], corpus.sources["date_basis"], strict=True))
    parts = []
    for doc_id, row in counts.iterrows():
        top = max(found, key=lambda t: row[t.id])
        parts.append(f"{doc_id} ({row['date']}): most words on {top.label} ({row[top.id]} per 1,000)")
    alt = (f"Line chart of {counted(len(found), 'themes', 'theme')} across "
           f"{counted(len(counts), 'sources', 'source')}, per 1,000 words. " + "; ".join(parts) + ".")
    return drawn(_draw_themes_over_time, (counts, [(t.id, t.label) for t in found], basis), alt)


def _draw_themes_over_time(counts: pd.DataFrame, found: list[tuple[str, str]], basis: dict[str, str]):
    xs = range(len(counts))
    figure, ax = _new(10, 4.6)
    for i, (theme_id, label) in enumerate(found):
        ax.plot(xs, counts[theme_id], marker=MARKERS[i % len(MARKERS)], linestyle="-", color=f"C{i}",
                label=label, markersize=8)
    ax.set_xticks(xs, [f"{d}\n{dates.label(row['date'])}{' (inferred)' if basis[d] == 'inferred' else ''}"
                       for d, row in counts.iterrows()], fontsize=8)
    ax.set_xlabel("Source, in order of publication (the gaps between them are uneven: 2003 to 2018)")
    ax.set_ylabel("Theme words per 1,000 words")
    ax.set_title("Themes over time, measured by counting words in each source")
    ax.legend(title="Theme", loc="upper left", bbox_to_anchor=(1.08, 1), fontsize=8)
    return figure


def mentions(entity_type: str = "person", top: int = 12, corpus: Corpus | None = None) -> LessonFigure:
    """A grid of how often each source mentions each person (or place, organisation), numbers in every cell."""
    corpus = corpus or load()
    table = corpus.mention_counts(entity_type)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index[:top]]
    noun = {"person": "people", "place": "places", "organisation": "organisations"}.get(entity_type, entity_type)
    parts = []
    for name, row in table.iterrows():
        where = ", ".join(f"{d} {n}" for d, n in row.items() if n)
        parts.append(f"{name}: {where}")
    return drawn(_draw_mentions, (table, noun), f"Grid of mention counts ({noun} by source). {'; '.join(parts)}.")


def _draw_mentions(table: pd.DataFrame, noun: str):
    figure, ax = _new(9, 0.8 + 0.4 * len(table))
    ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
    high = table.to_numpy().max() if table.size else 0
    for (r, c), value in pd.DataFrame(table.to_numpy()).stack().items():
        ax.text(c, r, str(value) if value else "·", ha="center", va="center", fontsize=9,
                color="white" if value > high * 0.6 else "black")
    ax.set_xticks(range(len(table.columns)), list(table.columns), fontsize=8)
    ax.set_yticks(range(len(table.index)), list(table.index), fontsize=8)
    ax.set_xlabel("Source (oldest to newest)")
    ax.set_ylabel(f"{noun.capitalize()} (spellings merged by the gazetteer)")
    ax.set_title(f"Which {noun} each source mentions, and how often")
    return figure
