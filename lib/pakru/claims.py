"""Unmarked factual claims: every sentence of teaching prose that states a fact must say where it comes from.

A historian adopting the course reads it claim by claim. So ``python -m pakru check`` reads the prose a
learner or teacher reads as ours (lesson text, key points, discussion prompts, model answers, the guides,
exercise text and hints) sentence by sentence. A sentence *states a fact* when it names a year or date, a
number, or a person, place or organisation from the gazetteer. Such a sentence needs one of:

- a **citation** of a seed passage: ``voa-2003 ¶2`` or ``[voa-2003 ¶2]`` (after a full citation in the
  same paragraph, ``¶7`` alone or a range ``¶7–¶9`` also cites that source), or
  ``[catalogue: voa-2003]`` for what our catalogue card records about a source (publisher, date, basis);
- a **background marker** naming an outside reference: ``[background: Author, Title (Publisher, Year),
  p. 12]`` (a book with its page) or ``[background: https://...]`` (a stable web page). A marker without a
  page or an address is itself a problem.

Questions (sentences ending in ``?``) assert nothing and are skipped, as are headings, titles, code and
the parts of a guide fenced by ``<!-- claims: off -->`` … ``<!-- claims: on -->`` (course logistics such as
timings and commands, which are not claims about history), and likewise the ``course`` section of
lessons.yaml (the course describing itself). A lesson's ``background`` callout is one block:
a marker anywhere in it covers the whole callout, which is always shown labelled as background.

A sentence that names a source with a verb saying what it contains ("VOA reports", "the 2018 text never
mentions", "appears only in") states a fact too, even without a date or a number.

Two further reads check what such sentences say against the texts themselves (``check_claims`` runs both,
over the prose above and the lesson banks' prompts and explanations):

- **quotations**: words in quotes or italics right before citations, ``*likely* (voa-2003 ¶7)``, must be in
  one of the paragraphs cited, and each paragraph cited for them must hold one of them;
- **absences**: "X never mentions / does not mention *w*" and "*w* appears only in X", with the words in
  quotes or italics, are checked against the texts (an "only in" compares X with the other sources its
  paragraph names, or with all of them).

The rules are deliberately mechanical: they cannot tell a true claim from a false one, only a claim that says
where it comes from from one that does not, and quoted words from words that are not there. A count of words is
not a reading (the same idea in other words passes unseen), so reading the passage cited is still the reader's job.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from pakru import citations
from pakru.paths import DATA_DIR, EXERCISES_DIR, NOTEBOOKS_DIR, SEEDS_DIR
from pakru.problems import Problem, ProblemError, display_path
from pakru.yamlfile import load_json, yaml_depth_error

GUIDES = (NOTEBOOKS_DIR / "INSTRUCTOR_GUIDE.md", EXERCISES_DIR / "INSTRUCTORS.md")
"""Markdown guides whose prose is checked."""

_OFF, _ON = "<!-- claims: off -->", "<!-- claims: on -->"
_BACKGROUND = citations.BACKGROUND
_REFERENCE = re.compile(r"https?://\S+|\bpp?\.\s*\d+")
_CATALOGUE = citations.CATALOGUE
_MARKERS = re.compile(r"\[(?:background|catalogue):[^\]]*\]", re.IGNORECASE)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_URL = re.compile(r"https?://\S+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BARE_PARAGRAPH = re.compile(r"¶\s*\d+")
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})(?:s|['’]s)?\b")
_NUMBER = re.compile(r"(?<![\w.])\$?\d[\d,.]*\b")
_MONTHS = ("January", "February", "March", "April", "June", "July", "August", "September", "October",
           "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATE_WORD = re.compile(r"\b(?:" + "|".join(_MONTHS + _DAYS) + r")\b|\bMay\s+\d")
_ABBREVIATIONS = ("e.g.", "i.e.", "U.S.", "U.N.", "Mr.", "Dr.", "St.", "vs.", "p.", "pp.", "cf.", "etc.",
                  "No.", "Vol.", "ed.", "eds.", "trans.")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_IMPERATIVE = re.compile(
    r"^[\"“*_(]*(?:Add|Answer|Ask|Attribute|Choose|Cite|Check|Combine|Compare|Count|Describe|Discuss|Draw|Explain|"
    r"Find|Give|Group|Identify|Keep|List|Look|Make|Mark|Name|Notice|Pick|Plan|Put|Read|Replace|Run|Search|"
    r"Select|Separate|Set|Show|Spot|Start|Store|Summarise|Tell|Think|Trace|Try|Turn|Use|Work|Write)\b")
"""Instructions (what to do) make no claim: sentences that open with an imperative verb are not read as facts."""
_SOURCE_VERBS = (r"(?:reports|says|mentions|writes|quotes|names|calls|describes|"
                 r"appears? only|never (?:mentions?|names?|quotes?)|does not (?:mention|name|quote|say))\b")
_SPLIT = re.compile(r"(?<=[.!?…])[\"”’)\]*_]*\s+(?=[\"“‘(\[*_]*[A-Z0-9])")


@dataclass(frozen=True)
class Block:
    """A unit of prose (a paragraph, list item, table row, YAML text or model answer) and where it sits."""

    file: str
    line: int | None
    text: str
    where: str = ""
    """Extra location for files without useful lines (a notebook cell, a YAML field)."""
    callout: bool = False
    """A lesson background callout: one marker covers the whole block."""
    cited: bool = False
    """The block sits beside its own citation (a lesson reading's note next to its ``cite``)."""


@dataclass(frozen=True)
class Claim:
    """A sentence that states a fact, with what made it factual and how (if at all) it is sourced."""

    block: Block
    sentence: str
    facts: tuple[str, ...]
    cited: bool
    background: str | None


class Rules:
    """What counts as a fact and as a citation, built from the corpus ids and the gazetteer's names."""

    def __init__(self, doc_ids: Iterable[str], names: Iterable[str], sources: Iterable[str] = ()):
        self.doc_ids = sorted(set(doc_ids), key=len, reverse=True)
        called = sorted(set(self.doc_ids) | set(sources), key=len, reverse=True)
        self.says = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in called) + r")(?![\w-])[^.;:]{0,40}?\b"
                               + _SOURCE_VERBS, re.IGNORECASE) if called else None
        """A source named with a verb that says what it contains ("VOA reports", "the 2018 text never
        mentions"): a claim about a source even without a date or a number."""
        ids = "|".join(re.escape(d) for d in self.doc_ids) or r"(?!x)x"
        self.citation = re.compile(r"(?<![\w-])" + citations.form(self.doc_ids, "¶#"))
        self.doc_mention = re.compile(rf"(?<![\w-])(?:{ids})(?![\w-])")
        names = sorted({n for n in names if n}, key=len, reverse=True)
        self.names = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")

    @classmethod
    def load(cls, seeds_dir: Path = SEEDS_DIR, data_dir: Path = DATA_DIR) -> Rules:
        """Ids from the catalogue, names from the gazetteer (aliases and canonical names)."""
        catalogue, gazetteer = _plain_yaml(seeds_dir / "catalogue.yaml"), _plain_yaml(data_dir / "gazetteer.yaml")
        ids = [s["id"] for s in catalogue.get("sources", []) if isinstance(s, dict) and "id" in s]
        names: list[str] = []
        for entity in gazetteer.get("entities", []):
            if isinstance(entity, dict):
                names += [a for a in entity.get("aliases", []) if isinstance(a, str)]
                names.append(str(entity.get("name", "")))
        return cls(ids, names, source_names(catalogue))

    def facts(self, sentence: str) -> tuple[str, ...]:
        """What in ``sentence`` is a fact: years, dates, numbers and gazetteer names (citations removed)."""
        text = _BACKGROUND.sub(" ", sentence)
        text = _CATALOGUE.sub(" ", text)
        text = _URL.sub(" ", text)
        text = self.citation.sub(" ", text)
        text = _BARE_PARAGRAPH.sub(" ", text)
        text = self.doc_mention.sub(" ", text)
        text = re.sub(r"\b(?:[Ll]esson|[Ee]xercise|[Ll]essons|[Ee]xercises)\s+\d+(?:\s*(?:to|and|–|-)\s*\d+)?",
                      " ", text)
        text = re.sub(r"\bq\d+\b", " ", text)
        found: list[str] = []
        found += [m.group(0) for m in _YEAR.finditer(text)]
        rest = _YEAR.sub(" ", text)
        found += [m.group(0) for m in _DATE_WORD.finditer(rest)]
        found += [m.group(0) for m in _NUMBER.finditer(rest)]
        found += [m.group(0) for m in self.names.finditer(text)]
        if self.says is not None:
            found += [" ".join(m.group(0).split()[-2:]) for m in self.says.finditer(_URL.sub(" ", sentence))]
        return tuple(dict.fromkeys(found))

    def cited(self, sentence: str, block_cites: bool) -> bool:
        """A full citation, a catalogue reference, or ``¶N`` after a full citation in the same block."""
        if self.citation.search(sentence) or _CATALOGUE.search(sentence):
            return True
        return block_cites and bool(_BARE_PARAGRAPH.search(sentence))


