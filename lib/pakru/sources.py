"""The catalogue of sources, the raw files it describes, and the manifest that guards them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pakru import dates
from pakru.paths import SEEDS_DIR
from pakru.problems import Problem, ProblemError, display_path
from pakru.yamlfile import LineDict, load_section, read_text_strict

CATALOGUE = "catalogue.yaml"
MANIFEST = "SHA256SUMS"
ERAS = ("thaw-2003", "talks-2011", "defence-2010s")
"""The lessons a source can serve (see notebooks/)."""
DATE_BASES = ("stated", "inferred")
REQUIRED = ("id", "file", "title", "publisher", "kind", "date", "date_basis", "era")
OPTIONAL = ("publisher_basis", "byline", "audience", "date_reasoning", "place", "url", "notes")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class SourceEntry:
    """What we know about one source: its catalogue card."""

    id: str
    file: str
    title: str
    publisher: str
    kind: str
    date: str
    """ISO date whose length is its precision: ``2015``, ``2003-02`` or ``2003-02-06``."""
    date_basis: str
    """``stated`` when the text gives the date, ``inferred`` when we worked it out."""
    era: str
    publisher_basis: str | None = None
    byline: str | None = None
    audience: str | None = None
    date_reasoning: str | None = None
    place: str | None = None
    url: str | None = None
    notes: str | None = None
    line: int | None = None
    """Where the entry starts in the catalogue, for error messages."""

    @property
    def date_precision(self) -> str:
        """``day``, ``month`` or ``year``, read from the shape of ``date``."""
        return dates.precision(self.date)

    def date_label(self) -> str:
        """The date as a reader should see it, with ``(inferred)`` where it is ours."""
        return dates.label(self.date) + (" (inferred)" if self.date_basis == "inferred" else "")


@dataclass(frozen=True)
class RawSource:
    """A source's decoded raw text (BOM removed, nothing else changed) and its card."""

    entry: SourceEntry
    path: Path
    text: str


def read_catalogue(seeds_dir: Path = SEEDS_DIR) -> tuple[list[SourceEntry], list[Problem]]:
    """Read the catalogue; return the valid entries and every problem found (none dropped silently)."""
    path = seeds_dir / CATALOGUE
    shown = display_path(path)
    if not path.exists():
        return [], [Problem(shown, "catalogue not found; every source needs an entry here")]
    items, problems = load_section(path, "sources")
    if problems:
        return [], problems

    entries: list[SourceEntry] = []
    seen_ids: dict[str, int | None] = {}
    seen_files: dict[str, int | None] = {}
    for item in items:
        if not isinstance(item, LineDict):
            problems.append(Problem(shown, "each source must be a mapping of fields", None))
            continue
        found = _entry_problems(item, shown)
        problems += found
        if found:
            continue
        entry = SourceEntry(
            **{k: _text(item.get(k)) for k in REQUIRED + OPTIONAL},
            line=item.line,
        )
        if entry.id in seen_ids:
            problems.append(Problem(shown, f"duplicate id {entry.id!r} (first at line {seen_ids[entry.id]})",
                                    item.line_of("id")))
            continue
        if entry.file in seen_files:
            problems.append(Problem(shown, f"file {entry.file!r} is catalogued twice "
                                    f"(first at line {seen_files[entry.file]})", item.line_of("file")))
            continue
        seen_ids[entry.id] = item.line_of("id")
        seen_files[entry.file] = item.line_of("file")
        entries.append(entry)
    return entries, problems


def _text(value: object) -> str | None:
    return None if value is None else str(value).strip()


def _entry_problems(item: LineDict, shown: str) -> list[Problem]:
    problems = []
    for key in REQUIRED:
        if item.get(key) in (None, ""):
            problems.append(Problem(shown, f"source entry is missing `{key}`", item.line))
    for key in item:
        if key not in REQUIRED + OPTIONAL:
            problems.append(Problem(shown, f"unknown field `{key}` (known: {', '.join(REQUIRED + OPTIONAL)})",
                                    item.line_of(key)))
    if problems:
        return problems
    if not _ID.match(str(item["id"])):
        problems.append(Problem(shown, f"id {item['id']!r} must be lower-case letters, digits and hyphens",
                                item.line_of("id")))
    if not dates.is_valid(str(item["date"])):
        problems.append(Problem(shown, f"malformed date {item['date']!r}: use YYYY, YYYY-MM or YYYY-MM-DD "
                                "(quote a bare year: \"2015\")", item.line_of("date")))
    if item["date_basis"] not in DATE_BASES:
        problems.append(Problem(shown, f"date_basis must be one of {DATE_BASES}, not {item['date_basis']!r}",
                                item.line_of("date_basis")))
    elif item["date_basis"] == "inferred" and not item.get("date_reasoning"):
        problems.append(Problem(shown, "an inferred date needs `date_reasoning`: say from what",
                                item.line_of("date_basis")))
    if item["era"] not in ERAS:
        problems.append(Problem(shown, f"era must be one of {ERAS}, not {item['era']!r}", item.line_of("era")))
    return problems


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
