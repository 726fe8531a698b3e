"""Reading question banks (YAML) into Questions, and checking them against the corpus.

Every fault becomes a Problem with the bank file and line; nothing here raises for bad content.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pakru import dates
from pakru.citations import Citation
from pakru.problems import Problem, ProblemError, display_path
from pakru.quiz.model import (
    ASKS,
    Bank,
    Chronology,
    EventItem,
    Evidence,
    Matching,
    MultipleChoice,
    Numeric,
    Pair,
    Question,
    Settings,
    ShortText,
    SingleChoice,
    TrueFalse,
    normalise,
    parse_number,
)
from pakru.yamlfile import LineDict, load_yaml

if TYPE_CHECKING:
    from pakru.corpus import Corpus

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CHRONOLOGY_SIZE = (4, 6)


class _Report:
    """Collects problems for one bank file."""

    def __init__(self, shown: str):
        self.shown = shown
        self.problems: list[Problem] = []

    def add(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(self.shown, message, line))


def read_yaml_bank(path: Path) -> tuple[Bank | None, list[Problem]]:
    """Parse a YAML bank into a Bank (evidence and events not yet checked) and its problems."""
    shown = display_path(path)
    try:
        data = load_yaml(path)
    except ProblemError as exc:
        return None, exc.problems
    report = _Report(shown)
    if not isinstance(data, LineDict):
        report.add("a bank is a mapping with `id`, `title` and `questions`", 1)
        return None, report.problems
    for key in data:
        if key not in ("id", "title", "settings", "questions"):
            report.add(f"unknown field `{key}` (a bank has id, title, settings, questions)", data.line_of(key))
    bank_id = data.get("id")
    if bank_id != path.stem:
        report.add(f"bank id {bank_id!r} must equal the file name without .yaml ({path.stem!r})",
                   data.line_of("id"))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        report.add("the bank needs a `title` (text)", data.line_of("title"))
    settings = _settings(data.get("settings"), data.line_of("settings"), report)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        report.add("the bank needs a non-empty `questions:` list", data.line_of("questions"))
        raw_questions = []
    questions: list[Question] = []
    seen: dict[str, int | None] = {}
    for item in raw_questions:
        question = _question(item, report, data.line_of("questions"))
        if question is None:
            continue
        if question.id in seen:
            report.add(f"duplicate question id {question.id!r} (first at line {seen[question.id]})", question.line)
            continue
        seen[question.id] = question.line
        questions.append(question)
    bank = Bank(str(bank_id or path.stem), str(title or path.stem), questions, settings, shown)
    return bank, report.problems


def _settings(raw: Any, line: int | None, report: _Report) -> Settings:
    settings = Settings()
    if raw is None:
        return settings
    if not isinstance(raw, LineDict):
        report.add("`settings` must be a mapping, e.g. {shuffle: true, reveal_after: 2, source_after: 1}", line)
        return settings
    for key, value in raw.items():
        if key == "shuffle" and isinstance(value, bool):
            settings.shuffle = value
        elif key in ("reveal_after", "source_after") and value == "never":
            setattr(settings, key, None)
        elif key in ("reveal_after", "source_after") and isinstance(value, int) and not isinstance(value, bool) \
                and value >= 0:
            setattr(settings, key, value)
        elif key in ("shuffle", "reveal_after", "source_after"):
            wanted = "true or false" if key == "shuffle" else "a whole number ≥ 0 or `never`"
            report.add(f"`{key}` must be {wanted}, not {value!r}", raw.line_of(key))
        else:
            report.add(f"unknown setting `{key}` (settings are shuffle, reveal_after, source_after)",
                       raw.line_of(key))
    return settings


def _text(item: LineDict, key: str, report: _Report, required: bool = True) -> str:
    value = item.get(key)
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        if required or value is not None:
            report.add(f"`{key}` must be text", item.line_of(key))
        return ""
    text = str(value).strip()
    if required and not text:
        report.add(f"`{key}` must not be empty", item.line_of(key))
    return text


def _texts(item: LineDict, key: str, report: _Report) -> list[str]:
    value = item.get(key)
    if not isinstance(value, list) or not value:
        report.add(f"`{key}` must be a non-empty list", item.line_of(key))
        return []
    out = []
    for entry in value:
        if isinstance(entry, bool) or entry is None or isinstance(entry, list | dict):
            report.add(f"every entry of `{key}` must be text, not {entry!r}", item.line_of(key))
            continue
        out.append(str(entry).strip())
    return out


def _question(item: Any, report: _Report, list_line: int | None) -> Question | None:
    if not isinstance(item, LineDict):
        report.add(f"each question must be a mapping of fields, not {item!r}", list_line)
        return None
    from pakru.quiz.types import registry

    kind = item.get("type")
    qtype = registry().get(kind) if isinstance(kind, str) else None
    if qtype is None:
        report.add(f"unknown question type {kind!r} (types: {', '.join(registry())})", item.line_of("type"))
        return None
    for key in item:
        if key not in qtype.all_fields:
            report.add(f"unknown field `{key}` for a {kind} question (fields: "
                       f"{', '.join(qtype.all_fields)})", item.line_of(key))
    qid = _text(item, "id", report)
    if qid and not _ID.match(qid):
        report.add(f"question id {qid!r} must be lower-case letters, digits, '-' or '_'", item.line_of("id"))
    asks = item.get("asks")
    if asks is not None and asks not in ASKS:
        report.add(f"`asks` must be one of {', '.join(ASKS)}, not {asks!r}", item.line_of("asks"))
        asks = None
    base = {
        "id": qid or f"line-{item.line}",
        "prompt": _text(item, "prompt", report),
        "explanation": _text(item, "explanation", report),
        "evidence": _evidence(item, report, required=qtype.evidence_required),
        "line": item.line,
        "asks": asks,
        "code": _code(item, report),
    }
    return qtype.read(item, base, report)


def _code(item: LineDict, report: _Report) -> str:
    """Code shown under the prompt: kept as written (indentation matters), only trailing newlines dropped."""
    value = item.get("code")
    if value is None:
        return ""
    if not isinstance(value, str):
        report.add("`code` must be text (use a `|` block for several lines)", item.line_of("code"))
        return ""
    return value.rstrip("\n")


def _evidence(item: LineDict, report: _Report, required: bool) -> list[Evidence]:
    raw = item.get("evidence")
    if raw is None and not required:
        return []
    if not isinstance(raw, list) or not raw:
        report.add("`evidence` must list at least one {cite: 'doc-id ¶N', text: exact words}",
                   item.line_of("evidence"))
        return []
    found = []
    for entry in raw:
        line = entry.line if isinstance(entry, LineDict) else item.line_of("evidence")
        if not isinstance(entry, LineDict) or not isinstance(entry.get("cite"), str) \
                or not isinstance(entry.get("text"), str) or not entry["text"].strip():
            report.add("each evidence entry needs `cite` ('doc-id ¶N') and `text` (exact words)", line)
            continue
        extra = [k for k in entry if k not in ("cite", "text")]
        if extra:
            report.add(f"unknown evidence field `{extra[0]}` (fields: cite, text)", entry.line_of(extra[0]))
        try:
            citation = Citation.parse(entry["cite"])
        except ValueError as exc:
            report.add(str(exc), entry.line_of("cite"))
            continue
        found.append(Evidence(citation, entry["text"], line))
    return found


def read_single(item: LineDict, base: dict, report: _Report) -> Question:
    options = _options(item, report)
    answer = _text(item, "answer", report)
    if answer and options and answer not in options:
        report.add(f"answer {answer!r} is not one of the options", item.line_of("answer"))
    return SingleChoice(**base, options=options, answer=answer)


def read_multiple(item: LineDict, base: dict, report: _Report) -> Question:
    options = _options(item, report)
    answer = _texts(item, "answer", report)
    for entry in answer:
        if options and entry not in options:
            report.add(f"answer {entry!r} is not one of the options", item.line_of("answer"))
    return MultipleChoice(**base, options=options, answer=answer)


def _options(item: LineDict, report: _Report) -> list[str]:
    options = _texts(item, "options", report)
    if options and len(options) < 2:
        report.add("a choice question needs at least two options", item.line_of("options"))
    if len(set(options)) != len(options):
        report.add("options repeat; each option must be different", item.line_of("options"))
    return options


def read_truefalse(item: LineDict, base: dict, report: _Report) -> Question:
    answer = item.get("answer")
    if not isinstance(answer, bool):
        report.add(f"a truefalse answer must be true or false, not {answer!r}", item.line_of("answer"))
        answer = True
    return TrueFalse(**base, answer=answer)


def read_numeric(item: LineDict, base: dict, report: _Report) -> Question:
    value = parse_number(item.get("answer")) if not isinstance(item.get("answer"), str) \
        else _plain_number(item.get("answer"))
    if value is None:
        report.add(f"numeric answer {item.get('answer')!r} is not a number", item.line_of("answer"))
        value = 0.0
    tolerance = item.get("tolerance", 0)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
        report.add(f"tolerance must be a number ≥ 0, not {tolerance!r}", item.line_of("tolerance"))
        tolerance = 0
    unit = _text(item, "unit", report, required=False) if "unit" in item else ""
    return Numeric.around(value, float(tolerance), unit=unit, **base)


def _plain_number(text: str) -> float | None:
    """A number written as text in a bank must be only a number (``"1972"``), not ``"about 30"``."""
    value = parse_number(text)
    return value if value is not None and re.fullmatch(r"\s*[−-]?[\d,.]+\s*", text) else None


def read_chronology(item: LineDict, base: dict, report: _Report) -> Question:
    items = _texts(item, "items", report)
    low, high = CHRONOLOGY_SIZE
    if items and not low <= len(items) <= high:
        report.add(f"a chronology orders {low} to {high} events, not {len(items)}", item.line_of("items"))
    if len(set(items)) != len(items):
        report.add("an event appears twice in `items`", item.line_of("items"))
    return Chronology(**base, items=items)


def read_matching(item: LineDict, base: dict, report: _Report) -> Question:
    raw = item.get("pairs")
    pairs: list[Pair] = []
    if not isinstance(raw, list) or len(raw) < 2:
        report.add("`pairs` must list at least two {left: ..., right: ...}", item.line_of("pairs"))
        raw = raw if isinstance(raw, list) else []
    for entry in raw:
        line = entry.line if isinstance(entry, LineDict) else item.line_of("pairs")
        if not isinstance(entry, LineDict) or set(entry) != {"left", "right"} \
                or not all(isinstance(entry[k], str | int | float) and str(entry[k]).strip()
                           for k in ("left", "right")):
            report.add("each pair needs exactly `left` and `right`, both text", line)
            continue
        pairs.append(Pair(str(entry["left"]).strip(), str(entry["right"]).strip()))
    lefts = [p.left for p in pairs]
    if len(set(lefts)) != len(lefts):
        report.add("a left item appears twice in `pairs`", item.line_of("pairs"))
    return Matching(**base, pairs=pairs)


def read_text(item: LineDict, base: dict, report: _Report) -> Question:
    answer = item.get("answer")
    accepted = [str(answer).strip()] if isinstance(answer, str) else _texts(item, "answer", report)
    if isinstance(answer, str) or accepted:
        if not any(normalise(a) for a in accepted):
            report.add("accepted answers must contain letters or digits", item.line_of("answer"))
    return ShortText(**base, accepted=accepted)


def check_evidence(bank: Bank, corpus: Corpus) -> list[Problem]:
    """Every citation exists and every evidence text occurs verbatim in the cited cleaned paragraph."""
    problems = []
    for question in bank.questions:
        for ev in question.evidence:
            if not corpus.resolves(ev.cite):
                problems.append(Problem(bank.file, f"{question.id}: cites {ev.cite}, which does not exist"
                                        f"{_range_hint(corpus, ev.cite)}", ev.line))
                continue
            if ev.text in corpus.cite(ev.cite).text:
                continue
            elsewhere = [str(c) for c in corpus.find(ev.text)]
            hint = (f"; it is in {', '.join(elsewhere)}: cite that" if elsewhere else
                    "; copy the words exactly from the cleaned paragraph (quote marks ’ “ ” and spacing count)")
            problems.append(Problem(bank.file, f"{question.id}: evidence {ev.text!r} is not found verbatim in "
                                    f"{ev.cite}{hint}", ev.line))
    return problems


def _range_hint(corpus: Corpus, citation: Citation) -> str:
    doc = corpus.documents.get(citation.doc_id)
    if doc is None:
        return f" (sources: {', '.join(corpus.documents)})"
    return f" ({citation.doc_id} has paragraphs 1 to {len(doc.paragraphs)})"


def resolve_events(bank: Bank, corpus: Corpus) -> list[Problem]:
    """Give chronology questions their events from ``corpus.events``; report unknown ids and ties."""
    chronologies = [q for q in bank.questions if isinstance(q, Chronology)]
    if not chronologies:
        return []
    try:
        table = corpus.events
    except (ImportError, ProblemError, KeyError, ValueError, AttributeError) as exc:
        return [Problem(bank.file, f"{q.id}: chronology needs the events table, which could not be read: {exc}",
                        q.line) for q in chronologies]
    by_id = {row.event_id: row for row in table.itertuples()}
    problems = []
    for question in chronologies:
        known: dict[str, EventItem] = {}
        for event_id in question.items:
            row = by_id.get(event_id)
            if row is None:
                problems.append(Problem(bank.file, f"{question.id}: {event_id!r} is not an event in "
                                        "data/events.yaml", question.line))
                continue
            date = str(row.date) if row.date is not None else ""
            if not dates.is_valid(date):
                problems.append(Problem(bank.file, f"{question.id}: event {event_id!r} has no usable date "
                                        f"({date!r})", question.line))
                continue
            known[event_id] = EventItem(event_id, str(row.title), date, dates.start(date))
            if not question.evidence and isinstance(row.doc_id, str) and isinstance(row.evidence, str):
                question.evidence.append(Evidence(Citation(row.doc_id, int(row.paragraph)), row.evidence))
        problems += _ties(question, known, bank.file)
        question.events = known
    return problems


def _ties(question: Chronology, known: dict[str, EventItem], shown: str) -> list[Problem]:
    """Two events whose dates could be the same day (equal, or one inside the other) cannot be ordered."""
    problems = []
    items = sorted(known.values(), key=lambda e: e.start)
    for a, b in zip(items, items[1:], strict=False):
        if b.start < _end(a.date):
            problems.append(Problem(shown, f"{question.id}: events {a.id!r} ({a.date}) and {b.id!r} ({b.date}) "
                                    "cannot be put in order: their dates tie or overlap", question.line))
    return problems


def _end(date: str) -> Any:
    """The first day after everything the date could mean."""
    first = dates.start(date)
    kind = dates.precision(date)
    if kind == "decade":
        return first.replace(year=first.year + 10)
    if kind == "year":
        return first.replace(year=first.year + 1)
    if kind == "month":
        return first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return first.fromordinal(first.toordinal() + 1)
