"""The progress store: one JSON file per kernel session, merged when read, so answers are never lost.

Why this shape: home folders on JupyterHub often sit on network file systems where locks are
unreliable. Each session therefore owns one file and rewrites it whole (temporary file, then
``os.replace``), so two kernels never write the same file, a killed writer leaves the last
complete version, and reading merges every file of the learner (latest answer per question wins).
A file that cannot be read is moved aside as ``*.damaged-<timestamp>`` and reported, never fatal.

Listeners (``add_listener``) hear of each answer after it is saved: the class service's sender is one. The
answer is on disk before any listener runs, and a failing listener never fails the save.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pakru import settings
from pakru.progress.fileformat import (
    FORMAT,
    KINDS,
    DamagedFile,
    Record,
    bounded_answer,
    read_file,
)
from pakru.progress.identity import folder_name, identity, safe_name

TMP_MAX_AGE = 60.0
"""Seconds after which a ``.tmp`` file is an orphan of a killed save whatever its writer (a save takes ms)."""
_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]

Listener = Callable[[Record, "Store"], None]
_LISTENERS: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Call ``listener(record, store)`` after every answer any store of this process saves (once per listener)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def remove_listener(listener: Listener) -> None:
    """Stop calling ``listener``."""
    if listener in _LISTENERS:
        _LISTENERS.remove(listener)


def default_root() -> Path:
    """The ``progress_dir`` setting: ``$PAKRU_PROGRESS_DIR``, else ``~/.local/share/pakru/progress``."""
    return settings.current().progress_path

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
        self._tell(rec)
        return rec

    def _tell(self, rec: Record) -> None:
        """Tell the listeners of a saved answer; one that fails is reported once and never undoes the save."""
        for listener in list(_LISTENERS):
            try:
                listener(rec, self)
            except Exception as exc:  # a listener (e.g. the class service's sender) must never fail a Check
                self._warn(f"⚠ An answer was saved, but {getattr(listener, '__qualname__', listener)} "
                           f"failed: {type(exc).__name__}: {exc}")

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
    return _STORES[key]
