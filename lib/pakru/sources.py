"""The catalogue of sources, the raw files it describes, and the manifest that guards them."""

from __future__ import annotations

import hashlib
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, field_validator, model_validator

from pakru import dates
from pakru.paths import SEEDS_DIR
from pakru.problems import Problem, ProblemError, display_path
from pakru.schema import DateBasis, IsoDate, Model, Slug, Text, fail, read_items, unique
from pakru.yamlfile import read_text_strict

CATALOGUE = "catalogue.yaml"
MANIFEST = "SHA256SUMS"
Era = Literal["thaw-2003", "talks-2011", "defence-2010s"]
"""The lessons a source can serve (see notebooks/)."""
ERAS = typing.get_args(Era)


class OnlineCopy(Model):
    """An online copy of a source that an attribution or a date of ours rests on, so a reader can check it."""

    model_config = ConfigDict(title="online copy")

    url: Text
    """The copy's address (http or https)."""
    supports: list[Literal["publisher", "date"]]
    """What the copy is evidence for: the publisher we attribute, the date we give, or both."""
    note: str | None = None
    """What the copy shows, in a sentence."""

    @field_validator("url")
    @classmethod
    def _web_address(cls, url: str) -> str:
        if not url.startswith(("https://", "http://")):
            raise fail("an online copy's `url` must be a web address (https://...)")
        return url

    @field_validator("supports")
    @classmethod
    def _supports_something(cls, supports: list[str]) -> list[str]:
        if not supports:
            raise fail("say what the copy supports: [publisher], [date] or both")
        return supports


class SourceEntry(Model):
    """What we know about one source: its catalogue card."""

    model_config = ConfigDict(title="source entry")

    id: Slug
    """Short, stable name used in every citation (doc id + paragraph)."""
    file: Text
    """The raw text in seeds/."""
    title: Text
    publisher: Text
    kind: Text
    date: IsoDate
    """ISO date whose length is its precision: ``2015``, ``2003-02`` or ``2003-02-06``."""
    date_basis: DateBasis
    """``stated`` when the text gives the date, ``inferred`` when we worked it out."""
    era: Era
    publisher_basis: DateBasis
    """``stated`` when the text names its publisher, ``inferred`` when we attribute it (then say from what)."""
    publisher_reasoning: str | None = None
    """How the publisher was established; required when it is inferred."""
    copies: list[OnlineCopy] = []
    """Online copies an attribution or a date rests on (their addresses), so a reader can check them."""
    byline: str | None = None
    audience: str | None = None
    date_reasoning: str | None = None
    place: str | None = None
    url: str | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _inferred_needs_reasoning(self) -> SourceEntry:
        if self.date_basis == "inferred" and not self.date_reasoning:
            raise fail("an inferred date needs `date_reasoning`: say from what", "date_basis")
        if self.publisher_basis == "inferred" and not self.publisher_reasoning:
            raise fail("an inferred publisher needs `publisher_reasoning`: say from what", "publisher_basis")
        return self

    def publisher_label(self) -> str:
        """The publisher as a reader should see it, with ``(inferred)`` where the attribution is ours."""
        return self.publisher + (" (inferred)" if self.publisher_basis == "inferred" else "")

    @property
    def date_precision(self) -> str:
        """``day``, ``month`` or ``year``, read from the shape of ``date``."""
        return dates.precision(self.date)

    def date_label(self) -> str:
        """The date as a reader should see it, with ``(inferred)`` where it is ours."""
        return dates.label(self.date) + (" (inferred)" if self.date_basis == "inferred" else "")


REQUIRED = tuple(name for name, f in SourceEntry.model_fields.items() if f.is_required())


class Catalogue(Model):
    """``seeds/catalogue.yaml``: one card per raw text."""

    model_config = ConfigDict(title="catalogue")

    sources: list[SourceEntry]

    @field_validator("sources")
    @classmethod
    def _unique(cls, sources: list[SourceEntry]) -> list[SourceEntry]:
        unique(sources, "id")
        return unique(sources, "file", "file")


