"""Reading question banks (YAML) into Questions, and checking them against the corpus.

Every fault becomes a Problem with the bank file and line; nothing here raises for bad content.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from pakru import dates
from pakru.citations import Citation
from pakru.problems import Problem, ProblemError, display_path
from pakru.quiz.bankfile import bank_model, evidence_adapter, question_adapter
from pakru.quiz.model import ASKS, Bank, Evidence, Question, Settings
from pakru.quiz.types.chronology import Chronology, EventItem
from pakru.schema import cache_name, cached, keep, validate
from pakru.yamlfile import LineDict, load_yaml

if TYPE_CHECKING:
    from pakru.corpus import Corpus

def read_yaml_bank(path: Path) -> tuple[Bank | None, list[Problem]]:
    """Parse a YAML bank into a Bank (evidence and events not yet checked) and its problems.

    Validation is the bank model's (``pakru.quiz.bankfile.bank_model()`` on the schema layer), every problem
    with its line. When the file has faults, the questions that are valid on their own still make a Bank,
    so their evidence is checked in the same run and the author sees every problem at once.
    """
    shown = display_path(path)
    model = bank_model()
    name = cache_name(path, model, "bank", {"path": path})
    found = cached(name)
    if isinstance(found, model):
        return found.bank(shown), []
    try:
        data = load_yaml(path)
    except ProblemError as exc:
        return None, exc.problems
    found, problems = validate(data, model, shown, {"path": path})
    if found is not None:
        keep(name, found)
        return found.bank(shown), []
    return _partial(data, path, shown), problems + _duplicates(data, shown, problems)


def _duplicates(data: Any, shown: str, known: list[Problem]) -> list[Problem]:
    """Repeated question ids (the model names them only once every question is valid)."""
    raws = data.get("questions") if isinstance(data, dict) else None
    first: dict[str, int | None] = {}
    found = []
    for raw in raws if isinstance(raws, list) else []:
        qid = raw.get("id") if isinstance(raw, LineDict) else None
        if not isinstance(qid, str):
            continue
        if qid in first:
            problem = Problem(shown, f"duplicate question id {qid!r} (first at line {first[qid]})", raw.line_of("id"))
            if problem not in known:
                found.append(problem)
        else:
            first[qid] = raw.line_of("id")
    return found


def _partial(data: Any, path: Path, shown: str) -> Bank | None:
    """What can be built from a bank with faults: the questions that validate on their own, ids once."""
    if not isinstance(data, dict):
        return None
    questions: list[Question] = []
    for raw in data.get("questions") if isinstance(data.get("questions"), list) else []:
        try:
            question = question_adapter().validate_python(raw, context={"path": path}).question()
        except (ValidationError, TypeError, ValueError):
            question = _evidence_only(raw)
        if question is not None and all(q.id != question.id for q in questions):
            questions.append(question)
    title = data.get("title") if isinstance(data.get("title"), str) else path.stem
    return Bank(path.stem, title, questions, Settings(), shown)


def _evidence_only(raw: Any) -> Question | None:
    """A faulty question's evidence, when that part is sound, so it is checked against the corpus as well."""
    if not isinstance(raw, LineDict) or not isinstance(raw.get("id"), str):
        return None
    try:
        evidence = evidence_adapter().validate_python(raw.get("evidence"))
    except ValidationError:
        return None
    asks = raw.get("asks") if raw.get("asks") in ASKS else None
    return Question(raw["id"], str(raw.get("prompt", "")), line=raw.line, asks=asks,
                    evidence=[Evidence(e.cite, e.text, e.line) for e in evidence])


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
    grain = dates.precision(date)
    if grain == "decade":
        return first.replace(year=first.year + 10)
    if grain == "year":
        return first.replace(year=first.year + 1)
    if grain == "month":
        return first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return first.fromordinal(first.toordinal() + 1)