def _plain_yaml(path: Path) -> dict:
    """A YAML file as plain strings, or ``{}`` when it is missing or broken (its own checker reports that)."""
    try:
        text = path.read_text(encoding="utf-8")
        if yaml_depth_error(text, path) is not None:
            return {}
        data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - strings only
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError, MemoryError):
        return {}
    return data if isinstance(data, dict) else {}


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations (U.S., e.g., p. 12) and initials (Vladimir V. Putin)."""
    protected = text
    for abbreviation in _ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", "\x00"))
    protected = re.sub(r"\b([A-Z])\.(?=\s+[A-Z])", "\\1\x00", protected)  # initials
    out: list[str] = []
    for part in (p.replace("\x00", ".").strip() for p in _SPLIT.split(protected)):
        if not part:
            continue
        if out and not _MARKERS.sub("", part).strip(" .;"):
            out[-1] += " " + part  # a marker after the full stop belongs to the sentence it follows, as a footnote
        else:
            out.append(part)
    return out


def claims(block: Block, rules: Rules) -> list[Claim]:
    """Every sentence of ``block`` that states a fact, with its sourcing."""
    text = _LINK.sub(r"\1", _HTML_COMMENT.sub(" ", _CODE.sub(" ", block.text)))
    text = " ".join(_LIST_MARK.sub("", line) for line in text.splitlines())
    marker = _BACKGROUND.search(text)
    out: list[Claim] = []
    seen_citation = False
    for sentence in sentences(text):
        seen_citation = seen_citation or bool(rules.citation.search(sentence))
        if sentence.rstrip("\"”’)*_ ").endswith("?") or _IMPERATIVE.match(sentence):
            continue
        facts = rules.facts(sentence)
        if not facts:
            continue
        own = _BACKGROUND.search(sentence)
        background = own.group(1).strip() if own else (marker.group(1).strip() if block.callout and marker else None)
        cited = block.cited or rules.cited(sentence, seen_citation)
        out.append(Claim(block, sentence, facts, cited, background))
    return out


def problems_for(blocks: Iterable[Block], rules: Rules, severity: str = "error") -> list[Problem]:
    """A Problem for each unmarked claim and for each background marker that names no outside reference."""
    out: list[Problem] = []
    for block in blocks:
        for match in _BACKGROUND.finditer(_CODE.sub(" ", block.text)):
            if not _REFERENCE.search(match.group(1)):
                out.append(Problem(block.file, f"{block.where}background marker names no outside reference: "
                                   f"{match.group(0)!r} (give a book with its page, 'p. 12', or a stable "
                                   "https:// page)", block.line, severity))
        for claim in claims(block, rules):
            if claim.cited or claim.background:
                continue
            facts = ", ".join(claim.facts[:4])
            out.append(Problem(block.file, f"{block.where}unmarked claim ({facts}): {_short(claim.sentence)!r}; "
                               "cite a passage (voa-2003 ¶2) or mark it [background: reference]", block.line,
                               severity))
    return out


def _short(sentence: str, limit: int = 110) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


# -- where the prose is -----------------------------------------------------------------------------------
def markdown_blocks(path: Path) -> Iterator[Block]:
    """Paragraphs, list items and table rows of a Markdown file, with their first line; headings skipped."""
    shown = display_path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return
    yield from _markdown(lines, shown, offset=0)


def _markdown(lines: list[str], shown: str, offset: int, where: str = "") -> Iterator[Block]:
    on, fenced = True, False
    current: list[str] = []
    start = 0

    def flush() -> Iterator[Block]:
        if current and on:
            yield Block(shown, start + offset + 1 if not where else None, "\n".join(current), where)
        current.clear()

    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("```"):
            yield from flush()
            fenced = not fenced
            continue
        if fenced:
            continue
        if _OFF in stripped:
            yield from flush()
            on = False
            continue
        if _ON in stripped:
            yield from flush()
            on = True
            continue
        if not stripped or stripped.startswith("#"):
            yield from flush()
            continue
        if stripped.startswith("|"):
            yield from flush()
            if not re.fullmatch(r"\|[\s|:-]*\|?", stripped) and on:
                yield Block(shown, n + offset + 1 if not where else None, stripped.replace("|", " ; "), where)
            continue
        if _LIST_MARK.match(line) and not line.startswith(" " * 4):
            yield from flush()
        if not current:
            start = n
        current.append(line)
    yield from flush()


def myst_blocks(path: Path, solutions: Iterable[str] = ()) -> Iterator[Block]:
    """A MyST Markdown notebook (the source of a lesson or exercise): its prose, and the string answers of the
    written tasks named in ``solutions``, each with its line in the ``.md`` file."""
    shown = display_path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return
    written = set(solutions)
    start = 0
    if lines and lines[0].strip() == "---":  # front matter: kernel and pakru metadata, not prose
        start = next((n + 1 for n in range(1, len(lines)) if lines[n].strip() == "---"), len(lines))
    prose = ["" if n < start or line.strip() == "+++" else line for n, line in enumerate(lines)]
    yield from _markdown(prose, shown, offset=0)
    n = start
    while n < len(lines):
        if not lines[n].startswith("```{code-cell}"):
            n += 1
            continue
        end = next((m for m in range(n + 1, len(lines)) if lines[m].startswith("```")), len(lines))
        body, first = lines[n + 1:end], n + 1
        meta: dict = {}
        if body and body[0].strip() == "---":
            close = next((m for m in range(1, len(body)) if body[m].strip() == "---"), 0)
            meta = _plain_mapping("\n".join(body[1:close]))
            body, first = body[close + 1:], first + close + 1
        task = meta.get("pakru", {}) if isinstance(meta.get("pakru"), dict) else {}
        if task.get("role") == "solution" and task.get("task") in written:
            for line, text in _string_values("\n".join(body)):
                yield Block(shown, first + line, text, f"model answer {task['task']}: ")
        n = end + 1


def _plain_mapping(text: str) -> dict:
    try:
        if yaml_depth_error(text, "front matter") is not None:
            return {}
        data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - strings only
    except (yaml.YAMLError, RecursionError, MemoryError):
        return {}
    return data if isinstance(data, dict) else {}


def notebook_blocks(path: Path, solutions: Iterable[str] = ()) -> Iterator[Block]:
    """Markdown cells of a notebook, and the string answers of the written tasks named in ``solutions``."""
    shown = display_path(path)
    try:
        notebook = load_json(path)
    except (OSError, ProblemError):
        return  # a broken notebook is reported by the notebook checks
    if not isinstance(notebook, dict):
        return
    written = set(solutions)
    for index, cell in enumerate(notebook.get("cells", [])):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        where = f"cell {index}: "
        if cell.get("cell_type") == "markdown":
            yield from _markdown(source.splitlines(), shown, 0, where)
        task = cell.get("metadata", {}).get("pakru", {})
        if cell.get("cell_type") == "code" and task.get("role") == "solution" and task.get("task") in written:
            for _, text in _string_values(source):
                yield Block(shown, None, text, f"cell {index} (model answer {task['task']}): ")


def _string_values(source: str) -> list[tuple[int, str]]:
    """The string constants assigned in a solution cell (a written model answer), with their 0-based lines."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [(node.value.lineno - 1, node.value.value) for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)]


