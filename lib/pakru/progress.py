"""Saved answers that are never lost: one JSON file per kernel session, merged when read.

Why this shape: home folders on JupyterHub often sit on network file systems where locks are
unreliable. Each session therefore owns one file and rewrites it whole (temporary file, then
``os.replace``), so two kernels never write the same file, a killed writer leaves the last
complete version, and reading merges every file of the learner (latest answer per question wins).
A file that cannot be read is moved aside as ``*.damaged-<timestamp>`` and reported, never fatal;
a record whose fields fail validation is left out of the merge and reported, the file's other records kept.

``read_file(path)`` is the one reader of the format: the store, the gradebook and ``export`` all use it.
Who the learner is comes from ``identity()``: ``$PAKRU_LEARNER``, else ``$JUPYTERHUB_USER``, else the OS user
(a guess, said so wherever answers are shown or exported).
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import json
import math
import os
import re
import socket
import sys
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from pakru.problems import ProblemError
from pakru.yamlfile import json_depth, parse_json

FORMAT = "pakru-progress/1"
ROOT_ENV = "PAKRU_PROGRESS_DIR"
LEARNER_ENV = "PAKRU_LEARNER"
HUB_ENV = "JUPYTERHUB_USER"
KINDS = ("quiz", "exercise")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")

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
_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


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


def default_root() -> Path:
    """``$PAKRU_PROGRESS_DIR``, else the user's data folder (``~/.local/share/pakru/progress``)."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "pakru" / "progress"


@dataclass(frozen=True)
class Identity:
    """Who the answers belong to, and how we know."""

    learner: str
    source: str
    """``PAKRU_LEARNER``, ``JUPYTERHUB_USER``, ``OS user`` (a guess) or ``given`` (passed in by the caller)."""
    hub_user: str | None
    """``$JUPYTERHUB_USER`` when running on a JupyterHub."""

    @property
    def guessed(self) -> bool:
        """True when the id is only the operating-system login, which on a hub or in a container is shared."""
        return self.source == "OS user"

    def describe(self) -> str:
        """One sentence for notebooks and ``export``: whose answers, from where, and a warning if guessed."""
        where = {"PAKRU_LEARNER": "from $PAKRU_LEARNER", "JUPYTERHUB_USER": "your JupyterHub user name",
                 "given": "as given", "OS user": "guessed from the computer's login name"}[self.source]
        text = f"Answers are saved for learner {self.learner!r} ({where})."
        if self.guessed:
            text += (" ⚠ If this is not you, or several people share this login, set PAKRU_LEARNER to your "
                     "name before starting (e.g. `%env PAKRU_LEARNER=your-name` in a notebook).")
        return text


def identity(learner: str | None = None) -> Identity:
    """The learner: ``learner`` if given, else ``$PAKRU_LEARNER``, else ``$JUPYTERHUB_USER``, else the OS user."""
    hub_user = os.environ.get(HUB_ENV) or None
    if learner:
        return Identity(learner, "given", hub_user)
    if os.environ.get(LEARNER_ENV):
        return Identity(os.environ[LEARNER_ENV], "PAKRU_LEARNER", hub_user)
    if hub_user:
        return Identity(hub_user, "JUPYTERHUB_USER", hub_user)
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "learner"
    return Identity(name or "learner", "OS user", hub_user)


def default_learner() -> str:
    """``$PAKRU_LEARNER``, else ``$JUPYTERHUB_USER``, else the login name, else ``learner``."""
    return identity().learner


_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_PLAIN = re.compile(r"[a-z0-9_-]{1,64}")
_HASHED = re.compile(r".*-[0-9a-f]{10}")


def folder_name(name: str) -> str:
    """The folder of a learner's files: the name itself when it is plain, else a readable slug + hash of the name.

    Plain means lower-case ASCII letters, digits, ``-`` and ``_`` (so case-insensitive disks and ``.``/``..``
    cannot merge two learners); every other name keeps a readable part and a hash of the whole name, so
    "Зоя" and "王芳", "Zoë" and "Zoé", and names sharing their first 64 characters all stay apart.

    >>> folder_name("ayesha"), folder_name("Zoë")[:4], folder_name("Zoë") != folder_name("Zoé")
    ('ayesha', 'Zoe-', True)
    >>> folder_name("..").startswith("learner-"), len(folder_name("..")) == len("learner-") + 10
    (True, True)
    """
    if _PLAIN.fullmatch(name) and not _HASHED.fullmatch(name) and name not in _RESERVED:
        return name
    ascii_part = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _SAFE.sub("_", ascii_part).strip("._-")[:40] or "learner"
    return f"{slug}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:10]}"


