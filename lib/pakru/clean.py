"""Raw web text → story paragraphs with their spans in the raw file; boilerplate rules are data.

Cleaning never edits the raw text: it decides, line by line, what is story and what is
page furniture, and records why each removed line was removed. Every paragraph keeps the
character span it came from, so a citation can always be shown in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pakru.paths import DATA_DIR
from pakru.schema import Model, Regex, Text, load

TERMINAL = tuple('.!?:;"”’\')…]')
"""A line ending in one of these closes a sentence; anything else may be broken mid-sentence."""

PARAGRAPH = "paragraph"
HEADLINE = "headline"


@dataclass(frozen=True)
class MetadataRule:
    """A line that tells us about the source (byline, date, address), not the story."""

    role: str
    """What the line is (``byline``, ``date``, ``masthead``…): the removed block's role and its metadata key."""
    pattern: re.Pattern[str]
    where: str
    reason: str


@dataclass(frozen=True)
class Rules:
    """All boilerplate rules, as read from ``data/boilerplate.yaml``."""

    drop_lines: dict[str, str]
    metadata_lines: tuple[MetadataRule, ...]
    forum_markers: tuple[str, ...]
    forum_min_markers: int
    forum_max_line_length: int
    forum_reason: str
    headline_max_length: int
    headline_date_suffix: re.Pattern[str]


@dataclass(frozen=True)
class Block:
    """A piece of the raw text, what cleaning decided it is, and where it sits in the raw file."""

    role: str
    """What cleaning decided the block is: ``paragraph``, ``headline``, ``duplicate``, ``boilerplate``,
    ``forum-header`` or a metadata line's role (``byline``, ``date``…); a removed block's role is its
    ``removed_as`` in ``corpus.removed``."""
    text: str
    """The cleaned text (markdown marks removed, spaces folded, broken lines joined)."""
    start: int
    """Character offset of the first character in the decoded raw text."""
    end: int
    """Character offset just past the last character in the decoded raw text."""
    reason: str = ""
    """Why the block was removed or classified; empty for story paragraphs."""


@dataclass
class Cleaned:
    """The result of cleaning one text: story paragraphs, the rest, and metadata found on the way."""

    paragraphs: list[Block]
    removed: list[Block]
    headline: str | None = None
    metadata: dict[str, list[str]] = field(default_factory=dict)

    def render(self) -> str:
        """The cleaned text as plain markdown; cleaning it again gives the same paragraphs."""
        parts = [f"# {self.headline}"] if self.headline else []
        parts += [p.text for p in self.paragraphs]
        return "\n\n".join(parts) + "\n"


class DropLine(Model):
    """A whole line that is page furniture, matched exactly (after trimming spaces)."""

    text: Text
    reason: Text = "boilerplate"


class MetadataLine(Model):
    """A line that carries facts about the source (byline, date, address), not its story."""

    role: Text
    """What the line is (``byline``, ``date``, ``url``…): the metadata it is kept under and, in
    ``corpus.removed``, its ``removed_as``."""
    pattern: Regex
    where: Literal["head", "anywhere"] = "head"
    """``head``: only before the first story paragraph, so a later sentence that matches is kept."""
    reason: str | None = None
    """Why it is removed; the role if not given."""


class ForumHeader(Model):
    """A repost's poster card: the leading run of short lines holding enough of these markers."""

    markers: list[str] = []
    min_markers: int = 2
    max_line_length: int = 40
    reason: Text = "forum header"


class HeadlineRule(Model):
    """A short first line without closing punctuation is the headline (a markdown heading always is)."""

    max_length: int = 160
    date_suffix: Regex = r"(?!x)x"
    """A date at the end of the headline line, split off as the source's date."""


class BoilerplateFile(Model):
    """``data/boilerplate.yaml``: what cleaning removes from the raw web texts, and why."""

    drop_lines: list[DropLine] = []
    metadata_lines: list[MetadataLine] = []
    forum_header: ForumHeader = ForumHeader()
    headline: HeadlineRule = HeadlineRule()


def load_rules(path: Path | None = None) -> Rules:
    """Read and validate the boilerplate rules; a bad rule is a Problem naming its line."""
    found = load(path or DATA_DIR / "boilerplate.yaml", BoilerplateFile)
    return Rules(
        drop_lines={d.text: d.reason for d in found.drop_lines},
        metadata_lines=tuple(MetadataRule(m.role, re.compile(m.pattern), m.where, m.reason or m.role)
                             for m in found.metadata_lines),
        forum_markers=tuple(found.forum_header.markers),
        forum_min_markers=found.forum_header.min_markers,
        forum_max_line_length=found.forum_header.max_line_length,
        forum_reason=found.forum_header.reason,
        headline_max_length=found.headline.max_length,
        headline_date_suffix=re.compile(found.headline.date_suffix),
    )


_LINE = re.compile(r"[^\r\n]*")
_BOLD = re.compile(r"\*\*([^*]*)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+")
_AUTOLINK = re.compile(r"^<(https?://[^\s>]+)>$")


def split_lines(raw: str) -> list[tuple[str, int, int]]:
    """Non-blank lines with their spans, whatever the line endings (LF, CRLF or CR)."""
    lines = []
    for match in _LINE.finditer(raw):
        text = match.group()
        if text.strip():
            lead = len(text) - len(text.lstrip())
            lines.append((text.strip(), match.start() + lead, match.start() + lead + len(text.strip())))
    return lines


