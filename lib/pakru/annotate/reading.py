"""What the annotate layer reads from a corpus, as a protocol, so annotate never imports ``pakru.corpus``.

Why: the corpus builds its quotes, entities and events tables with these modules, so it imports them; if they
imported the corpus's type back (even only for type checking) the two layers would know each other. The
protocol names exactly what curated data is read against: the data folder, the documents, the paragraph table,
citations and keyword search. ``pakru.corpus.Corpus`` satisfies it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # only named in annotations: importing the protocol costs no pandas import
    import pandas as pd

    from pakru.citations import Citation


class CorpusReader(Protocol):
    """A corpus as the annotate layer sees it (``pakru.corpus.Corpus`` is one)."""

    data_dir: Path
    """The folder of curated files (``gazetteer.yaml``, ``events.yaml``, ``quotes.yaml``, ``themes.yaml``)."""
    documents: Mapping[str, Any]
    """Each source by its id (``pakru.corpus.Document``: ``raw``, ``paragraphs``, ``entry``)."""

    @property
    def paragraphs(self) -> pd.DataFrame: ...

    @property
    def entities(self) -> pd.DataFrame: ...

    @property
    def quotes(self) -> pd.DataFrame: ...

    def cite(self, doc_id: str | Citation, paragraph: int | None = None) -> Any: ...

    def resolves(self, citation: Citation) -> bool: ...

    def kwic(self, term: str, width: int = 40, regex: bool = False, ignore_case: bool = True) -> pd.DataFrame: ...