def safe_name(name: str) -> str:
    """The folder name the store used before ``folder_name`` (read still, so earlier answers are kept).

    >>> safe_name("Ayesha K./../x")
    'Ayesha_K._.._x'
    """
    return (_SAFE.sub("_", name).strip("._") or "learner")[:80]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def clean_orphans(folder: Path, now: float | None = None) -> list[Path]:
    """Remove ``.tmp`` files left by saves that were killed; return what was removed.

    A temporary file lives for the milliseconds between writing and renaming, so one is an orphan if it is
    older than TMP_MAX_AGE, or if it was written on this machine by a process that no longer exists
    (its name carries the writer's host and pid). A save in progress in a live process is never touched.
    """
    removed = []
    now = time.time() if now is None else now
    for tmp in folder.glob(".*.tmp"):
        try:
            age = now - tmp.stat().st_mtime
        except OSError:
            continue
        match = re.fullmatch(r"\.\d{8}T\d{6}-(\d+)-[0-9a-f]+\.([0-9a-f]{8})\.[0-9a-f]{8}\.tmp", tmp.name)
        dead = bool(match) and match.group(2) == _HOST and not _pid_alive(int(match.group(1)))
        if age > TMP_MAX_AGE or (dead and age > 1.0):
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                pass
    return removed


_LISTENERS: list[Callable[[Record, Store], None]] = []
"""Called with (record, store) after each answer is saved locally (the class service's sender is one)."""


def add_listener(listener: Callable[[Record, Store], None]) -> None:
    """Call ``listener(record, store)`` after every answer any store of this process saves (once per listener).

    It runs on the saving thread, so it must return at once (queue the work, never do I/O there); what it
    raises is reported in ``store.warnings``, never to the learner's Check.
    """
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


