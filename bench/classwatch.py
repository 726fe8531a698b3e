"""The class service's part of bench/classroom.py: the database, the faults, and what reached the instructor.

- ``Postgres``: a throw-away PostgreSQL cluster (Debian's ``postgresql`` package) in a temp folder, run as an
  unprivileged user (``postgres`` if it exists, else ``nobody``), on 127.0.0.1 with a free port.
- ``Watch``: while the class runs, an instructor's view of ``api/class`` polled every 0.25 s (when each answer
  became visible) and the service killed (SIGKILL) at set points of the class; the hub starts it again.
- ``Watch.finish``: answers given / stored by the service / lost / counted twice / misattributed, Check→stored
  and Check→visible delays, the service's memory, and what a learner's token gets from the instructor's
  endpoints.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import statistics
import subprocess
import threading
import time
from pathlib import Path

import psutil
import requests

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def pg_bin() -> Path | None:
    """Debian's PostgreSQL programs (the newest installed major version), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")) if Path("/usr/lib/postgresql").is_dir() else []
    return found[-1].parent if found else (PG_BIN if (PG_BIN / "pg_ctl").exists() else None)


class Postgres:
    """``start()`` returns an SQLAlchemy URL; ``stop()`` stops the cluster (its folder goes with the temp folder)."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.bin = pg_bin()
        self.user = "postgres" if _user_exists("postgres") else "nobody"
        self.started = False

    def _as_user(self, *args: str) -> list[str]:
        if os.geteuid() != 0:
            return list(args)
        return ["runuser", "-u", self.user, "--", *args]

    def start(self) -> str:
        if self.bin is None:
            raise RuntimeError("PostgreSQL not found: apt-get install postgresql (see .ci/run)")
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            entry = pwd.getpwnam(self.user)
            shutil.chown(self.folder, entry.pw_uid, entry.pw_gid)
            for parent in self.folder.parents:  # the unprivileged user must be able to pass through the temp folders
                if parent != Path(tempfile_root()) and str(parent).startswith(tempfile_root()):
                    parent.chmod(parent.stat().st_mode | 0o011)
        data = self.folder / "data"
        subprocess.run(self._as_user(str(self.bin / "initdb"), "-D", str(data), "-U", "pakru", "-A", "trust",
                                     "--no-sync", "-E", "UTF8"), check=True, capture_output=True, timeout=120)
        subprocess.run(self._as_user(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "pg.log"),
                                     "-w", "-o", f"-h 127.0.0.1 -p {self.port} -k {self.folder} -F", "start"),
                       check=True, capture_output=True, timeout=120)
        self.started = True
        createdb = self.bin / "createdb" if (self.bin / "createdb").exists() else Path("/usr/bin/createdb")
        subprocess.run(self._as_user(str(createdb), "-h", "127.0.0.1", "-p", str(self.port), "-U", "pakru", "pakru"),
                       check=True, capture_output=True, timeout=60)
        return f"postgresql+psycopg://pakru@127.0.0.1:{self.port}/pakru"

    def stop(self) -> None:
        if self.started:
            subprocess.run(self._as_user(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                                         "stop"), capture_output=True, timeout=60)
            self.started = False


def tempfile_root() -> str:
    import tempfile
    return tempfile.gettempdir()


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _stamp(text: str) -> float:
    import datetime as dt
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC).timestamp()


class Watch:
    """The instructor's side of the class and the service's faults (see the module's docstring)."""

    def __init__(self, hub_url: str, service_port: int, db_url: str, kills: int, hub_pid_fn):
        self.service_url = f"{hub_url}/services/pakru-class/"
        self.direct = f"http://127.0.0.1:{service_port}/services/pakru-class/"
        self.db_url, self.kills, self.hub_pid = db_url, kills, hub_pid_fn
        self.http = requests.Session()
        self.http.trust_env = False
        self.token = ""
        self.seen: dict[tuple[str, str], float] = {}
        """(learner, answer timestamp) → when the instructor's view first showed it as the learner's latest."""
        self.killed: list[dict] = []
        self.outages: list[tuple[float, float]] = []
        self.rss: list[int] = []
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def service_pid(self) -> int | None:
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(self.hub_pid()).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if "pakru.classservice" in " ".join(child.cmdline()):
                        return child.pid
        return None

    def up(self) -> bool:
        with contextlib.suppress(requests.RequestException):
            return self.http.get(self.direct + "api/health", timeout=5).status_code == 200
        return False

    def start(self, instructor_token: str, answers_so_far, answers_expected: int) -> None:
        self.token = instructor_token
        self.threads = [threading.Thread(target=self._watch, daemon=True),
                        threading.Thread(target=self._kill, args=(answers_so_far, answers_expected), daemon=True)]
        for thread in self.threads:
            thread.start()

    def _watch(self) -> None:
        while not self.stop_event.is_set():
            with contextlib.suppress(requests.RequestException, ValueError):
                data = self.http.get(self.direct + "api/class", params={"names": "1"}, timeout=5,
                                     headers={"Authorization": f"token {self.token}"}).json()
                now = time.time()
                for learner in data.get("learners", []):
                    if learner.get("last"):
                        self.seen.setdefault((learner["name"], learner["last"]), now)
            pid = self.service_pid()
            with contextlib.suppress(psutil.Error, TypeError):
                self.rss.append(psutil.Process(pid).memory_info().rss)
            self.stop_event.wait(0.25)

    def _kill(self, answers_so_far, answers_expected: int) -> None:
        """Kill the service at 1/(k+2), 2/(k+2)... of the class's answers; each time wait for the hub to restart it.

        The hub notices a dead managed service at its next check (every 30 s) and starts it again, so an outage
        lasts 2-32 s; kernels keep the answers given meanwhile and send them once it is back."""
        for number in range(1, self.kills + 1):
            threshold = answers_expected * number / (self.kills + 2)
            while answers_so_far() < threshold and not self.stop_event.is_set():
                time.sleep(0.1)
            if self.stop_event.is_set():
                return
            pid = self.service_pid()
            if pid is None:
                continue
            os.kill(pid, signal.SIGKILL)
            killed = time.time()
            given = answers_so_far()
            while not self.up() and not self.stop_event.is_set():
                time.sleep(0.2)
            self.outages.append((killed, time.time()))
            self.killed.append({"after_answers": given, "down_seconds": round(time.time() - killed, 1),
                                "answers_while_down": answers_so_far() - given})

    def _hit(self, given: float, arrived: float) -> bool:
        """True when an answer's way from Check to arrival overlapped an outage or the kernels' retry pause after it
        (up to the sender's MAX_PAUSE: a kernel learns the service is back at its next try)."""
        from pakru.classservice.sender import MAX_PAUSE
        return any(given <= end + MAX_PAUSE and arrived >= start for start, end in self.outages)

    def probe_as_learner(self, learner_token: str) -> dict[str, int]:
        """The status each instructor endpoint gives a learner's own token (all must be 403)."""
        out = {}
        for path in ("", "api/class", "api/progress"):
            response = self.http.get(self.service_url + path, headers={"Authorization": f"token {learner_token}"},
                                     timeout=30, allow_redirects=False)
            out[path or "live view page"] = response.status_code
        return out

    def finish(self, learners: list, given: int, settle: float = 75.0) -> dict:
        """Stop watching, let the last sends arrive, then compare the service with what each learner did.

        The learners' kernels are still running (learners leave notebooks open): a kernel whose answers waited
        through an outage sends them once the hub has started the service again (within its 30 s check)."""
        from pakru.classservice.client import fetch_progress
        from pakru.classservice.db import AnswerDB
        deadline = time.monotonic() + settle
        db = AnswerDB(self.db_url)
        last, steady = -1, 0
        while time.monotonic() < deadline:  # until the row count is steady for 3 s (senders have flushed)
            count = db.count()
            steady = steady + 1 if count == last else 0
            last = count
            if steady >= 6 and count >= given:
                break
            time.sleep(0.5)
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=30)
        rows = db.answers()
        twice = {}
        for row in rows:
            key = (row.user, row.activity, row.question, row.timestamp)
            twice[key] = twice.get(key, 0) + 1
        documents = fetch_progress(self.direct, self.token)
        names = {le.name for le in learners}
        stored = collected = 0
        lost, wrong = [], []
        for learner in learners:
            got = {}
            if learner.name in documents:
                from pakru.progress import parse
                got = {(r.activity, r.question): r for r in parse(documents[learner.name], learner.name)[0]}
            for (activity, question), want in learner.expected.items():
                rec = got.get((activity, question))
                if rec is None:
                    lost.append(f"{learner.name} {activity}:{question}: not in the service")
                elif want["kind"] == "quiz" and (rec.answer, rec.correct, rec.attempts) != (
                        want["answer"], want["correct"], want["attempts"]):
                    lost.append(f"{learner.name} {activity}:{question}: service holds {rec.answer!r} (attempt "
                                f"{rec.attempts}), last answer {want['answer']!r} (attempt {want['attempts']})")
                elif want["kind"] == "exercise" and (bool(rec.correct) != want["correct"] or (
                        want.get("marker") and want["marker"] not in str(rec.answer))):
                    lost.append(f"{learner.name} {activity}:{question}: service's record is not the last check")
                else:
                    collected += 1
        for row in rows:
            stored += 1
            if row.user not in names:
                wrong.append(f"row for {row.user!r}, not a learner of the class")
            elif row.learner not in (row.user,):
                wrong.append(f"{row.user} {row.activity}:{row.question} carries learner {row.learner!r}")
            elif "Signed learner" in row.answer and f"Signed {row.user}." not in row.answer:
                wrong.append(f"{row.user} {row.activity}:{row.question} carries another learner's written answer")
        delays_stored = [_stamp(r.received) - _stamp(r.timestamp) for r in rows]
        stored_calm = [_stamp(r.received) - _stamp(r.timestamp) for r in rows
                       if not self._hit(_stamp(r.timestamp), _stamp(r.received))]
        delays_seen = [t - _stamp(ts) for (_name, ts), t in self.seen.items()]
        calm = [t - _stamp(ts) for (_name, ts), t in self.seen.items() if not self._hit(_stamp(ts), t)]
        db.close()
        return {
            "database": self.db_url.split(":", 1)[0], "given": given, "stored_rows": stored,
            "last_answers_expected": sum(len(le.expected) for le in learners), "last_answers_in_service": collected,
            "lost": len(lost), "lost_detail": lost[:30], "counted_twice": sum(n - 1 for n in twice.values() if n > 1),
            "misattributed": len(wrong), "misattributed_detail": wrong[:30], "kills": self.killed,
            "check_to_stored_seconds": {"p50": _quantile(delays_stored, 0.5), "p95": _quantile(delays_stored, 0.95),
                                        "count": len(delays_stored)},
            "check_to_stored_seconds_service_up": {"p50": _quantile(stored_calm, 0.5),
                                                   "p95": _quantile(stored_calm, 0.95), "count": len(stored_calm)},
            "check_to_live_view_seconds": {"p50": _quantile(delays_seen, 0.5), "p95": _quantile(delays_seen, 0.95),
                                           "count": len(delays_seen)},
            "check_to_live_view_seconds_service_up": {"p50": _quantile(calm, 0.5), "p95": _quantile(calm, 0.95),
                                                      "count": len(calm)},
            "service_rss_median": statistics.median(self.rss) if self.rss else 0,
            "service_rss_max": max(self.rss, default=0),
        }


def render(s: dict) -> list[str]:
    """The service's lines of the benchmark's table."""
    def ms(d):
        return "n/a" if d["p50"] is None else f"{d['p50'] * 1000:.0f} / {d['p95'] * 1000:.0f} ms ({d['count']})"
    kills = ", ".join(f"after {k['after_answers']} answers, down {k['down_seconds']} s "
                      f"({k['answers_while_down']} answers given meanwhile)" for k in s["kills"]) or "none"
    return [
        f"| class service database | {s['database']} |",
        f"| service killed (SIGKILL) mid-class | {len(s['kills'])}: {kills} |",
        f"| answers given (Checks) / stored by the service | {s['given']} / {s['stored_rows']} |",
        f"| learners' last answers in the service | {s['last_answers_in_service']} of {s['last_answers_expected']} |",
        f"| lost / counted twice / misattributed (service) | {s['lost']} / {s['counted_twice']} / "
        f"{s['misattributed']} |",
        f"| Check → stored by the service p50 / p95, all answers | {ms(s['check_to_stored_seconds'])} |",
        f"| the same, answers that did not wait through an outage (or the retry pause after it) | "
        f"{ms(s['check_to_stored_seconds_service_up'])} |",
        f"| Check → visible in the live view's data p50 / p95, all sampled answers (the page polls every 1 s) | "
        f"{ms(s['check_to_live_view_seconds'])} |",
        f"| the same, answers that did not wait through an outage (or the retry pause after it) | "
        f"{ms(s['check_to_live_view_seconds_service_up'])} |",
        f"| service memory (RSS, median / max) | {s['service_rss_median'] / 2**20:.0f} / "
        f"{s['service_rss_max'] / 2**20:.0f} MiB |",
        f"| a learner's token on the instructor's endpoints | {json.dumps(s.get('learner_probe', {}))} |",
    ]


def free_port_local() -> int:
    """A free TCP port on 127.0.0.1 (for the PostgreSQL server)."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