def yaml_blocks(path: Path, skip_keys: Iterable[str] = (), callout_key: str | None = None,
                notes: bool = False) -> Iterator[Block]:
    """Every string value in a YAML file, with its line, except under ``skip_keys``.

    ``notes=True`` reads each value as one background note, which a single marker covers (the gazetteer's).
    """
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
        # nested too deeply to walk, or an alias bomb: refused by its own checker, with its line
        root = yaml.compose(text) if yaml_depth_error(text, path) is None else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return  # a broken YAML file is reported by its own checker
    skip = set(skip_keys)

    def walk(node: yaml.Node, key: str, inside_callout: bool, cited: bool = False) -> Iterator[Block]:
        if isinstance(node, yaml.MappingNode):
            has_cite = any(str(k.value) == "cite" for k, _ in node.value)
            for k, v in node.value:
                name = str(k.value)
                if name in skip:
                    continue
                yield from walk(v, name, inside_callout or name == callout_key, has_cite)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, key, inside_callout)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip():
            yield Block(shown, node.start_mark.line + 1, node.value, f"{key}: ",
                        callout=notes or (inside_callout and key == "text"), cited=cited)

    if root is not None:
        yield from walk(root, "", False)


def project_blocks(notebooks_dir: Path = NOTEBOOKS_DIR, exercises_dir: Path = EXERCISES_DIR,
                   guides: Iterable[Path] | None = None) -> Iterator[Block]:
    """All prose the checker reads: lessons.yaml, lesson notebooks, guides, exercise text, hints, model answers."""
    lessons = notebooks_dir / "lessons.yaml"
    if lessons.exists():
        # `course` is the course's own description (what it reads, how a lesson runs; its counts and years are
        # filled from the catalogue), course logistics like a guide's fenced parts, not a claim about history.
        yield from yaml_blocks(lessons, skip_keys=("id", "title", "cite", "questions", "prerequisites", "course"),
                               callout_key="background")
    gazetteer = notebooks_dir.parent / "data" / "gazetteer.yaml"
    if gazetteer.exists():  # its notes are background about people, places and organisations
        yield from yaml_blocks(gazetteer, skip_keys=("id", "name", "type", "aliases"), notes=True)
    for notebook in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb")):
        text = notebook.with_suffix(".md")
        yield from (myst_blocks(text) if text.exists() else notebook_blocks(notebook))
    for path in (guides if guides is not None else
                 (notebooks_dir / "INSTRUCTOR_GUIDE.md", exercises_dir / "INSTRUCTORS.md")):
        if path.exists():
            yield from markdown_blocks(path)
    tasks_dir = exercises_dir / "tasks"
    for spec in sorted(tasks_dir.glob("*.yaml")):
        yield from yaml_blocks(spec, skip_keys=("id", "title", "salt", "variables", "accept", "expected", "type",
                                                "evidence", "columns", "key", "cover", "within", "labels"))
        tasks = _plain_yaml(spec).get("tasks", [])
        written = [t.get("id") for t in tasks if isinstance(t, dict) and t.get("kind") == "written"] \
            if isinstance(tasks, list) else []
        source = exercises_dir / "source" / f"{spec.stem}.ipynb"
        if source.with_suffix(".md").exists():
            yield from myst_blocks(source.with_suffix(".md"), written)
        elif source.exists():
            yield from notebook_blocks(source, written)


