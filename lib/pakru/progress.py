"""Saved answers that are never lost: one JSON file per kernel session, merged when read.

Why this shape: home folders on JupyterHub often sit on network file systems where locks are
unreliable. Each session therefore owns one file and rewrites it whole (temporary file, then
``os.replace``), so two kernels never write the same file, a killed writer leaves the last
complete version, and reading merges every file of the learner (latest answer per question wins).
A file that cannot be read is moved aside as ``*.damaged-<timestamp>`` and reported, never fatal.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import json
import os
import re
import sys
import threading
import uuid
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

FORMAT = "pakru-progress/1"
ROOT_ENV = "PAKRU_PROGRESS_DIR"
LEARNER_ENV = "PAKRU_LEARNER"
KINDS = ("quiz", "exercise")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Record:
    """One learner's latest answer to one question of one activity (a quiz bank or an exercise)."""

    learner: str
    activity: str
    question: str
    kind: str
    """``quiz`` or ``exercise``."""
    answer: Any
    """What the learner gave, as JSON data (a string, number, list or mapping)."""
    correct: bool
    attempts: int
    score: float
    max_score: float
    timestamp: str
    """UTC time in ISO form with microseconds; the latest timestamp wins when files are merged."""

    @classmethod
    def from_dict(cls, data: dict) -> Record:
        """Rebuild a record from its JSON form; a missing or mistyped field is a ValueError."""
        names = [f.name for f in fields(cls)]
        missing = [n for n in names if n not in data]
        if missing:
            raise ValueError(f"record lacks {', '.join(missing)}")
        if not all(isinstance(data[n], str) for n in ("learner", "activity", "question", "kind", "timestamp")):
            raise ValueError("record has a non-text learner, activity, question, kind or timestamp")
        return cls(**{n: data[n] for n in names})


