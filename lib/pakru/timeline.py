"""One timeline: the events the sources report and the dates the sources appeared, with citations."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pandas as pd

from pakru import dates
from pakru.citations import Citation
from pakru.plotstyle import drawn, new_figure
from pakru.render.figure import LessonFigure
from pakru.wording import counted

if TYPE_CHECKING:
    from pakru.corpus import Corpus

COLUMNS = ["date", "date_basis", "title", "entry", "theme", "end", "start", "stop", "date_precision", "doc_id",
           "paragraph", "citation"]
"""Date, how it is known and what happened come first, the citation last: what a printed table shows.
``entry`` says what a row is: "event" (from data/events.yaml) or "publication" (a source appearing)."""
PUBLICATION_LABEL = "A source is published"


def theme_labels(corpus: Corpus) -> dict[str, str]:
    """Theme id → label, from data/themes.yaml (the one list of themes), plus the publications' own marker."""
    from pakru.annotate.themes import themes

    return {t.id: t.label for t in themes(corpus)} | {"publication": PUBLICATION_LABEL}


def timeline_table(corpus: Corpus) -> pd.DataFrame:
    """Events and publications in date order; ``start`` is the first day a date can mean."""
    rows = []
    for e in corpus.events.itertuples():
        end = e.end if isinstance(e.end, str) else None
        rows.append({
            "date": e.date, "end": end, "start": pd.Timestamp(dates.start(e.date)),
            "stop": pd.Timestamp(dates.stop(end or e.date)), "date_precision": e.date_precision,
            "date_basis": e.date_basis, "entry": "event", "title": e.title, "theme": e.theme,
            "doc_id": e.doc_id, "paragraph": e.paragraph, "citation": str(Citation(e.doc_id, e.paragraph)),
        })
    for doc in corpus.documents.values():
        s = doc.entry
        rows.append({
            "date": s.date, "end": None, "start": pd.Timestamp(dates.start(s.date)),
            "stop": pd.Timestamp(dates.stop(s.date)), "date_precision": s.date_precision,
            "date_basis": s.date_basis, "entry": "publication", "title": f"{s.publisher_label()}: “{s.title}”",
            "theme": "publication", "doc_id": s.id, "paragraph": 1, "citation": str(Citation(s.id, 1)),
        })
    table = pd.DataFrame(rows, columns=COLUMNS)
    order = {"publication": 1, "event": 0}
    table["_entry"] = table["entry"].map(order)
    return table.sort_values(["start", "_entry"], kind="stable").drop(columns="_entry").reset_index(drop=True)


def describe(corpus: Corpus) -> str:
    """The timeline as plain text, one cited line per entry (what `python -m pakru timeline` prints)."""
    lines = []
    for row in corpus.timeline.itertuples():
        inferred = " (inferred)" if row.date_basis == "inferred" else ""
        when = dates.label(row.date) + (f"–{dates.label(row.end)}" if isinstance(row.end, str) else "")
        lines.append(f"{when:>18}{inferred:<11} {row.title}  [{row.citation}]")
    return "\n".join(lines)


Figure = LessonFigure
"""The timeline figure is a lesson figure like the others (an image with alt text, themed, sized for projecting)."""


def label(title: str, citation: str, width: int = 44) -> str:
    """A y-axis label: the event wrapped on at most two lines, its citation after it (always kept whole).

    >>> print(label("Putin cancels a planned visit to Islamabad", "nation-forum-2015 ¶4"))
    Putin cancels a planned visit to Islamabad
    [nation-forum-2015 ¶4]
    >>> print(label("Pakistan and Russia hold their first joint military exercise, Friendship 2016", "toi-2018 ¶9"))
    Pakistan and Russia hold their first joint
    military exercise, Friendship… [toi-2018 ¶9]
    """
    lines = textwrap.wrap(f"{title} [{citation}]", width, max_lines=2, placeholder=f"… [{citation}]")
    return "\n".join(lines)


def plot(corpus: Corpus, since: str | None = None, until: str | None = None,
         entries: tuple[str, ...] = ("event",)) -> Figure:
    """A timeline figure: one marker per event, coloured and shaped by theme; a bar spans a period.

    Shapes as well as colours distinguish themes, so the figure reads in greyscale too. Labels are wrapped
    on two lines at the style's font size (never squeezed), and each decade is shaded apart so the eye can
    group the rows.
    """
    table = corpus.timeline
    table = table[table["entry"].isin(entries)]
    if since:
        table = table[table["start"] >= pd.Timestamp(dates.start(since))]
    if until:
        table = table[table["start"] <= pd.Timestamp(dates.start(until))]
    themes = list(dict.fromkeys(table["theme"]))
    labels = theme_labels(corpus)
    # the basis rides with the citation, which a label always keeps whole
    cited = [c + ("; date inferred" if b == "inferred" else "") for c, b in zip(table["citation"],
                                                                               table["date_basis"], strict=True)]
    title = f"Pakistan–Russia relations as the {counted(len(corpus.documents), 'sources', 'source')} report them"
    first, last = (dates.label(table["date"].iloc[0]), dates.label(table["date"].iloc[-1])) if len(table) else ("", "")
    listed = "; ".join(f"{dates.label(d)}: {t} [{c}]" for d, t, c in zip(table["date"], table["title"], cited,
                                                                         strict=True))
    alt = (f"Timeline of {len(table)} events from {first} to {last}, coloured and shaped by theme "
           f"({', '.join(labels.get(t, t) for t in themes)}). "
           f"{(table['date_basis'] == 'inferred').sum()} of the dates are inferred, not stated in the sources. "
           f"In order: {listed}.")
    drawn_rows = table[["start", "stop", "theme", "title"]].assign(cited=cited)
    return drawn(_draw, (drawn_rows, [(t, labels.get(t, t)) for t in themes], title), alt)


def _draw(table: pd.DataFrame, themes: list[tuple[str, str]], title: str):
    """The timeline drawn: ``table`` has one row per entry (start, stop, theme, title, cited), in order."""
    from matplotlib import colormaps

    palette = colormaps["tab10"]
    markers = "osD^vP*Xh"
    fig, ax = new_figure(11, 0.62 * max(4, len(table)) + 1.2)
    rows = list(table.index)
    for i, (theme, label_text) in enumerate(themes):
        part = table[table["theme"] == theme]
        ys = [rows.index(ix) for ix in part.index]
        ax.hlines(ys, part["start"], part["stop"], color=palette(i % 10), linewidth=4, alpha=0.7, zorder=2)
        ax.scatter(part["start"], ys, marker=markers[i % len(markers)], s=90, label=label_text,
                   color=palette(i % 10), edgecolors="black", linewidths=0.6, zorder=3)
    decades = sorted({ts.year // 10 * 10 for ts in table["start"]})
    for n, decade in enumerate(decades):
        if n % 2:
            ax.axvspan(pd.Timestamp(f"{decade}-01-01"), pd.Timestamp(f"{decade + 10}-01-01"), alpha=0.08, zorder=0,
                       color=palette(7))
    ax.set_yticks(range(len(table)), [label(t, c) for t, c in zip(table["title"], table["cited"], strict=True)])
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.grid(axis="x", linestyle=":", zorder=0)
    ax.set_xlabel("Date (start of the period the source gives: a decade, year, month or day)")
    ax.set_ylabel("Event, with its citation")
    ax.set_title(title)
    ax.legend(title="Theme", loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig
