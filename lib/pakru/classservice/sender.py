"""The kernel's side: send each saved answer to the class service, in the background, until it is stored.

The Check never waits: the progress store saves the answer locally first (as it always did), then calls
``listen`` (a ``pakru.progress`` listener), which only puts the record in a queue. A daemon thread posts the
queue to the service in batches with the server's own ``$JUPYTERHUB_API_TOKEN`` (the service asks the hub
whose token it is), and retries with growing pauses while the service is down or slow.

The local progress files are the durable queue. A session file keeps only the latest answer per question,
so the thread also appends every record, within milliseconds of the Check, to an outbox beside it
(``.<session>.outbox``, one JSON line each: a wrong first try that the right second one replaced is kept
too), and each acknowledged record to a ledger (``.<session>.sent``). When a kernel starts, the thread reads
the learner's outboxes and session files and sends what no ledger lists, so answers given while the service
was down reach it even if that kernel died since. The service stores each record once (its key is user, session,
question and timestamp), so a record sent twice (acknowledgement lost, ledger not yet written) counts once.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path

from pakru import progress
from pakru.progress import DamagedFile, Record, Store

TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
BATCH = 100
TIMEOUT = 10.0
"""Seconds one request may take before it is treated as failed (and retried)."""
MAX_PAUSE = 3.0
"""Longest pause between retries while the service is unreachable."""
EXIT_FLUSH = 2.0
"""Seconds a kernel that is shutting down keeps trying to send what is left (the rest goes next start)."""

Key = tuple[str, str, str, str]
"""(session, activity, question, timestamp): one answer as given."""


def key_of(record: Record) -> Key:
    return (record.session, record.activity, record.question, record.timestamp)


def ledger_path(folder: Path, session: str) -> Path:
    """The ledger of acknowledged records of one session file (hidden, not ``*.json``: the store skips it)."""
    return folder / f".{session}.sent"


def outbox_path(folder: Path, session: str) -> Path:
    """Every record of one session as it was given (hidden, not ``*.json``: the store skips it)."""
    return folder / f".{session}.outbox"


def read_ledger(path: Path) -> set[Key]:
    """Keys listed in a ledger; a torn last line (killed writer) is ignored, so that record is sent again."""
    keys: set[Key] = set()
    try:
        text = path.read_text("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return keys
    for line in text.splitlines():
        try:
            session, activity, question, stamp = json.loads(line)
        except (ValueError, TypeError):
            continue
        keys.add((session, activity, question, stamp))
    return keys


class Sender:
    """One per kernel: a queue of records not yet acknowledged and the thread that sends them."""

    def __init__(self, url: str, token: str):
        self.endpoint = url.rstrip("/") + "/api/answers"
        self.token = token
        self._queue: OrderedDict[Key, tuple[Record, Path]] = OrderedDict()
        self._stores: weakref.WeakSet[Store] = weakref.WeakSet()
        """The stores whose answers are the learner's own (the kernel's default store), and no other."""
        self._folders: list[Path] = []
        self._unwritten: list[tuple[Record, Path]] = []
        """Records queued but not yet in their session's outbox (the thread writes them first thing)."""
        """Learner folders whose earlier sessions the thread has still to look through."""
        self._cond = threading.Condition()
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the hub's network
        self.stored = 0
        self.duplicates = 0
        self.refused: list[str] = []
        self.failures = 0
        self.last_error = ""
        self.state = "starting"
        """What the thread is doing (for the bench and for diagnosing a hub)."""
        self._thread = threading.Thread(target=self._run, name="pakru-class-sender", daemon=True)
        self._thread.start()

    # -- called on the kernel's threads: never any I/O ------------------------------------------------------------
    def listen(self, record: Record, store: Store) -> None:
        """The progress listener: queue the record just saved (O(1), no I/O).

        Only records of adopted stores are sent: a store a notebook makes for someone else (an instructor's
        check in a temporary folder, a test) saves locally only.
        """
        if store not in self._stores:
            return
        with self._cond:
            self._queue[key_of(record)] = (record, store.folder)
            self._unwritten.append((record, store.folder))
            self._cond.notify()

    def adopt(self, store: Store) -> None:
        """Look through this learner's earlier sessions (on the thread) for answers never acknowledged."""
        with self._cond:
            self._stores.add(store)
            if store.folder not in self._folders:
                self._folders.append(store.folder)
                self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._queue) + len(self._folders) + len(self._unwritten)

    def flush(self, timeout: float) -> bool:
        """Wait until everything queued is acknowledged; False if time ran out (the rest is still queued)."""
        deadline = time.monotonic() + timeout
        while self.pending():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    # -- the thread ------------------------------------------------------------------------------------------
    def _persist(self, records: list[tuple[Record, Path]]) -> None:
        """Append records to their sessions' outboxes (a failure only narrows what a later kernel can resend)."""
        by_outbox: dict[Path, list[str]] = {}
        for record, folder in records:
            line = json.dumps(asdict(record), ensure_ascii=False)
            by_outbox.setdefault(outbox_path(folder, record.session or "-"), []).append(line)
        for path, lines in by_outbox.items():
            try:
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write("".join(line + "\n" for line in lines))
            except OSError:
                pass

    @staticmethod
    def _outbox_records(path: Path) -> list[Record]:
        records = []
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return records
        for line in text.splitlines():
            try:
                records.append(Record.from_dict(json.loads(line)))
            except (ValueError, TypeError):
                continue  # a torn last line (killed writer): that record is in the session file if it is the latest
        return records

    def _backlog(self, folder: Path) -> None:
        """Queue every record of the folder's outboxes and session files that its session's ledger does not list."""
        if not folder.is_dir():
            return
        sources: list[list[Record]] = [self._outbox_records(path) for path in sorted(folder.glob(".*.outbox"))]
        for path in sorted(folder.glob("*.json")):
            if path.name.startswith("."):
                continue
            try:
                sources.append(progress.read_file(path)[0])
            except (DamagedFile, OSError):
                continue  # the store moves damaged files aside and tells the learner
        acked: dict[str, set[Key]] = {}
        for records in sources:
            for record in records:
                if record.learner != self._learner_of(folder):
                    continue
                session = record.session or "-"
                if session not in acked:
                    acked[session] = read_ledger(ledger_path(folder, session))
                if key_of(record) not in acked[session]:
                    with self._cond:
                        self._queue.setdefault(key_of(record), (record, folder))

    def _learner_of(self, folder: Path) -> str:
        """The learner whose folder this is (an adopted store's): records of anyone else there are not sent."""
        for store in list(self._stores):
            if store.folder == folder:
                return store.learner
        return ""

    def _post(self, records: list[Record]) -> dict:
        body = json.dumps({"records": [asdict(r) for r in records]}, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.endpoint, data=body, method="POST", headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with self._opener.open(request, timeout=TIMEOUT) as response:
            return json.loads(response.read())

    def _acknowledge(self, batch: list[tuple[Key, Record, Path]]) -> None:
        by_ledger: dict[Path, list[str]] = {}
        for key, record, folder in batch:
            by_ledger.setdefault(ledger_path(folder, record.session or "-"), []).append(json.dumps(list(key)))
        for path, lines in by_ledger.items():
            try:
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write("".join(line + "\n" for line in lines))
            except OSError:
                pass  # unacknowledged on disk: sent again by a later kernel, stored once by the service
        with self._cond:
            for key, _record, _folder in batch:
                self._queue.pop(key, None)

    def _run(self) -> None:
        pause, next_try = 0.5, 0.0
        while True:
            with self._cond:
                while not (self._unwritten or self._folders):
                    if self._queue and time.monotonic() >= next_try:
                        break
                    self.state = "waiting" if not self._queue else f"pausing until {next_try:.1f}"
                    self._cond.wait(None if not self._queue else max(0.01, next_try - time.monotonic()))
                unwritten, self._unwritten = self._unwritten, []
                folders = list(self._folders)
            self._persist(unwritten)  # first, so that a kernel killed from now on loses nothing
            for folder in folders:
                self.state = f"backlog {folder}"
                self._backlog(folder)
                with self._cond:
                    self._folders.remove(folder)
            if time.monotonic() < next_try:
                continue
            with self._cond:
                batch = [(k, r, f) for k, (r, f) in list(self._queue.items())[:BATCH]]
            if not batch:
                continue
            try:
                self.state = f"posting {len(batch)} since {time.time():.1f}"
                reply = self._post([r for _k, r, _f in batch])
            except Exception as exc:  # noqa: BLE001 - URLError, OSError, http.client's errors, a bad reply: retry
                self.failures += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                next_try = time.monotonic() + pause
                pause = min(pause * 2, MAX_PAUSE)
                continue
            pause, next_try = 0.5, 0.0
            self.stored += int(reply.get("stored", 0))
            self.duplicates += int(reply.get("duplicates", 0))
            self.refused += [str(item.get("reason")) for item in reply.get("refused", [])]
            self._acknowledge(batch)  # refused records too: the service will never take them


_SENDER: Sender | None = None
_LOCK = threading.Lock()


def current() -> Sender | None:
    """This kernel's sender (None when no class service is configured or there is no hub token)."""
    return _SENDER


def start(url: str, store: Store) -> Sender | None:
    """Send this process's answers to the service at ``url`` (once per process), and the store's backlog."""
    global _SENDER
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        store.warnings.append(f"⚠ A class service is configured ({url}) but this server has no {TOKEN_ENV}: "
                              "answers are saved here only.")
        return None
    with _LOCK:
        if _SENDER is None:
            _SENDER = Sender(url, token)
            progress.add_listener(_SENDER.listen)
            atexit.register(_SENDER.flush, EXIT_FLUSH)
    _SENDER.adopt(store)
    return _SENDER