def check_claims(notebooks_dir: Path = NOTEBOOKS_DIR, exercises_dir: Path = EXERCISES_DIR,
                 seeds_dir: Path = SEEDS_DIR, data_dir: Path = DATA_DIR, severity: str = "error") -> list[Problem]:
    """Every unmarked factual claim in the course's prose, as Problems naming file and line."""
    rules = Rules.load(seeds_dir, data_dir)
    blocks = list(project_blocks(notebooks_dir, exercises_dir))
    problems = problems_for(blocks, rules, severity)
    from pakru.corpus import Corpus  # the texts, for what our sentences say the texts contain

    corpus, _ = Corpus.collect(seeds_dir, data_dir)
    paragraphs = {citations.Citation(doc.id, n): block.text for doc in corpus.documents.values()
                  for n, block in enumerate(doc.paragraphs, 1)}
    documents = {doc.id: "\n".join(b.text for b in doc.paragraphs) for doc in corpus.documents.values()}
    read = blocks + list(bank_blocks(notebooks_dir))
    problems += quotation_problems(read, rules, paragraphs, severity)
    problems += absence_problems(read, source_names(_plain_yaml(seeds_dir / "catalogue.yaml")), documents, severity)
    return problems


def bank_blocks(notebooks_dir: Path = NOTEBOOKS_DIR) -> Iterator[Block]:
    """The prompts and explanations of the lesson quiz banks: read for quotations and absences, not for markers
    (every bank answer already carries its evidence)."""
    for bank in sorted((notebooks_dir / "quizzes").glob("[0-9][0-9]_*.yaml")):
        yield from yaml_blocks(bank, skip_keys=("id", "title", "type", "asks", "evidence", "options", "answer",
                                                 "pairs", "items", "settings", "unit"))