class Store:
    """A learner's progress: this session's answers on disk, all of the learner's sessions merged on read."""

    def __init__(self, root: Path | str | None = None, learner: str | None = None, session: str | None = None):
        self.root = Path(root) if root is not None else default_root()
        self.identity = identity(learner)
        self.learner = self.identity.learner
        self.session = session or f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.warnings: list[str] = []
        """Damaged files and records met while reading (files already moved aside); show these to the learner."""
        self._mine: dict[tuple[str, str], Record] = {}
        self._last: dt.datetime | None = None
        self._lock = threading.Lock()
        self._started = False

    @property
    def folder(self) -> Path:
        """Where this learner's session files live."""
        return self.root / folder_name(self.learner)

    @property
    def path(self) -> Path:
        """This session's own file."""
        return self.folder / f"{self.session}.json"

    def __repr__(self) -> str:
        return f"<progress Store for {self.learner!r} in {self.folder}>"

    def _start(self) -> None:
        """Once per store: remove ``.tmp`` orphans of killed saves; adopt our own file if the session is resumed."""
        if self._started:
            return
        self._started = True
        if self.folder.is_dir():
            clean_orphans(self.folder)
        if self.path.exists() and not self._mine:  # same session id given again: keep what it saved before
            try:
                records, _ = read_file(self.path, self.learner)
            except (DamagedFile, OSError):
                return  # records() moves it aside and says so
            self._mine = {(r.activity, r.question): r for r in records}

    def record(self, activity: str, question: str, *, kind: str = "quiz", answer: Any = None,
               correct: bool = False, attempts: int = 1, score: float = 0.0, max_score: float = 1.0) -> Record:
        """Save one answer at once (the whole session file is rewritten atomically) and return it.

        An answer too long or too deep to store (see MAX_ANSWER_CHARS) is stored as a short summary, so one
        huge answer does not make every later save of the session rewrite megabytes.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        answer = bounded_answer(answer)  # an answer that is not JSON data raises TypeError before writing
        with self._lock:
            self._start()
            now = dt.datetime.now(dt.UTC)
            if self._last is not None and now <= self._last:  # answers in one microsecond keep their order
                now = self._last + dt.timedelta(microseconds=1)
            self._last = now
            stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            rec = Record.from_dict({
                "learner": self.learner, "activity": activity, "question": question, "kind": kind,
                "answer": answer, "correct": bool(correct), "attempts": int(attempts), "score": float(score),
                "max_score": float(max_score), "timestamp": stamp, "hub_user": self.identity.hub_user,
                "session": self.session})
            self._mine[(activity, question)] = rec
            self._write()
        for listener in list(_LISTENERS):  # after the save, outside the lock: a listener may read the store
            try:
                listener(rec, self)
            except Exception as exc:  # noqa: BLE001 - a listener's failure must never lose or block the answer
                self._warn(f"⚠ After saving {activity}:{question}: {type(exc).__name__}: {exc}")
        return rec

    def _write(self) -> None:
        """Temporary file in the same folder, flushed to disk, then renamed over the session file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "learner": self.learner, "session": self.session,
                "hub_user": self.identity.hub_user, "records": [asdict(r) for r in self._mine.values()]}
        tmp = self.folder / f".{self.session}.{_HOST}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        finally:
            if tmp.exists():
                tmp.unlink()

    def _folders(self) -> list[Path]:
        """This learner's folder, and the folder earlier versions used for the same name (records filtered)."""
        legacy = self.root / safe_name(self.learner)
        return [self.folder] + ([legacy] if legacy != self.folder and legacy.is_dir() else [])

    def records(self) -> list[Record]:
        """Every valid record of this learner in every session file (damaged files moved aside, all reported)."""
        self._start()
        found: list[Record] = list(self._mine.values())
        for folder in self._folders():
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.json")):
                if path.name.startswith(".") or (path == self.path and self._mine):
                    continue  # our own file is what _mine holds, once we have written it
                try:
                    records, warnings = read_file(path, self.learner)  # only this learner's records, wherever they lie
                except DamagedFile as exc:
                    self._set_aside(path, exc)
                    continue
                except OSError as exc:
                    self._warn(f"⚠ Progress file {path.name} could not be read ({exc.strerror or exc}).")
                    continue
                found += records
                if folder == self.folder:
                    for warning in warnings:
                        self._warn(warning)
        return found

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

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
        reason = str(exc).removeprefix(f"{path.name}: ")
        self._warn(f"⚠ Progress file {path.name} could not be read ({reason}); it was {where} "
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


def learners_in(root: Path | str) -> dict[str, int]:
    """Every learner with saved answers under a progress folder, and how many answers each has (for hints)."""
    counts: dict[str, set] = {}
    root = Path(root)
    if not root.is_dir():
        return {}
    for path in root.glob("*/*.json"):
        try:
            records, _ = read_file(path)
        except (DamagedFile, OSError):
            continue
        for rec in records:
            counts.setdefault(rec.learner, set()).add((rec.activity, rec.question))
    return {name: len(keys) for name, keys in sorted(counts.items())}


_STORES: dict[tuple[Path, str], Store] = {}


def default_store(learner: str | None = None) -> Store:
    """This kernel session's store for a learner (one per process and learner), made on first use."""
    key = (default_root(), identity(learner).learner)
    if key not in _STORES:
        _STORES[key] = Store(key[0], learner)
        from pakru.classservice import connect  # the hub's class service, only if one is configured
        connect(_STORES[key])
    return _STORES[key]


CSV_COLUMNS = ["learner", "activity", "question", "kind", "correct", "attempts", "score", "max_score",
               "timestamp", "answer", "hub_user", "session"]


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
            row["hub_user"] = rec.hub_user or ""
            writer.writerow(row)
    return path


def default_export_name(learner: str) -> str:
    """The file ``export`` writes when no ``--out`` is given."""
    return f"pakru-results-{folder_name(learner)}.csv"  # the notebooks' "Download my results" saves this name


def main_export(out: str | None = None, force: bool = False, learner: str | None = None) -> int:
    """What ``python -m pakru export`` runs: say whose answers, write the CSV, report where; return an exit code.

    Refuses (exit 1, one line each) rather than surprise: an empty ``--out``, an existing file without
    ``force``, and a learner with no saved answers (naming the learners who do have answers in that folder).
    """
    if out is not None and not out.strip():
        print("export: --out needs a file name (leave it out to write "
              f"{default_export_name(identity(learner).learner)})", file=sys.stderr)
        return 1
    store = Store(learner=learner) if learner else default_store()
    target = Path(out) if out else Path(default_export_name(store.learner))
    if target.is_dir():
        print(f"export: {target} is a folder; give a file name, e.g. --out {target / target.name}.csv",
              file=sys.stderr)
        return 1
    if target.exists() and not force:
        print(f"export: {target} exists; add --force to replace it, or choose another --out", file=sys.stderr)
        return 1
    latest = store.latest()
    for warning in store.warnings:
        print(warning, file=sys.stderr)
    print(store.identity.describe(), file=sys.stderr if store.identity.guessed else sys.stdout)
    if not latest:
        others = {name: n for name, n in learners_in(store.root).items() if name != store.learner}
        hint = ""
        if others:
            listed = ", ".join(f"{name!r} ({n})" for name, n in list(others.items())[:10])
            hint = (f" Answers in that folder belong to {listed}: run `python -m pakru export --learner NAME` "
                    "or set PAKRU_LEARNER=NAME.")
        print(f"export: no saved answers for learner {store.learner!r} in {store.root}; nothing written.{hint}",
              file=sys.stderr)
        return 1
    try:
        written = export_csv(target, store)
    except (OSError, ValueError) as exc:
        print(f"export: could not write {target}: {exc}", file=sys.stderr)
        return 1
    count = len(latest)
    print(f"wrote {count} answer{'s' if count != 1 else ''} of {store.learner} to {written}")
    print(f"The file is in {written.resolve().parent}. Upload it to your course's assignment in the LMS "
          "(or hand it to your instructor): the instructor's `python -m pakru gradebook` reads it.")
    return 0
