"""One handed-in file's bytes → its records (``model.Given``), read as data only and never trusted.

Three kinds: a progress file (``pakru-progress/1``, read by ``pakru.progress.parse``, the one reader of
that format), a ``python -m pakru export`` CSV, and a saved notebook whose outputs hold check results
(verdicts only, so they cannot be re-graded).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from pakru import csvcell, progress
from pakru.exercises import check_results as resultlib
from pakru.gradebook.model import Given, Handed, Owner
from pakru.gradebook.read.files import Content, Refused
from pakru.problems import ProblemError
from pakru.yamlfile import parse_json

PROGRESS_FORMAT = progress.FORMAT
CSV_REQUIRED = ("learner", "activity", "question", "score", "max_score", "timestamp")

Parsed = tuple[list[Given], list[str], bool]
"""(records, problems, is ours): a foreign file is skipped without counting as handed in."""


def decode(data: bytes) -> str:
    """Submitted text (UTF-8, with or without a byte-order mark); UnicodeDecodeError otherwise."""
    return data.decode("utf-8-sig")


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _answer(text: str | None) -> Any:
    """An answer cell of an export: JSON text, as written, or as a spreadsheet saved it again.

    A spreadsheet rewrites the JSON ``false`` as ``FALSE`` (and ``true`` as ``TRUE``); read that as the
    boolean it was, or a right true/false answer turns into the text "FALSE", which is truthy. Longer
    text than the progress store keeps is refused (ValueError), so no learner's number drives a long loop.
    """
    text = text or "null"
    if len(text) > progress.MAX_ANSWER_CHARS:
        raise ValueError(f"answer longer than {progress.MAX_ANSWER_CHARS} characters")
    if text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return text


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text == "true" else False if text == "false" else None


def _given(item: dict, shown: str, answer: Any = None) -> Given:
    if not isinstance(item, dict):
        raise TypeError("record is not a mapping")
    for key in ("kind", "activity", "question"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise ValueError(f"record lacks {key}")
    hub_user = item.get("hub_user")
    return Given(item["kind"], item["activity"], item["question"], str(item.get("learner") or ""),
                 item.get("answer") if answer is None else answer, _flag(item.get("correct")),
                 _number(item.get("score")), str(item.get("timestamp") or ""), shown,
                 hub_user=str(hub_user) if hub_user else None, session=str(item.get("session") or ""),
                 attempts=_whole(item.get("attempts")))


def _whole(value: object) -> int | None:
    """A record's ``attempts`` (an int in JSON, text in an export CSV), or None when it is not a whole number."""
    try:
        number = _number(value)
    except (TypeError, ValueError):
        return None  # a damaged count only leaves the item statistics without this record's first try
    return int(number) if number is not None and number == int(number) and number >= 0 else None


def _json(data: bytes, shown: str = "") -> Any:
    """Submitted JSON through the shared guarded reader (deep nesting, bad syntax: ValueError, never a crash)."""
    try:
        return parse_json(decode(data), shown)
    except ProblemError as exc:
        raise ValueError(exc.problems[0].message) from None


def parse_progress(data: bytes, shown: str) -> Parsed:
    """Records of a progress file (``pakru-progress/1``)."""
    try:  # the one reader of the progress format: every field of every record validated
        records, warnings = progress.parse(data, shown)
    except progress.DamagedFile as exc:
        if exc.foreign:
            return [], [f"{shown}: foreign JSON file (not {PROGRESS_FORMAT}); skipped"], False
        return [], [f"{shown}: damaged progress file ({str(exc).removeprefix(shown + ': ')}); ask for it again"], True
    found, bad = [], len(warnings)
    for record in records:
        try:
            found.append(_given(asdict(record), shown))
        except (TypeError, ValueError):
            bad += 1
    return found, ([f"{shown}: {bad} damaged record(s) skipped"] if bad else []), True


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def parse_export(data: bytes, shown: str) -> Parsed:
    """Rows of a ``python -m pakru export`` CSV (answers are JSON text in it)."""
    try:
        rows = csv_rows(decode(data))
    except (UnicodeDecodeError, csv.Error) as exc:
        return [], [f"{shown}: damaged CSV ({type(exc).__name__})"], True
    if not rows or not set(CSV_REQUIRED) <= set(rows[0]):
        return [], [f"{shown}: foreign CSV (not a pakru export: needs {', '.join(CSV_REQUIRED)}); skipped"], False
    found, bad = [], 0
    for row in rows:
        row = {k: csvcell.restore(v) if isinstance(v, str) else v for k, v in row.items()}  # export's neutral()
        try:
            found.append(_given(row, shown, _answer(row.get("answer"))))
        except (TypeError, ValueError):
            bad += 1
    return found, ([f"{shown}: {bad} damaged row(s) skipped"] if bad else []), True


def parse_notebook(data: bytes, shown: str) -> Parsed:
    """Check results in a saved notebook's outputs: verdicts only, so they cannot be re-graded."""
    try:
        doc = _json(data, shown)
    except (UnicodeDecodeError, ValueError, MemoryError) as exc:
        return [], [f"{shown}: damaged notebook, not valid JSON ({type(exc).__name__}); ask for it again"], True
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        return [], [f"{shown}: damaged notebook (no list of cells); ask for it again"], True
    ours = isinstance(doc.get("metadata"), dict) and isinstance(doc["metadata"].get("pakru"), dict)
    found, bad = [], 0
    for cell in doc["cells"]:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            bundle = output.get("data") if isinstance(output, dict) else None
            bundle = bundle.get(resultlib.MIME) if isinstance(bundle, dict) else None
            if not isinstance(bundle, dict) or bundle.get("format") != resultlib.FORMAT:
                continue
            ours = True
            for item in bundle.get("results") if isinstance(bundle.get("results"), list) else []:
                try:
                    record = {"kind": "exercise", "activity": item["exercise"], "question": item["task"],
                              "learner": item.get("learner"), "answer": item.get("answer"),
                              "correct": item.get("status") in ("passed", "collected"), "score": item.get("score"),
                              "timestamp": item.get("timestamp")}
                    found.append(Given(**{**_given(record, shown).__dict__, "regradable": False}))
                except (KeyError, TypeError, ValueError, AttributeError):
                    bad += 1
    if not ours:
        return [], [f"{shown}: foreign notebook (not a pakru exercise, no check results); skipped"], False
    return found, ([f"{shown}: {bad} damaged check record(s) skipped"] if bad else []), True


PARSERS: dict[str, Callable[[bytes, str], Parsed]] = {
    ".json": parse_progress, ".csv": parse_export, ".ipynb": parse_notebook}


def add(handed: Handed, owner: Owner, shown: str, data_reader: Callable[[], bytes | Content], suffix: str) -> None:
    """Parse one file and file its records under its owner (a foreign file is reported, not counted)."""
    parse = PARSERS.get(suffix)
    if parse is None:
        handed.problems.append(f"{shown}: foreign file (not a progress .json, export .csv or .ipynb); skipped")
        return
    exposure = None
    try:
        content = data_reader()
        if isinstance(content, Content):
            content, exposure = content.data, content.exposure
        found, problems, ours = parse(content, shown)
    except Refused as exc:
        handed.problems.append(f"{shown}: {exc}; skipped")
        return
    except (OSError, ValueError, MemoryError) as exc:
        found, problems, ours = [], [f"{shown}: cannot be read ({exc}); skipped"], True
    handed.problems.extend(problems)
    if ours and exposure:
        handed.exposed[shown] = exposure
    if ours:
        handed.owners.setdefault(owner.key, owner)
        handed.files[owner.key].add(shown)
        handed.given[owner.key] += found