def unmarked(notebooks_dir: Path = NOTEBOOKS_DIR, exercises_dir: Path = EXERCISES_DIR) -> list[Claim]:
    """The unmarked claims themselves (for tests and for counting)."""
    rules = Rules.load()
    return [c for b in project_blocks(notebooks_dir, exercises_dir) for c in claims(b, rules)
            if not c.cited and not c.background]


# -- what a sentence says a source contains, read against the source's text -------------------------------------------
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,}?)[\"”]|(?<![\w*])\*([^*\n]{2,}?)\*(?![\w*])")
"""Quoted words ("..." or “...”) and words in italics (*...*): what a sentence says a text says."""
_RANGE = re.compile(r"¶\s*(\d+)\s*[–-]\s*¶?\s*(\d+)")
_BARE_RANGE = re.compile(r"¶\s*\d+(?:\s*[–-]\s*¶?\s*\d+)?")
_ABSENT = re.compile(r"\b(?:never (?:mentions?|names?|uses?)|do(?:es)? not (?:mention|name|use|have|contain)|"
                     r"(?:appears?|stands?|is|are|only) only (?:in|over)|only in)\b", re.IGNORECASE)
"""Phrases that say a source lacks something ("never mentions", "appears only in"): checked against the texts."""
_JOIN = re.compile(r"[\s,;:()\[\]]*(?:(?:and|or)\s+)?[\s,;:()\[\]]*")
"""What may stand between quoted words and the citations that vouch for them: `*a*, *b* and "c" (doc ¶1, ¶2)`."""
_ONLY = re.compile(r"\bonly (?:in|over)\b", re.IGNORECASE)


