"""The progress file format, ``pakru-progress/1``: one record per answer, checked field by field.

Why one module: the store, ``export``, the gradebook and the class service all read these files, and a learner
can hand in anything as one. ``read_file`` / ``parse`` are the one reader: a file unreadable as a whole is
``DamagedFile`` (one line naming it), a record whose fields fail validation is left out and reported, the
file's other records kept. Every limit a learner's file could push (size, depth, lengths, numbers) is here.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pakru.problems import ProblemError
from pakru.yamlfile import json_depth, parse_json

FORMAT = "pakru-progress/1"
KINDS = ("quiz", "exercise")
"""What a record is an answer to: a quiz question or an exercise task (``Record.kind``)."""
MAX_NAME = 200
"""Longest learner, activity or question id accepted in a record."""
MAX_ANSWER_CHARS = 10_000
"""Longest stored answer (as JSON text); a longer one is stored as a summary, so saves stay small."""
MAX_ANSWER_DEPTH = 20
MAX_SCORE = 1_000.0
MAX_ATTEMPTS = 1_000_000
MAX_FILE_BYTES = 50_000_000
"""A progress file larger than this is damaged (a whole course's answers take well under 1 MB)."""
FUTURE_SLACK = dt.timedelta(days=1)
"""How far ahead of this machine's clock a timestamp may lie (clocks on a hub's nodes disagree a little)."""
TMP_MAX_AGE = 60.0
"""Seconds after which a ``.tmp`` file is an orphan of a killed save whatever its writer (a save takes ms)."""
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z")
@dataclass(frozen=True)
class Record:
    """One learner's latest answer to one question of one activity (a quiz bank or an exercise)."""

    learner: str
    activity: str
    question: str
    kind: str
    """What the record answers: ``quiz`` (a quiz bank's question) or ``exercise`` (an exercise's task).

    A field of the on-disk file format ``pakru-progress/1`` and of the export CSV (``CSV_COLUMNS``), read by
    the gradebook and the class service, so its name stays ``kind`` (the one use of the word outside the
    catalogue's "kind of source"); it is not a question's type (``Question.question_type``)."""
    answer: Any
    """What the learner gave, as JSON data (a string, number, list or mapping)."""
    correct: bool
    attempts: int
    score: float
    max_score: float
    timestamp: str
    """UTC time in ISO form with microseconds; the latest timestamp wins when files are merged."""
    hub_user: str | None = None
    """``$JUPYTERHUB_USER`` of the kernel that saved the answer (None off a hub)."""
    session: str = ""
    """The kernel session that saved the answer (its file's name); empty in files from before it was kept."""

    @classmethod
    def from_dict(cls, data: dict) -> Record:
        """Rebuild a record from its JSON form, checking every field; a bad one is a ValueError saying which."""
        if not isinstance(data, dict):
            raise ValueError("a record must be a JSON object")
        required = [f.name for f in fields(cls) if f.name not in ("hub_user", "session")]
        missing = [n for n in required if n not in data]
        if missing:
            raise ValueError(f"record lacks {', '.join(missing)}")
        for name in ("learner", "activity", "question"):
            value = data[name]
            if not isinstance(value, str) or not value or len(value) > MAX_NAME:
                raise ValueError(f"{name} must be a text of 1 to {MAX_NAME} characters")
        if data["kind"] not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        if not isinstance(data["correct"], bool):
            raise ValueError("correct must be true or false")
        attempts = data["attempts"]
        if isinstance(attempts, bool) or not isinstance(attempts, int) or not 0 <= attempts <= MAX_ATTEMPTS:
            raise ValueError(f"attempts must be a whole number from 0 to {MAX_ATTEMPTS}")
        for name in ("score", "max_score"):
            value = data[name]
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
                    or not 0 <= value <= MAX_SCORE:
                raise ValueError(f"{name} must be a number from 0 to {MAX_SCORE:g}")
        if data["score"] > data["max_score"]:
            raise ValueError("score exceeds max_score")
        stamp = check_timestamp(data["timestamp"]).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        hub_user, session = data.get("hub_user"), data.get("session", "")
        if hub_user is not None and (not isinstance(hub_user, str) or len(hub_user) > MAX_NAME):
            raise ValueError("hub_user must be a text or null")
        if not isinstance(session, str) or len(session) > MAX_NAME:
            raise ValueError("session must be a text")
        answer = data["answer"]
        if json_depth(answer) > MAX_ANSWER_DEPTH:
            raise ValueError(f"answer nests deeper than {MAX_ANSWER_DEPTH} levels")
        if len(json.dumps(answer, ensure_ascii=False)) > MAX_ANSWER_CHARS:
            raise ValueError(f"answer is longer than {MAX_ANSWER_CHARS} characters")
        return cls(data["learner"], data["activity"], data["question"], data["kind"], answer, data["correct"],
                   attempts, float(data["score"]), float(data["max_score"]), stamp, hub_user, session)


def check_timestamp(value: object, now: dt.datetime | None = None) -> dt.datetime:
    """The time a record's ``timestamp`` names; ValueError unless it is ISO UTC (``Z``), real and not in the future.

    Fractions of a second may be left out or shortened; records keep the full form (``.%fZ``) so that
    timestamps compare correctly as text.
    """
    match = _TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise ValueError("timestamp must look like 2026-01-31T12:00:00.000000Z")
    try:
        when = dt.datetime.strptime(f"{match[1]}.{(match[2] or '').ljust(6, '0')}Z",
                                    "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    except ValueError:
        raise ValueError(f"timestamp {value} is not a real date and time") from None
    if when.year < 2000 or when > (now or dt.datetime.now(dt.UTC)) + FUTURE_SLACK:
        raise ValueError(f"timestamp {value} lies outside 2000 to today")
    return when


class DamagedFile(ValueError):
    """A progress file that cannot be read as a whole (the store moves it aside; the gradebook reports it)."""

    def __init__(self, message: str, foreign: bool = False):
        super().__init__(message)
        self.foreign = foreign
        """True when the file is valid JSON but not a progress file at all (some other JSON document)."""


def read_file(path: Path | str, learner: str | None = None) -> tuple[list[Record], list[str]]:
    """Read one progress file: its valid records, and one warning per record left out.

    The one reader of the ``pakru-progress/1`` format (the store, ``export`` and the gradebook use it).
    With ``learner``, records of other learners are left out too (and said so). Raises ``DamagedFile``
    (one line naming the file) when the file as a whole is unreadable: not UTF-8 JSON, nested too deep,
    too large, not this format, or without a ``records`` list.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DamagedFile(f"{path.name}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except MemoryError:
        raise DamagedFile(f"{path.name}: too large to read") from None
    return parse(data, path.name, learner)


def parse(data: bytes | str, name: str, learner: str | None = None) -> tuple[list[Record], list[str]]:
    """``read_file`` for content already in memory (a file inside a zip archive); ``name`` is shown in messages."""
    if len(data) > MAX_FILE_BYTES:
        raise DamagedFile(f"{name}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        data = parse_json(text, name)
    except UnicodeDecodeError as exc:
        raise DamagedFile(f"{name}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except ProblemError as exc:
        raise DamagedFile(f"{name}: {exc.problems[0].message}") from None
    except MemoryError:
        raise DamagedFile(f"{name}: too large to read") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DamagedFile(f"{name}: not a {FORMAT} file", foreign=True)
    if not isinstance(data.get("records"), list):
        raise DamagedFile(f"{name}: has no list of records")
    records, warnings = [], []
    for number, item in enumerate(data["records"], 1):
        try:
            record = Record.from_dict(item)
        except ValueError as exc:
            warnings.append(f"⚠ Progress file {name}: record {number} left out ({exc}).")
            continue
        if learner is not None and record.learner != learner:
            warnings.append(f"⚠ Progress file {name}: record {number} belongs to another learner "
                            f"({record.learner!r}) and was left out.")
            continue
        records.append(record)
    return records, warnings


def bounded_answer(answer: Any) -> Any:
    """The answer as it will be stored: itself when small, else a short text summary of it.

    Raises TypeError for values that are not JSON data (the caller's error, raised before anything is written).
    """
    if json_depth(answer) > MAX_ANSWER_DEPTH:
        return f"(answer nested more than {MAX_ANSWER_DEPTH} levels deep; not stored)"
    text = json.dumps(answer, ensure_ascii=False)
    if len(text) <= MAX_ANSWER_CHARS:
        return answer
    return f"(answer of {len(text):,} characters; first 200 stored) {text[:200]}"