def default_root() -> Path:
    """``$PAKRU_PROGRESS_DIR``, else the user's data folder (``~/.local/share/pakru/progress``)."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "pakru" / "progress"


def default_learner() -> str:
    """``$PAKRU_LEARNER``, else the login name, else ``learner``."""
    if os.environ.get(LEARNER_ENV):
        return os.environ[LEARNER_ENV]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "learner"


def safe_name(name: str) -> str:
    """A learner name usable as a folder name on every system.

    >>> safe_name("Ayesha K./../x")
    'Ayesha_K._.._x'
    """
    return (_SAFE.sub("_", name).strip("._") or "learner")[:80]


class Store:
    """A learner's progress: this session's answers on disk, everyone's sessions merged on read."""

    def __init__(self, root: Path | str | None = None, learner: str | None = None, session: str | None = None):
        self.root = Path(root) if root is not None else default_root()
        self.learner = learner or default_learner()
        self.session = session or f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.warnings: list[str] = []
        """Damaged files met while reading, each already moved aside; show these to the learner."""
        self._mine: dict[tuple[str, str], Record] = {}
        self._last: dt.datetime | None = None
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        """Where this learner's session files live."""
        return self.root / safe_name(self.learner)

    @property
    def path(self) -> Path:
        """This session's own file."""
        return self.folder / f"{self.session}.json"

    def __repr__(self) -> str:
        return f"<progress Store for {self.learner!r} in {self.folder}>"

    def record(self, activity: str, question: str, *, kind: str = "quiz", answer: Any = None,
               correct: bool = False, attempts: int = 1, score: float = 0.0, max_score: float = 1.0) -> Record:
        """Save one answer at once (the whole session file is rewritten atomically) and return it."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        json.dumps(answer)  # an answer that cannot be saved is the caller's error, raised before writing
        with self._lock:
            now = dt.datetime.now(dt.UTC)
            if self._last is not None and now <= self._last:  # answers in one microsecond keep their order
                now = self._last + dt.timedelta(microseconds=1)
            self._last = now
            stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            rec = Record(self.learner, activity, question, kind, answer, bool(correct), int(attempts),
                         float(score), float(max_score), stamp)
            self._mine[(activity, question)] = rec
            self._write()
        return rec

    def _write(self) -> None:
        """Temporary file in the same folder, flushed to disk, then renamed over the session file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "learner": self.learner, "session": self.session,
                "records": [asdict(r) for r in self._mine.values()]}
        tmp = self.folder / f".{self.session}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        finally:
            if tmp.exists():
                tmp.unlink()

    def records(self) -> list[Record]:
        """Every record in every session file of this learner (damaged files moved aside and reported)."""
        found: list[Record] = list(self._mine.values())
        if not self.folder.is_dir():
            return found
        for path in sorted(self.folder.glob("*.json")):
            if path.name.startswith(".") or path == self.path:
                continue
            try:
                found += self._read(path)
            except (OSError, ValueError, TypeError, AttributeError) as exc:
                self._set_aside(path, exc)
        if self.path.exists() and not self._mine:
            try:  # our own file from before this object existed (same session id given again)
                found += self._read(self.path)
            except (OSError, ValueError, TypeError, AttributeError) as exc:
                self._set_aside(self.path, exc)
        return found

    @staticmethod
    def _read(path: Path) -> list[Record]:
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        return [Record.from_dict(item) for item in data["records"]]

    def _set_aside(self, path: Path, exc: Exception) -> None:
        """Move an unreadable file out of the way, keep it for inspection, and say so."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        target = path.with_name(f"{path.name}.damaged-{stamp}")
        try:
            os.replace(path, target)
            where = f"moved to {target.name}"
        except FileNotFoundError:
            return  # another kernel moved it first; it reports it
        except OSError as move_error:
            where = f"could not be moved aside ({move_error})"
        self.warnings.append(f"⚠ Progress file {path.name} could not be read ({exc}); it was {where} "
                             "and new answers go to a fresh file.")

    def latest(self, activity: str | None = None) -> dict[tuple[str, str], Record]:
        """The latest record per ``(activity, question)``, from all of this learner's sessions."""
        best: dict[tuple[str, str], Record] = {}
        for rec in self.records():
            if activity is not None and rec.activity != activity:
                continue
            key = (rec.activity, rec.question)
            if key not in best or rec.timestamp > best[key].timestamp:
                best[key] = rec
        return best


_STORES: dict[tuple[Path, str], Store] = {}


def default_store(learner: str | None = None) -> Store:
    """This kernel session's store for a learner (one per process and learner), made on first use."""
    key = (default_root(), learner or default_learner())
    if key not in _STORES:
        _STORES[key] = Store(*key)
    return _STORES[key]


CSV_COLUMNS = ["learner", "activity", "question", "kind", "correct", "attempts", "score", "max_score",
               "timestamp", "answer"]


def export_csv(path: Path | str, store: Store | None = None) -> Path:
    """Write the learner's latest answers as CSV for handing in; return the path written."""
    store = store or default_store()
    path = Path(path)
    rows = sorted(store.latest().values(), key=lambda r: (r.activity, r.question))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for rec in rows:
            row = {name: getattr(rec, name) for name in CSV_COLUMNS if name != "answer"}
            row["answer"] = json.dumps(rec.answer, ensure_ascii=False)
            writer.writerow(row)
    return path


def main_export(out: str | None = None) -> int:
    """What ``python -m pakru export [--out FILE]`` runs: write the CSV, report where, return an exit code."""
    store = default_store()
    target = Path(out) if out else Path(f"pakru-progress-{safe_name(store.learner)}.csv")
    try:
        written = export_csv(target, store)
    except (OSError, ValueError) as exc:
        print(f"could not write {target}: {exc}", file=sys.stderr)
        return 1
    for warning in store.warnings:
        print(warning, file=sys.stderr)
    count = len(store.latest())
    print(f"wrote {count} answer{'s' if count != 1 else ''} of {store.learner} to {written}")
    return 0