def _plain_words(text: str) -> str:
    """Text compared for quotation: case, quotation marks, apostrophes and spacing do not count."""
    text = re.sub(r"[\"“”‘’']", "", text)
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class SourceClaim:
    """A sentence of ours that quotes words and cites passages, or says which sources lack some words."""

    block: Block
    sentence: str
    words: tuple[str, ...]
    """The quoted words right before the citations, which the citations vouch for."""
    cites: tuple[citations.Citation, ...]
    nearby: tuple[str, ...] = ()
    """Every quotation since the previous citations: each cited paragraph should hold one of them."""


def _marks(text: str, rules: Rules, last_doc: str | None) -> tuple[list[tuple[int, int, list]], str | None]:
    """Every citation in ``text`` with its span: full ones, ranges, and ``¶N`` after a full one (same source)."""
    found: list[tuple[int, int, list]] = []
    position = 0
    marks = sorted([(m.start(), "full", m) for m in rules.citation.finditer(text)]
                   + [(m.start(), "bare", m) for m in _BARE_RANGE.finditer(text)], key=lambda x: x[0])
    for start, shape, match in marks:
        if start < position:
            continue
        if shape == "full":
            last_doc = match.group(1)
            first = int(match.group(2))
            more = re.match(r"\s*[–-]\s*¶?\s*(\d+)", text[match.end():])
            last = int(more.group(1)) if more else first
            position = match.end() + (more.end() if more else 0)
            cites = [citations.Citation(last_doc, n) for n in range(first, max(first, last) + 1)]
            found.append((start, position, cites))
            continue
        if last_doc is None:
            continue
        span = _RANGE.match(match.group(0))
        numbers = range(int(span.group(1)), int(span.group(2)) + 1) if span else [int(match.group(0).strip("¶ "))]
        found.append((start, match.end(), [citations.Citation(last_doc, n) for n in numbers]))
    return found, last_doc