def tidy(text: str) -> str:
    """Remove markdown marks and fold spaces; keep every word and typographic quote as written."""
    text = _HEADING.sub("", text)
    text = _BOLD.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    if text.startswith("*") and text.rstrip().endswith("*") and len(text) > 2:
        text = text[1:].rstrip()[:-1]
    return " ".join(text.split())


def is_unterminated(text: str) -> bool:
    """True when a line does not end a sentence (a headline, or a paragraph broken mid-sentence)."""
    return bool(text) and not text.endswith(TERMINAL)


def _reads_as_title(text: str, rules: Rules) -> bool:
    """Short, capitalised and without closing punctuation: how a headline looks, first or last."""
    return is_unterminated(text) and len(text) <= rules.headline_max_length and not text[:1].islower()


def _looks_like_headline(raw_line: str, text: str, rules: Rules) -> bool:
    return bool(_HEADING.match(raw_line)) or _reads_as_title(text, rules)


def _forum_header_length(lines: list[tuple[str, int, int]], rules: Rules) -> int:
    """How many leading lines form a forum member card (0 if there is none)."""
    if not rules.forum_markers:
        return 0
    count = 0
    for text, _, _ in lines:
        if len(text) > rules.forum_max_line_length:
            break
        count += 1
    markers = sum(1 for text, _, _ in lines[:count] if text in rules.forum_markers)
    return count if markers >= rules.forum_min_markers else 0


def clean(raw: str, rules: Rules) -> Cleaned:
    """Split a decoded raw text into story paragraphs and removed blocks, each with its raw span."""
    lines = split_lines(raw)
    removed: list[Block] = []
    metadata: dict[str, list[str]] = {}
    candidates: list[tuple[str, Block]] = []  # (raw line text, block)
    seen: set[str] = set()  # casefolded texts of the candidates so far

    header = _forum_header_length(lines, rules)
    for text, start, end in lines[:header]:
        removed.append(Block("forum-header", text, start, end, rules.forum_reason))

    in_head = True
    for raw_line, start, end in lines[header:]:
        stripped = raw_line.strip()
        if stripped in rules.drop_lines:
            removed.append(Block("boilerplate", stripped, start, end, rules.drop_lines[stripped]))
            continue
        rule = next(
            (r for r in rules.metadata_lines
             if (in_head or r.where == "anywhere") and r.pattern.match(stripped)),
            None,
        )
        if rule is not None:
            value = tidy(stripped)
            removed.append(Block(rule.role, value, start, end, rule.reason))
            metadata.setdefault(rule.role, []).append(value)
            continue
        text = tidy(raw_line)
        if not text:
            removed.append(Block("boilerplate", stripped, start, end, "markup only"))
            continue
        if in_head and not candidates and _looks_like_headline(raw_line, text, rules):
            candidates.append((raw_line, Block(HEADLINE, text, start, end, "headline")))
            seen.add(text.casefold())
            continue
        candidates.append((raw_line, Block(PARAGRAPH, text, start, end)))
        # A line that repeats an earlier one (a headline pasted twice) is dropped later as a copy;
        # it must not end the head, or a date line after it would be story on this pass and
        # metadata on the next (cleaning would not be idempotent).
        if text.casefold() not in seen:
            in_head = False
        seen.add(text.casefold())

    blocks = [block for _, block in candidates]
    blocks, dupes = _settle(blocks)
    removed.extend(dupes)

    headline_blocks = [b for b in blocks if b.role == HEADLINE]
    paragraphs = [b for b in blocks if b.role == PARAGRAPH]
    if not headline_blocks and paragraphs and _reads_as_title(paragraphs[-1].text, rules):
        last = paragraphs.pop()
        headline_blocks.append(Block(HEADLINE, last.text, last.start, last.end, "title line at the end"))
    headline = None
    if headline_blocks:
        headline = headline_blocks[0].text
        match = rules.headline_date_suffix.search(headline)
        if match:
            metadata.setdefault("date", []).append(match.group(1))
            headline = headline[: match.start()]
        removed.extend(headline_blocks)
    removed.sort(key=lambda b: b.start)
    return Cleaned(paragraphs=paragraphs, removed=removed, headline=headline, metadata=metadata)


def _settle(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """Join lines broken mid-sentence and drop repeats, until neither changes anything."""
    removed: list[Block] = []
    while True:
        blocks, joined = _join_broken(blocks)
        blocks, dupes = _drop_repeats(blocks)
        removed.extend(dupes)
        if not joined and not dupes:
            return blocks, removed


def _join_broken(blocks: list[Block]) -> tuple[list[Block], bool]:
    """A paragraph that stops mid-sentence and one that starts in lower case are one paragraph."""
    out: list[Block] = []
    changed = False
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.role == PARAGRAPH
            and block.role == PARAGRAPH
            and is_unterminated(prev.text)
            and block.text[:1].islower()
        ):
            out[-1] = Block(PARAGRAPH, f"{prev.text} {block.text}", prev.start, block.end)
            changed = True
        else:
            out.append(block)
    return out, changed


def _drop_repeats(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """A block that repeats an earlier one word for word is a copy (a repost pasted twice)."""
    seen: dict[str, int] = {}
    kept: list[Block] = []
    removed: list[Block] = []
    for block in blocks:
        key = block.text.casefold()
        if key in seen:
            first = kept[seen[key]]
            what = "the headline" if first.role == HEADLINE else f"the text at offset {first.start}"
            removed.append(Block("duplicate", block.text, block.start, block.end, f"repeats {what}"))
            continue
        seen[key] = len(kept)
        kept.append(block)
    return kept, removed
