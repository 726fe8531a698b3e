"""The corpus: cleaned documents and their paragraphs, as citable pandas DataFrames."""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pakru.annotate.entities import mention_counts, mentions_table
from pakru.annotate.events import events_table
from pakru.annotate.quotes import quotes_table
from pakru.citations import Citation
from pakru.clean import Block, Cleaned, Rules, clean, load_rules
from pakru.paths import DATA_DIR, SEEDS_DIR
from pakru.problems import Problem, ProblemError, errors
from pakru.sources import RawSource, SeedChanged, SourceEntry, changed_seeds, read_sources
from pakru.timeline import timeline_table


@dataclass(frozen=True)
class Document:
    """One source: its catalogue card, its raw text and what cleaning made of it."""

    entry: SourceEntry
    raw: str
    """The decoded raw file (BOM removed, nothing else): paragraph spans index into it.

    Line ends are kept as stored, so the offsets of a CRLF file differ from those of its LF copy
    (each CRLF counts two characters); ``lines_of`` and ``lf_offsets`` give positions valid for both.
    """
    cleaned: Cleaned

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def paragraphs(self) -> list[Block]:
        return self.cleaned.paragraphs

    def paragraph(self, n: int) -> Block:
        """Paragraph ``n`` (1-based), or a KeyError that says how many there are."""
        if not 1 <= n <= len(self.paragraphs):
            raise KeyError(f"{self.id} has paragraphs 1 to {len(self.paragraphs)}, not {n}")
        return self.paragraphs[n - 1]

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """The first and last line (1-based) of a raw span; the same whatever the file's line ends."""
        last = max(start, end - 1)
        return self.raw.count("\n", 0, start) + 1, self.raw.count("\n", 0, last) + 1

    def lf_offsets(self, start: int, end: int) -> tuple[int, int]:
        """A raw span as offsets into the same text with LF line ends (each CRLF becomes one LF)."""
        def shift(at: int) -> int:
            return at - self.raw.count("\r\n", 0, at) - (1 if at and self.raw[at - 1:at + 1] == "\r\n" else 0)
        return shift(start), shift(end)


@dataclass(frozen=True)
class Passage:
    """A resolved citation: the cleaned text, where it sits in the raw file, and its source."""

    citation: Citation
    text: str
    raw: str
    """The same passage exactly as it stands in the raw file."""
    start: int
    end: int
    """Character offsets into ``Document.raw`` (the file as stored: a CRLF line end counts two characters)."""
    source: SourceEntry
    lines: tuple[int, int] = (0, 0)
    """First and last line of the passage in the raw file (1-based): the same for a CRLF file and its LF copy."""
    lf_span: tuple[int, int] = (0, 0)
    """``start``/``end`` as they would be in the file with LF line ends (equal to them for an LF file)."""

    @property
    def reference(self) -> str:
        """A reader's citation line: publisher, title, date (each marked where we inferred it), paragraph."""
        s = self.source
        return f"{s.publisher_label()}, “{s.title}”, {s.date_label()}, ¶{self.citation.paragraph} [{self.citation}]"

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """Plain text in a notebook; for the HTML view use ``pakru.show.passage`` (showing lives above the corpus)."""
        printer.text(str(self))

    def __str__(self) -> str:
        return f"{self.text}\n— {self.reference}"


SOURCE_COLUMNS = ["doc_id", "title", "publisher", "publisher_basis", "publisher_reasoning", "copies", "byline", "kind",
                  "date", "date_precision", "date_basis", "date_reasoning", "place", "url", "era", "audience",
                  "paragraphs", "file"]
"""The first columns of ``Corpus.sources``, in the order a reader wants them; every other card field follows."""