def source_claims(block: Block, rules: Rules) -> list[SourceClaim]:
    """Each group of citations in ``block`` that follows quoted or italic words, with those words.

    A group is a run of citations with only punctuation between them, ``(voa-2003 ¶1, ¶7, ¶8)``; its words are
    those quoted since the previous group in the same sentence: the group vouches for them.
    """
    text = _LINK.sub(r"\1", _HTML_COMMENT.sub(" ", block.text))
    text = " ".join(_LIST_MARK.sub("", line) for line in text.splitlines())
    text = _BACKGROUND.sub(" ", text)
    out: list[SourceClaim] = []
    last_doc: str | None = None
    for sentence in sentences(text):
        sentence = _CODE.sub(" ", sentence)
        marks, last_doc = _marks(sentence, rules, last_doc)
        groups: list[tuple[int, int, list]] = []
        for start, end, cites in marks:
            if groups and re.fullmatch(r"[\s,;()\[\]]*(?:and\s*)?[\s,;()\[\]]*", sentence[groups[-1][1]:start]):
                groups[-1] = (groups[-1][0], end, groups[-1][2] + cites)
            else:
                groups.append((start, end, list(cites)))
        previous = 0
        for start, end, cites in groups:
            words: list[str] = []
            boundary = start
            for quote in reversed(list(_QUOTED.finditer(sentence, previous, start))):
                if not _JOIN.fullmatch(sentence[quote.end():boundary]):
                    break
                if previous and re.fullmatch(r"\s*[(:]?\s*", sentence[previous:quote.start()]):
                    break  # `voa-2003 ¶4 ("rebels"), ...`: the words belong to the citation before them
                words.insert(0, quote.group(1) or quote.group(2))
                boundary = quote.start()
            if words:
                nearby = tuple(a or b for a, b in _QUOTED.findall(sentence[previous:start]))
                out.append(SourceClaim(block, sentence, tuple(words), tuple(dict.fromkeys(cites)), nearby))
            previous = end
    return out


def quotation_problems(blocks: Iterable[Block], rules: Rules, paragraphs: dict[citations.Citation, str],
                       severity: str = "error") -> list[Problem]:
    """A Problem for each quotation that none of the passages its sentence cites contains.

    Why: a citation next to quoted words says "these words are there". The quotation test of the banks checks
    evidence fields; this checks the prose (lessons, guides, exercises), where "Notice its verbs: *expected*,
    *hopes* (voa-2003 ¶8)" once cited a paragraph with neither word.
    """
    everything = [_plain_words(text) for text in paragraphs.values()]
    out: list[Problem] = []
    for block in blocks:
        for claim in source_claims(block, rules):
            texts = [_plain_words(paragraphs[c]) for c in claim.cites if c in paragraphs]
            if not texts or _ABSENT.search(claim.sentence):
                continue  # an unresolved citation is reported elsewhere; an absence is checked below
            wanted_all = [_plain_words(w).strip(" .,;:!?'\"") for w in claim.nearby or claim.words]
            for cite in claim.cites:
                text = _plain_words(paragraphs.get(cite, ""))
                if cite in paragraphs and wanted_all and not any(w and w in text for w in wanted_all) \
                        and any(w and w in t for w in wanted_all for t in texts):
                    quoted = ", ".join(map(repr, claim.nearby))
                    out.append(Problem(block.file, f"{block.where}cites {cite} for {quoted}, but that paragraph "
                                       "has none of those words: cite only the passages that do",
                                       block.line, severity))
            for words in claim.words:
                wanted = _plain_words(words).strip(" .,;:!?'\"")
                if not wanted or any(wanted in t for t in texts):
                    continue
                elsewhere = any(wanted in t for t in everything)
                if not elsewhere and (len(wanted.split()) < 5 or _BACKGROUND.search(block.text)):
                    continue  # our own words in quotes ("the right one"), or an outside text quoted as background
                shown = ", ".join(str(c) for c in claim.cites)
                why = "they are in another paragraph" if elsewhere else "no source has them word for word"
                out.append(Problem(block.file, f"{block.where}quotes {words!r}, but none of the passages the "
                                   f"sentence cites ({shown}) contains those words ({why}): cite the passage "
                                   "that does, or quote its words exactly", block.line, severity))
    return out