@dataclass(frozen=True)
class RawSource:
    """A source's decoded raw text (BOM removed, nothing else changed) and its card."""

    entry: SourceEntry
    path: Path
    text: str


def read_catalogue(seeds_dir: Path = SEEDS_DIR) -> tuple[list[SourceEntry], list[Problem]]:
    """Read the catalogue; return the valid entries and every problem found (none dropped silently).

    An entry with a problem is left out and the others are kept, so one bad card does not hide the rest.
    """
    path = seeds_dir / CATALOGUE
    if not path.exists():
        return [], [Problem(display_path(path), "catalogue not found; every source needs an entry here")]
    return read_items(path, Catalogue, "sources")


def decode(path: Path) -> str:
    """Decode a raw source strictly: UTF-8 only (a BOM is dropped); empty files are an error."""
    text = read_text_strict(path)
    if not text.strip():
        raise ProblemError([Problem(display_path(path), "file is empty; a source needs its text")])
    return text


def read_sources(seeds_dir: Path = SEEDS_DIR) -> tuple[list[RawSource], list[Problem]]:
    """Pair catalogue entries with their raw files; report files without entries and vice versa."""
    entries, problems = read_catalogue(seeds_dir)
    catalogued = {e.file for e in entries}
    for path in sorted(seeds_dir.glob("*.txt")):
        if path.name not in catalogued:
            problems.append(Problem(display_path(path), f"no catalogue entry in {CATALOGUE}; add one "
                                    "with at least: " + ", ".join(REQUIRED)))
    sources: list[RawSource] = []
    shown_catalogue = display_path(seeds_dir / CATALOGUE)
    for entry in entries:
        path = seeds_dir / entry.file
        if not path.exists():
            problems.append(Problem(shown_catalogue, f"source {entry.id!r} names {entry.file!r}, "
                                    "which is not in the seeds folder", entry.line))
            continue
        try:
            sources.append(RawSource(entry, path, decode(path)))
        except ProblemError as exc:
            problems += exc.problems
    return sources, problems


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, as ``sha256sum`` prints it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_manifest(seeds_dir: Path = SEEDS_DIR) -> list[Problem]:
    """Every raw text must match its line in SHA256SUMS: the seeds are never edited."""
    path = seeds_dir / MANIFEST
    shown = display_path(path)
    if not path.exists():
        return [Problem(shown, "manifest missing; create it with `sha256sum *.txt > SHA256SUMS` in seeds/")]
    problems = []
    listed: dict[str, str] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]):
            problems.append(Problem(shown, "expected '<sha256>  <file name>'", number))
            continue
        digest, name = parts[0], parts[1].lstrip("*")
        listed[name] = digest
        target = seeds_dir / name
        if not target.exists():
            problems.append(Problem(shown, f"lists {name}, which is missing from seeds/", number))
        elif sha256(target) != digest:
            problems.append(Problem(display_path(target), "differs from its SHA-256 in SHA256SUMS: raw seed "
                                    "texts must never be edited (restore the original file)"))
    for target in sorted(seeds_dir.glob("*.txt")):
        if target.name not in listed:
            problems.append(Problem(display_path(target), f"not in {MANIFEST}; add it with "
                                    f"`sha256sum {target.name} >> {MANIFEST}` in seeds/"))
    return problems


class SeedChanged(UserWarning):
    """A raw seed no longer matches its SHA-256 in SHA256SUMS: what is read may not be the original source."""


def changed_seeds(seeds_dir: Path = SEEDS_DIR) -> list[Problem]:
    """Seeds listed in SHA256SUMS whose bytes no longer match, as warnings for loading the corpus.

    ``check`` reports the same mismatch as an error (``check_manifest``); a lesson still runs on the
    changed text, but says so, because every citation and quotation then rests on an edited file.
    """
    return [Problem(p.file, "differs from its SHA-256 in SHA256SUMS: this is not the original source text, so "
                    "quotations and citations from it may be wrong (restore the file, e.g. with `git checkout seeds/`)",
                    severity="warning")
            for p in check_manifest(seeds_dir) if p.message.startswith("differs from its SHA-256")]