class Corpus:
    """All sources, cleaned; every table it gives has ``doc_id`` and ``paragraph`` columns to cite."""

    def __init__(self, documents: list[Document], data_dir: Path = DATA_DIR,
                 problems: list[Problem] | None = None, seeds_dir: Path = SEEDS_DIR):
        self.documents = {d.id: d for d in sorted(documents, key=lambda d: (d.entry.date, d.id))}
        self.data_dir = data_dir
        self.seeds_dir = seeds_dir
        self.problems = list(problems or [])
        """Warnings met while loading (errors stop the load)."""

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def load(cls, seeds_dir: Path = SEEDS_DIR, data_dir: Path = DATA_DIR) -> Corpus:
        """Read, decode and clean every catalogued source; raise ProblemError listing every error."""
        corpus, problems = cls.collect(seeds_dir, data_dir)
        if errors(problems):
            raise ProblemError(errors(problems))
        changed = changed_seeds(seeds_dir)
        corpus.problems += changed
        for problem in changed:  # shown in the notebook or on the terminal, once per file
            warnings.warn(SeedChanged(str(problem)), stacklevel=2)
        return corpus

    @classmethod
    def collect(cls, seeds_dir: Path = SEEDS_DIR, data_dir: Path = DATA_DIR) -> tuple[Corpus, list[Problem]]:
        """Like ``load`` but never raises for bad sources: returns what loaded and every problem."""
        sources, problems = read_sources(seeds_dir)
        try:
            rules = load_rules(data_dir / "boilerplate.yaml")
        except ProblemError as exc:
            return cls([], data_dir, problems, seeds_dir), problems + exc.problems
        documents = [document_from(source, rules) for source in sources]
        return cls(documents, data_dir, [p for p in problems if p.severity != "error"], seeds_dir), problems

    # -- looking things up ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        return f"<Corpus of {len(self)} sources, {len(self.paragraphs)} paragraphs>"

    def document(self, doc_id: str) -> Document:
        """The document with this id, or a KeyError listing the ids there are."""
        try:
            return self.documents[doc_id]
        except KeyError:
            raise KeyError(f"no source {doc_id!r}; sources are: {', '.join(self.documents)}") from None

    def cite(self, doc_id: str | Citation, paragraph: int | None = None) -> Passage:
        """Resolve a citation (``cite("voa-2003", 2)`` or ``cite(Citation(...))``) to its passage."""
        citation = doc_id if isinstance(doc_id, Citation) else Citation(doc_id, int(paragraph or 0))
        doc = self.document(citation.doc_id)
        block = doc.paragraph(citation.paragraph)
        return Passage(citation, block.text, doc.raw[block.start:block.end], block.start, block.end, doc.entry,
                       doc.lines_of(block.start, block.end), doc.lf_offsets(block.start, block.end))

    def resolves(self, citation: Citation) -> bool:
        """True when the citation names an existing paragraph."""
        doc = self.documents.get(citation.doc_id)
        return doc is not None and 1 <= citation.paragraph <= len(doc.paragraphs)

    # -- tables -----------------------------------------------------------------------------------
    @functools.cached_property
    def sources(self) -> pd.DataFrame:
        """One row per source: its catalogue card, with date precision and paragraph count.

        Every field of the card is a column (a field added to ``sources.SourceEntry`` appears here with no
        more code); ``SOURCE_COLUMNS`` only sets the order of the first ones.
        """
        rows = []
        for doc in self.documents.values():
            e = doc.entry
            card = {name: getattr(e, name) for name in type(e).model_fields if name != "id"}
            rows.append({"doc_id": e.id, **card, "copies": [c.url for c in e.copies],
                         "date_precision": e.date_precision, "paragraphs": len(doc.paragraphs)})
        columns = list(rows[0]) if rows else ["doc_id"]
        return pd.DataFrame(rows, columns=SOURCE_COLUMNS + [c for c in columns if c not in SOURCE_COLUMNS])

    @functools.cached_property
    def paragraphs(self) -> pd.DataFrame:
        """One row per cleaned paragraph: ``doc_id``, ``paragraph``, ``text``, raw ``start``/``end``."""
        rows = [
            {"doc_id": doc.id, "paragraph": n, "text": block.text, "start": block.start, "end": block.end,
             "date": doc.entry.date, "publisher": doc.entry.publisher, "era": doc.entry.era}
            for doc in self.documents.values()
            for n, block in enumerate(doc.paragraphs, 1)
        ]
        return pd.DataFrame(rows, columns=["doc_id", "paragraph", "text", "start", "end",
                                           "date", "publisher", "era"])

    @functools.cached_property
    def removed(self) -> pd.DataFrame:
        """What cleaning took out of each raw text, and why: audit it against the raw file.

        ``removed_as`` says what the text was taken for (``boilerplate``, ``duplicate``, ``forum-header``, or a
        metadata line's role such as ``byline``), ``reason`` says why in words."""
        rows = [
            {"doc_id": doc.id, "removed_as": b.role, "text": b.text, "reason": b.reason, "start": b.start,
             "end": b.end}
            for doc in self.documents.values()
            for b in doc.cleaned.removed
        ]
        return pd.DataFrame(rows, columns=["doc_id", "removed_as", "text", "reason", "start", "end"])

    def kwic(self, term: str, width: int = 40, regex: bool = False, ignore_case: bool = True) -> pd.DataFrame:
        """Keyword in context: every whole-word match of ``term`` with ``width`` characters either side."""
        flags = re.IGNORECASE if ignore_case else 0
        pattern = re.compile(term if regex else rf"\b{re.escape(term)}\b", flags)
        rows = []
        for doc in self.documents.values():
            for n, block in enumerate(doc.paragraphs, 1):
                for m in pattern.finditer(block.text):
                    rows.append({
                        "doc_id": doc.id, "paragraph": n,
                        "left": block.text[max(0, m.start() - width):m.start()],
                        "match": m.group(),
                        "right": block.text[m.end():m.end() + width],
                    })
        return pd.DataFrame(rows, columns=["doc_id", "paragraph", "left", "match", "right"])

    def find(self, text: str) -> list[Citation]:
        """Every paragraph whose cleaned text contains ``text`` exactly (for checking evidence)."""
        return [
            Citation(doc.id, n)
            for doc in self.documents.values()
            for n, block in enumerate(doc.paragraphs, 1)
            if text in block.text
        ]

    # -- structures read against curated data (see pakru.annotate) --------------------------------
    @functools.cached_property
    def quotes(self) -> pd.DataFrame:
        """Every quotation with its speaker and role as the text gives them."""
        return quotes_table(self)

    @functools.cached_property
    def entities(self) -> pd.DataFrame:
        """Mentions of gazetteer people, places and organisations, per paragraph."""
        return mentions_table(self)

    @functools.cached_property
    def events(self) -> pd.DataFrame:
        """Curated dated events, each citing at least one paragraph."""
        return events_table(self)

    @functools.cached_property
    def timeline(self) -> pd.DataFrame:
        """Events and publications merged in date order."""
        return timeline_table(self)

    def mention_counts(self, entity_type: str | None = None) -> pd.DataFrame:
        """Mentions per entity (rows) and source (columns), optionally of one type."""
        return mention_counts(self, entity_type)


def document_from(source: RawSource, rules: Rules) -> Document:
    """Clean one raw source into a Document."""
    return Document(source.entry, source.text, clean(source.text, rules))


@functools.cache
def load() -> Corpus:
    """The project's corpus, loaded once per kernel (the lessons call this)."""
    return Corpus.load()