def source_names(catalogue: dict) -> dict[str, str]:
    """How prose names each source: its id, its publisher (without a leading "The") and "the YYYY text"
    when one source alone is from that year."""
    sources = [s for s in catalogue.get("sources", []) if isinstance(s, dict) and "id" in s]
    years = [str(s.get("date", ""))[:4] for s in sources]
    names: dict[str, str] = {}
    for source, year in zip(sources, years, strict=True):
        names[source["id"]] = source["id"]
        publisher = re.sub(r"^The\s+|\s*\(.*$|,.*$", "", str(source.get("publisher", ""))).strip()
        if publisher:
            names[publisher] = source["id"]
            short = "".join(w[0].upper() for w in publisher.split())  # Voice of America: VOA
            if len(short) >= 3 and short != publisher:
                names[short] = source["id"]
            city = re.match(r"((?:[A-Z]\w+ ){2})(\w+)$", publisher)  # Los Angeles Times: LA Times
            if city:
                names["".join(w[0] for w in city.group(1).split()) + " " + city.group(2)] = source["id"]
        if year and years.count(year) == 1:
            for noun in ("text", "report", "article", "source"):
                names[f"{year} {noun}"] = source["id"]
    return names


def absence_problems(blocks: Iterable[Block], names: dict[str, str], documents: dict[str, str],
                     severity: str = "error") -> list[Problem]:
    """A Problem for each sentence that says a source lacks words which its text in fact contains.

    Read: "X never mentions / does not mention *w*" (w must not be in X) and "*w* appears only in X" (w must
    not be in any other source). The words are those in quotes or italics; a sentence that names no source or no
    words is not read (it cannot be checked mechanically, and is left to the reader).
    """
    names = {name: doc for name, doc in names.items() if doc in documents}  # texts that did not load: not read
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])") if names else None
    out: list[Problem] = []
    for block in blocks:
        text = " ".join(_LIST_MARK.sub("", line) for line in _CODE.sub(" ", block.text).splitlines())
        in_block = list(dict.fromkeys(names[m.group(0)] for m in pattern.finditer(text))) if pattern else []
        for sentence in sentences(_BACKGROUND.sub(" ", text)):
            if pattern is None or not _ABSENT.search(sentence):
                continue
            named = list(dict.fromkeys(names[m.group(0)] for m in pattern.finditer(sentence)))
            words = [a or b for a, b in _QUOTED.findall(sentence)]
            if not named or not words:
                continue
            only = bool(_ONLY.search(sentence))
            # "only in X" compares X with the other sources the paragraph names, or with all when it names no other
            scope = [d for d in in_block if d not in named] or [d for d in documents if d not in named]
            lacking = scope if only else named
            for word in words:
                wanted = _plain_words(word).strip(" .,;:!?'\"")
                having = [d for d in lacking if re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)",
                                                          _plain_words(documents[d]))]
                if wanted and having:
                    who = ("only " if only else "") + ", ".join(named)
                    out.append(Problem(block.file, f"{block.where}says {who} "
                                       f"{'has' if only else 'lacks'} {word!r}, but {', '.join(having)} "
                                       f"{'has' if len(having) == 1 else 'have'} it: read the text again "
                                       "(a count of one word is not a reading)", block.line, severity))
    return out
