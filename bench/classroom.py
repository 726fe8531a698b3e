"""A whole class on a real JupyterHub: spawn, pull the course, answer, break things, collect, measure.

    python bench/classroom.py                 # 30 learners (the issue's class size)
    python bench/classroom.py --learners 3    # what tests/test_classroom.py runs
    python bench/classroom.py --json out.json --keep   # keep the temp folder (homes, logs, gradebook)

What runs, all on 127.0.0.1 and all stopped again at the end (also on Ctrl-C or failure):
- the course: the student edition (``python -m pakru exercises release``) committed to a git repository
  and served by ``git daemon``;
- JupyterHub (DummyAuthenticator, SimpleLocalProcessSpawner: one home folder per learner under a temp
  folder) behind configurable-http-proxy from npm;
- per learner, at once: a token from the hub, a server spawn, a login through the hub's form, the
  instructor's nbgitpuller link (``pakru.links.hub_url``, what ``python -m pakru links`` prints) followed
  over HTTP (the page, then the ``git-pull/api`` stream its JavaScript opens; the folder nbgitpuller
  clones into must be the one the link opens), lesson 2 run cell by cell
  in a kernel and its quiz answered by filling each widget and pressing Check (``Button.click()``: the
  same Python the browser triggers), then exercise 2 with ``check("qN")`` after each answer;
- faults mid-lesson: some kernels restarted, some servers killed (with their kernels) and started again
  by the learner, who follows the link again and re-runs the notebook: saved answers must come back;
- collection: the learners' progress stores read file by file, and ``python -m pakru gradebook`` on the
  homes folder (``--homes`` and the Canvas/Moodle outputs when the gradebook offers them).

By default every single-user server gets ``USER=LOGNAME=jovyan``, as on hubs built from the Docker
stacks, so the learner id can only be right if it comes from the hub (``JUPYTERHUB_USER``).

It prints answers expected / collected / lost / misattributed, spawn time per learner, memory per server
and per kernel (RSS) with the ratio of a lesson kernel to a bare kernel that only imports pandas,
matplotlib and ipywidgets, answer latency (median, p95) and CPU seconds per learner per lesson.
Exit status: 0 when nothing was lost or misattributed, every step worked and the LMS files (when the
gradebook writes them) follow the LMS's documented import rules; else 1.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import psutil
import requests

from pakru import links, settings
from pakru.exercises import tasks
from pakru.quiz import load_bank

sys.path.insert(0, str(Path(__file__).resolve().parent))
from classwatch import Postgres, Watch  # noqa: E402
from classwatch import render as render_service  # noqa: E402
from hubkernel import HubKernel  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LESSON = "notebooks/02_thaw_2003.ipynb"
EXERCISE = "exercises/02_thaw_2003.ipynb"
EXERCISE_SOURCE = ROOT / "exercises" / "source" / "02_thaw_2003.ipynb"
QUIZ_ID = "02_thaw_2003"
EXERCISE_ID = "02_thaw_2003"
COURSE = "pakru-course"
BARE_IMPORTS = "import pandas, matplotlib, ipywidgets"
DRAW_ONE = ("import io\nfrom matplotlib.figure import Figure\nfigure = Figure()\nfigure.add_subplot().plot([1, 2])\n"
            "figure.savefig(io.BytesIO(), format='png')")
CHP_HINT = ("configurable-http-proxy not found: run .ci/run or `npm ci --prefix bench/hub` (versions locked in "
            "bench/hub/package-lock.json), or set PAKRU_CHP to its path")


# -- small tools -------------------------------------------------------------------------------------------------------
class Progress:
    """One line per long step: redrawn in place on a terminal, a few plain lines in a log."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done = label, total, 0
        self.start = time.monotonic()
        self.lock = threading.Lock()
        self.tty = sys.stderr.isatty()
        self._last_line = -1
        self._show()

    def step(self, note: str = "") -> None:
        with self.lock:
            self.done += 1
            self._show(note)

    def _show(self, note: str = "") -> None:
        line = f"{self.label}: {self.done}/{self.total} ({time.monotonic() - self.start:.0f} s) {note}".rstrip()
        if self.tty:
            print(f"\r\033[K{line}", end="" if self.done < self.total else "\n", file=sys.stderr, flush=True)
        elif self.done == self.total or self.done * 4 // max(self.total, 1) != self._last_line:
            self._last_line = self.done * 4 // max(self.total, 1)
            print(line, file=sys.stderr, flush=True)


_LOCAL = threading.local()


def loopback() -> requests.Session:
    """An HTTP session for 127.0.0.1 that ignores proxy settings from the environment (one per thread)."""
    if not hasattr(_LOCAL, "session"):
        _LOCAL.session = requests.Session()
        _LOCAL.session.trust_env = False
    return _LOCAL.session


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, test, timeout: float, interval: float = 0.3):
    """Call ``test()`` until it returns something true; bounded, with a clear error."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = test()
            if value:
                return value
        except (requests.RequestException, OSError, ValueError) as exc:
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"{what}: not ready after {timeout:.0f} s" + (f" (last error: {last})" if last else ""))


def find_chp() -> str:
    for candidate in (os.environ.get("PAKRU_CHP"), ROOT / "bench" / "hub" / "node_modules" / ".bin" /
                      "configurable-http-proxy", shutil.which("configurable-http-proxy")):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    raise SystemExit(CHP_HINT)


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB"


class _BodyData(HTMLParser):
    """The ``data-*`` attributes of nbgitpuller's status page body (what its JavaScript reads)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.data = {k[5:]: urllib.parse.unquote(v or "") for k, v in attrs if k.startswith("data-")}


# -- what the kernels run ----------------------------------------------------------------------------------------------
KERNEL_HELPERS = r'''
import json as _pj, os as _po
def _pakru_right(q):
    """The right response for a question, in the form its widget's read() returns."""
    question_type = getattr(q, "question_type", "")
    if question_type in ("single", "multiple", "truefalse"):
        return q.answer
    if question_type == "numeric":
        rule = next(r for r in q.rules if r.correct)
        return str((rule.low + rule.high) / 2)
    if question_type == "text":
        return q.accepted[0]
    if question_type == "chronology":
        return list(q.order)
    if question_type == "matching":
        return {p.left: p.right for p in q.pairs}
    raise TypeError(f"no right answer known for question type {question_type!r}")
def _pakru_wrong(q):
    question_type = getattr(q, "question_type", "")
    if question_type == "single":
        return next(o for o in q.options if o != q.answer)
    if question_type == "multiple":
        return [next(o for o in q.options if o not in q.answer)]
    if question_type == "truefalse":
        return not q.answer
    return None
def _pakru_quiz_widget():
    return next(v for v in reversed(list(Out.values())) if type(v).__name__ == "Quiz")
def _pakru_answer(qid, wrong=False):
    view = _pakru_quiz_widget().view(qid)
    response = (_pakru_wrong if wrong else _pakru_right)(view.question)
    view.control.fill(response)
    view.check_button.click()   # what pressing Check does in the browser
    print(_pj.dumps({"question": qid, "response": view.control.read(), "correct": view.correct,
                     "attempts": view.attempts, "alert": "could not be saved" in view.feedback.value}))
def _pakru_state():
    quiz = _pakru_quiz_widget()
    print(_pj.dumps({v.question.id: [v.correct, v.attempts] for v in quiz.views}))
def _pakru_sender():
    import sys as _ps
    mod = _ps.modules.get("pakru.classservice.sender")
    s = mod.current() if mod else None
    print(_pj.dumps({"sender": None} if s is None else {
        "stored": s.stored, "duplicates": s.duplicates, "failures": s.failures, "last_error": s.last_error,
        "pending": s.pending(), "alive": s._thread.is_alive(), "state": s.state, "now": __import__("time").time()}))
def _pakru_whoami():
    import pakru, pakru.paths as pp
    root = pp.course().root if hasattr(pp, "course") else getattr(pp, "PROJECT_ROOT", None)
    print(_pj.dumps({"pid": _po.getpid(), "server_pid": _po.getppid(), "cwd": _po.getcwd(),
                     "hub_user": _po.environ.get("JUPYTERHUB_USER"), "USER": _po.environ.get("USER"),
                     "pakru": pakru.__file__, "course_root": str(root) if root else None}))
'''


def last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError(f"no JSON line in kernel output: {text[-300:]!r}")


def code_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in notebook["cells"] if c["cell_type"] == "code"]


def exercise_cells(student: dict, learner: str, slip: bool = False) -> list[str]:
    """The student notebook's code cells with each `# YOUR CODE HERE` cell replaced by the instructor's
    solution (from exercises/source), and the written answer signed so misattribution shows.
    ``slip``: the learner miscounts the years in q4, so their grades differ from their neighbours'."""
    solutions = code_cells(json.loads(EXERCISE_SOURCE.read_text("utf-8")))
    cells = code_cells(student)
    if len(cells) != len(solutions):
        raise ValueError(f"{EXERCISE}: {len(cells)} code cells, but the source has {len(solutions)}")
    out = []
    for mine, solution in zip(cells, solutions, strict=True):
        if "YOUR CODE HERE" in mine:
            if "BEGIN SOLUTION" not in solution:
                raise ValueError(f"{EXERCISE_SOURCE}: no solution for student cell {mine[:60]!r}")
            mine = "\n".join(line for line in solution.splitlines() if "SOLUTION" not in line)
            if "thaw_comparison" in mine:
                mine += f"\nthaw_comparison += ' Signed {learner}.'"
            if slip and "gap_voa =" in mine:
                mine += "\ngap_voa = 31"
        out.append(mine)
    return out


INSTRUCTOR_CHECKS = r'''
import json as _pj2, pathlib as _pl2, tempfile as _tf2
from pakru.exercises.session import Exercise as _Ex2
from pakru.progress import Store as _St2
_ex2 = _Ex2({exercise!r}, store=_St2(_tf2.mkdtemp(), learner="instructor-check"), tasks_dir=_pl2.Path({tasks!r}))
print(_pj2.dumps({{t.id: _ex2.check(t.id).score for t in _ex2.spec.tasks}}))
'''
"""The learner's own values checked against the instructors' task files (the student edition withholds the
hashed answers, so its check() cannot give those points; the gradebook re-grades them from this copy)."""

FORGE = r'''
import json, os, pathlib, datetime
folder = pathlib.Path(os.path.expanduser("~")).parent / {victim!r} / {in_home!r}
records = [(path, rec) for path in folder.rglob("*.json") for rec in json.loads(path.read_text())["records"]
           if rec["activity"] == {activity!r} and rec["question"] == {task!r} and rec["kind"] == "exercise"]
path, rec = max(records, key=lambda pr: pr[1]["timestamp"])
data = json.loads(path.read_text())
forged = dict(rec, correct=True, score=rec["max_score"],
              timestamp=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
name = "forged-" + path.name
data.update(session=name[:-5], records=[dict(forged, session=name[:-5]) if "session" in forged else forged])
(path.parent / name).write_text(json.dumps(data))
home = folder.parents[len(pathlib.Path({in_home!r}).parts) - 1]
print(json.dumps({{"file": str((path.parent / name).relative_to(home)),
                  "was": [rec["correct"], rec["score"]], "claims": [True, rec["max_score"]]}}))
'''


# -- the run ---------------------------------------------------------------------------------------------------------
@dataclass
class Learner:
    name: str
    index: int
    token: str = ""
    fault: str = ""
    """'' | 'kernel-restart' | 'server-kill'."""
    spawn_seconds: list[float] = field(default_factory=list)
    pull_seconds: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    expected: dict[tuple[str, str], dict] = field(default_factory=dict)
    """(activity, question) → what the store must hold: kind, answer, correct, attempts, marker."""
    restored_ok: int = 0
    restored_bad: list[str] = field(default_factory=list)
    server_rss: int = 0
    server_cpu: float = 0.0
    lesson_rss: int = 0
    lesson_cpu: float = 0.0
    exercise_rss: int = 0
    exercise_cpu: float = 0.0
    whoami: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    reconnects: int = 0
    senders: list[dict | None] = field(default_factory=list)
    """Each kernel's class-service sender at the end of its notebook (None: no service configured)."""


class Classroom:
    """Everything the run starts, so that ``stop()`` can end it all."""

    def __init__(self, learners: int, restarts: int, kills: int, os_user: str, keep: bool, timeout: float,
                 service: str = "sqlite", service_kills: int = 2, think: float = 0.0):
        self.n, self.restarts, self.kills, self.os_user, self.keep = learners, restarts, kills, os_user, keep
        self.timeout = timeout
        self.service, self.service_kills, self.think = service, service_kills, think
        """Seconds a learner thinks before each Check (0: as fast as the kernel answers)."""
        """The class service's database ('sqlite', 'postgresql' or 'none') and how often it is killed mid-class."""
        self.postgres: Postgres | None = None
        self.watch: Watch | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix="pakru-classroom-"))
        self.homes = self.tmp / "homes"
        self.homes.mkdir()
        self.procs: list[subprocess.Popen] = []
        self.seen_pids: set[int] = set()
        self.admin_token = secrets.token_hex(32)
        self.hub_url = ""
        self.repo_url = ""
        self.bare_rss: list[int] = []
        self.drawn_rss: list[int] = []
        self.forged: dict = {}
        self.notes: list[str] = []

    # -- services ------------------------------------------------------------------------------------------------
    def _start(self, args: list[str], log: str, **kwargs) -> subprocess.Popen:
        out = open(self.tmp / log, "ab")  # noqa: SIM115 - closed with the process in stop()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)
        proc._pakru_log = out  # type: ignore[attr-defined]
        self.procs.append(proc)
        return proc

    def serve_course(self) -> None:
        """The student edition, committed and served read-only by git daemon on 127.0.0.1."""
        edition = self.tmp / "edition"
        subprocess.run([sys.executable, "-m", "pakru", "exercises", "release", "--out", str(edition)], cwd=ROOT,
                       check=True, capture_output=True, timeout=300)
        git = ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@127.0.0.1",
               "-c", "init.defaultBranch=main"]
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Course, student edition"]):
            subprocess.run(git + args, cwd=edition, check=True, capture_output=True, timeout=120)
        served = self.tmp / "git"
        served.mkdir()
        subprocess.run(["git", "clone", "-q", "--bare", str(edition), str(served / f"{COURSE}.git")], check=True,
                       capture_output=True, timeout=120)
        port = free_port()
        self._start(["git", "daemon", "--listen=127.0.0.1", f"--port={port}", "--export-all", "--reuseaddr",
                     f"--base-path={served}", str(served)], "git-daemon.log")
        self.repo_url = f"git://127.0.0.1:{port}/{COURSE}.git"
        wait_for("git daemon", lambda: subprocess.run(["git", "ls-remote", self.repo_url], capture_output=True,
                                                       timeout=30).returncode == 0, 30)

    def start_hub(self) -> None:
        hub_dir = self.tmp / "hub"
        hub_dir.mkdir()
        public, api, hub = free_port(), free_port(), free_port()
        self.hub_url = f"http://127.0.0.1:{public}"
        env_user = {"USER": self.os_user, "LOGNAME": self.os_user} if self.os_user else {}
        config = f"""
from jupyterhub.spawner import SimpleLocalProcessSpawner

class ClassroomSpawner(SimpleLocalProcessSpawner):
    # Docker-stack hubs give every learner the same OS user; only JUPYTERHUB_USER tells them apart.
    def user_env(self, env):
        env = super().user_env(env)
        env.update({env_user!r})
        return env

c.JupyterHub.bind_url = {self.hub_url!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api}"
c.ConfigurableHTTPProxy.command = [{find_chp()!r}]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = ClassroomSpawner
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.homes / "{username}")!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.args = {["--allow-root"] if os.geteuid() == 0 else []!r}
c.Spawner.start_timeout = {int(self.timeout)}
c.Spawner.http_timeout = {int(self.timeout)}
c.Spawner.poll_interval = 5
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "LANG", "LC_ALL"]
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0
c.JupyterHub.cleanup_servers = True
c.JupyterHub.db_url = "sqlite:///{hub_dir / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(hub_dir / 'cookie_secret')!r}
c.JupyterHub.services = [{{"name": "classroom", "api_token": {self.admin_token!r}}}]
c.JupyterHub.load_roles = [{{"name": "classroom", "services": ["classroom"],
                             "scopes": ["admin:users", "admin:servers", "tokens", "read:users"]}}]
"""
        if self.service != "none":
            config += self.service_config(hub_dir)
        (hub_dir / "jupyterhub_config.py").write_text(config, "utf-8")
        # the instructor's link, made by the library (python -m pakru links), and the folder it opens
        self.link = links.hub_url(self.hub_url, self.repo_url, "main", LESSON)
        urlpath = urllib.parse.parse_qs(urllib.parse.urlsplit(self.link).query)["urlpath"][0]
        self.course_dir = urlpath.removeprefix("lab/tree/").removesuffix(f"/{LESSON}")
        self.hub = self._start([sys.executable, "-m", "jupyterhub", "-f", str(hub_dir / "jupyterhub_config.py")],
                               "jupyterhub.log", cwd=hub_dir)
        wait_for("JupyterHub", lambda: self.hub.poll() is None and self.api("get", "").ok, self.timeout)

    def service_config(self, hub_dir: Path) -> str:
        """The class service, managed by the hub as deploy/jupyterhub_config.py sets it up (pakru.classservice)."""
        if self.service == "postgresql":
            self.postgres = Postgres(self.tmp / "postgres", free_port())
            db_url = self.postgres.start()
        else:
            db_url = f"sqlite:///{hub_dir / 'pakru-class.sqlite'}"
        port = free_port()
        self.watch = Watch(self.hub_url, port, db_url, self.service_kills, lambda: self.hub.pid)
        env = {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}
        return f"""
from pakru.classservice import hubconfig
hubconfig.apply(c, "http://127.0.0.1:{port}", {db_url!r}, instructors=["instructor"], environment={env!r})
"""

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {token or self.admin_token}"}
        if self.hub.poll() is not None:
            raise RuntimeError(f"JupyterHub exited with {self.hub.returncode}; see {self.tmp / 'jupyterhub.log'}")
        return loopback().request(method, f"{self.hub_url}/hub/api/{path}", headers=headers, timeout=60, **kwargs)

    def stop(self) -> None:
        """Stop the hub (it stops the servers), git daemon, then anything left in our temp folder's homes."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave half of it running
        for proc in reversed(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            proc._pakru_log.close()  # type: ignore[attr-defined]
        home = str(self.homes)
        for proc in psutil.process_iter():
            try:
                if proc.pid in self.seen_pids or proc.environ().get("HOME", "").startswith(home):
                    proc.kill()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                pass
        if self.postgres is not None:
            self.postgres.stop()
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- one learner ---------------------------------------------------------------------------------------------
    def spawn(self, learner: Learner) -> str:
        """Start the learner's server as the hub's Start button does; return its URL."""
        start = time.perf_counter()
        response = self.api("post", f"users/{learner.name}/server", token=learner.token)
        if response.status_code not in (201, 202):
            raise RuntimeError(f"spawn {learner.name}: {response.status_code} {response.text[:200]}")

        def ready():
            user = self.api("get", f"users/{learner.name}").json()
            server = user.get("servers", {}).get("", {})
            return server.get("ready") and not server.get("pending")

        wait_for(f"server of {learner.name}", ready, self.timeout, 0.25)
        learner.spawn_seconds.append(time.perf_counter() - start)
        return f"{self.hub_url}/user/{learner.name}/"

    def stop_server(self, learner: Learner) -> None:
        self.api("delete", f"users/{learner.name}/server", token=learner.token)
        wait_for(f"stopping {learner.name}", lambda: "" not in self.api("get", f"users/{learner.name}").json()
                 .get("servers", {}), self.timeout, 0.25)

    def browser(self, learner: Learner) -> requests.Session:
        """A learner's browser: logged in through the hub's login form (DummyAuthenticator), cookies kept."""
        http = requests.Session()
        http.trust_env = False  # everything is on 127.0.0.1: never through a proxy from the environment
        http.get(f"{self.hub_url}/hub/login", timeout=self.timeout).raise_for_status()
        form = {"username": learner.name, "password": "classroom", "_xsrf": http.cookies.get("_xsrf", "")}
        response = http.post(f"{self.hub_url}/hub/login", data=form, timeout=self.timeout, allow_redirects=False)
        if response.status_code != 302:
            raise RuntimeError(f"{learner.name}: hub login answered {response.status_code}")
        return http

    def pull(self, learner: Learner, server: str) -> None:
        """Follow the nbgitpuller link as a browser does: the hub redirect, the page, its git-pull stream."""
        start = time.perf_counter()
        http = self.browser(learner)
        page = http.get(self.link, timeout=self.timeout)
        page.raise_for_status()
        if not page.url.startswith(server + "git-pull"):
            raise RuntimeError(f"{learner.name}: the link led to {page.url}, not to their own server")
        body = _BodyData()
        body.feed(page.text)
        params = {"_xsrf": body.data.get("xsrf", ""), "repo": body.data["repo"], "targetpath": body.data["targetpath"]}
        if body.data.get("branch"):
            params["branch"] = body.data["branch"]
        phase, lines = "", []
        with http.get(server + "git-pull/api", params=params, stream=True, timeout=self.timeout) as stream:
            stream.raise_for_status()
            for raw in stream.iter_lines(decode_unicode=True):
                if raw and raw.startswith("data: "):
                    event = json.loads(raw[6:])
                    phase = event.get("phase", phase)
                    lines.append(str(event.get("output") or event.get("message") or ""))
        if phase != "finished":
            raise RuntimeError(f"{learner.name}: nbgitpuller ended in phase {phase!r}: {' '.join(lines)[-300:]}")
        if body.data["targetpath"] != self.course_dir:
            raise RuntimeError(f"{learner.name}: nbgitpuller cloned into {body.data['targetpath']!r}, but the link "
                               f"opens {self.course_dir!r}/{LESSON}")
        learner.pull_seconds.append(time.perf_counter() - start)

    def notebook(self, learner: Learner, server: str, path: str) -> dict:
        response = loopback().get(f"{server}api/contents/{path}", headers={"Authorization": f"token {learner.token}"},
                                timeout=self.timeout)
        response.raise_for_status()
        return response.json()["content"]

    def kernel(self, learner: Learner, server: str, path: str) -> HubKernel:
        kernel = HubKernel(server, learner.token, path, timeout=self.timeout)
        kernel.run(KERNEL_HELPERS)
        learner.whoami = last_json(kernel.run("_pakru_whoami()").text)
        self.seen_pids.update({learner.whoami["pid"], learner.whoami["server_pid"]})
        return kernel

    def run_cells(self, kernel: HubKernel, cells: list[str]) -> None:
        for cell in cells:
            kernel.run(cell)

    def check_restored(self, learner: Learner, kernel: HubKernel, answered: list[str]) -> None:
        state = last_json(kernel.run("_pakru_state()").text)
        for qid in answered:
            want = learner.expected[(QUIZ_ID, qid)]
            got = state.get(qid)
            if got == [want["correct"], want["attempts"]]:
                learner.restored_ok += 1
            else:
                learner.restored_bad.append(f"{qid}: shown {got}, saved {[want['correct'], want['attempts']]}")

    @staticmethod
    def usage(pid: int) -> tuple[int, float]:
        proc = psutil.Process(pid)
        cpu = proc.cpu_times()
        return proc.memory_info().rss, cpu.user + cpu.system

    def answer(self, learner: Learner, kernel: HubKernel, qid: str, wrong: bool = False) -> None:
        time.sleep(self.think)
        reply = kernel.run(f"_pakru_answer({qid!r}, wrong={wrong})")
        learner.latencies.append(reply.seconds)
        result = last_json(reply.text)
        if result["alert"]:
            learner.errors.append(f"{qid}: the quiz said the answer could not be saved")
        learner.expected[(QUIZ_ID, qid)] = {"kind": "quiz", "answer": result["response"],
                                            "correct": result["correct"], "attempts": result["attempts"]}

    def lesson(self, learner: Learner, server: str) -> None:
        path = f"{self.course_dir}/{LESSON}"
        cells = code_cells(self.notebook(learner, server, path))
        kernel = self.kernel(learner, server, path)
        self.run_cells(kernel, cells)
        questions = json.loads(kernel.run(
            "print(_pj.dumps([v.question.id for v in _pakru_quiz_widget().views]))").text.strip().splitlines()[-1])
        half = len(questions) // 2
        for number, qid in enumerate(questions):
            if number == half and learner.fault:
                kernel = self.fault(learner, server, kernel, path, cells, questions[:half])
            if number == 0 and learner.index % 2 == 0:
                self.answer(learner, kernel, qid, wrong=True)  # half the class gets the first one wrong first
            self.answer(learner, kernel, qid)
        learner.senders.append(last_json(kernel.run("_pakru_sender()").text))
        learner.lesson_rss, cpu = self.usage(learner.whoami["pid"])
        learner.lesson_cpu += cpu
        learner.reconnects += kernel.reconnects
        kernel.close(shutdown=False)  # the learner leaves the notebook open: its kernel runs on

    def fault(self, learner: Learner, server: str, kernel: HubKernel, path: str, cells: list[str],
              answered: list[str]) -> HubKernel:
        """Break the learner's kernel or server mid-quiz; the learner carries on as they would."""
        learner.lesson_cpu += self.usage(learner.whoami["pid"])[1]
        if learner.fault == "kernel-restart":
            kernel.restart()
            kernel.run(KERNEL_HELPERS)
            learner.whoami = last_json(kernel.run("_pakru_whoami()").text)
            self.seen_pids.add(learner.whoami["pid"])
        else:
            learner.reconnects += kernel.reconnects
            kernel.close(shutdown=False)
            server_proc = psutil.Process(learner.whoami["server_pid"])
            for proc in [*server_proc.children(recursive=True), server_proc]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    proc.kill()  # the server and its kernels die at once, as when a container is OOM-killed
            psutil.wait_procs([server_proc], timeout=30)
            self.stop_server(learner)
            server = self.spawn(learner)
            self.pull(learner, server)  # the learner follows the link again
            kernel = self.kernel(learner, server, path)
        self.run_cells(kernel, cells)  # ... and re-runs the notebook from the top
        self.check_restored(learner, kernel, answered)
        return kernel

    def exercise(self, learner: Learner, server: str) -> None:
        path = f"{self.course_dir}/{EXERCISE}"
        cells = exercise_cells(self.notebook(learner, server, path), learner.name, slip=learner.index % 3 == 1)
        kernel = self.kernel(learner, server, path)
        for cell in cells:
            if cell.strip().startswith("check("):
                time.sleep(self.think)
            reply = kernel.run(cell)
            if cell.strip().startswith("check("):
                learner.latencies.append(reply.seconds)
        results = last_json(kernel.run(
            "print(_pj.dumps({k: [r.status, r.answer, r.score, r.max_score] for k, r in exercise.results.items()}))"
        ).text)
        graded = last_json(kernel.run(INSTRUCTOR_CHECKS.format(exercise=EXERCISE_ID,
                                                               tasks=str(ROOT / "exercises" / "tasks"))).text)
        for task, (status, answer, score, max_score) in results.items():
            learner.expected[(EXERCISE_ID, task)] = {
                "kind": "exercise", "status": status, "correct": status in ("passed", "collected"),
                "score": score, "max_score": max_score, "graded": graded.get(task),
                "marker": f"Signed {learner.name}." if isinstance(answer, str) else None}
        learner.senders.append(last_json(kernel.run("_pakru_sender()").text))
        learner.exercise_rss, learner.exercise_cpu = self.usage(learner.whoami["pid"])
        learner.server_rss, learner.server_cpu = self.usage(learner.whoami["server_pid"])
        if len(self.bare_rss) < 3 and learner.index < 3:
            bare = HubKernel(server, learner.token, path.rsplit("/", 1)[0] + "/bare.ipynb", timeout=self.timeout)
            bare.run(BARE_IMPORTS)
            pid = json.loads(bare.run("import json, os; print(json.dumps(os.getpid()))").text)
            self.seen_pids.add(pid)
            self.bare_rss.append(self.usage(pid)[0])
            learner.reconnects += bare.reconnects
            bare.run(DRAW_ONE)  # the same kernel after drawing one figure with Agg: what any plot costs
            self.drawn_rss.append(self.usage(pid)[0])
            bare.close()
        learner.reconnects += kernel.reconnects
        kernel.close(shutdown=False)  # the learner leaves the notebook open: its kernel runs on

    def forge(self, forger: Learner, victim: Learner) -> None:
        """From their own kernel, one learner writes a record into another's store claiming full marks.

        Possible wherever every server runs as the same OS user (as here, and on many small hubs). The
        victim miscounted q4; the forged record says they got it right, with the latest timestamp."""
        code = FORGE.format(victim=victim.name, task="q4", activity=EXERCISE_ID,
                            in_home=settings.current().progress_in_home)
        kernel = HubKernel(f"{self.hub_url}/user/{forger.name}/", forger.token, "forge.ipynb", timeout=self.timeout)
        try:
            self.forged = last_json(kernel.run(code).text)
        finally:
            kernel.close()

    def learner_day(self, learner: Learner) -> Learner:
        try:
            server = self.spawn(learner)
            self.pull(learner, server)
            self.lesson(learner, server)
            self.exercise(learner, server)
        except Exception as exc:  # noqa: BLE001 - any failure is this learner's reported error; the class goes on
            learner.errors.append(f"{type(exc).__name__}: {exc}")
            if os.environ.get("PAKRU_CLASSROOM_DEBUG"):
                traceback.print_exc()
        return learner

    # -- the class -----------------------------------------------------------------------------------------------
    def run(self) -> dict:
        steps = Progress("setting up (course, git daemon, hub)", 2)
        self.serve_course()
        steps.step("course served")
        self.start_hub()
        steps.step("hub up")
        names = [f"learner{i:02d}" for i in range(1, self.n + 1)]
        response = self.api("post", "users", json={"usernames": names + ["instructor"] * (self.watch is not None)})
        if response.status_code != 201:
            raise RuntimeError(f"creating users: {response.status_code} {response.text[:200]}")
        learners = []
        for index, name in enumerate(names):
            token = self.api("post", f"users/{name}/tokens", json={"note": "classroom bench"}).json()["token"]
            learners.append(Learner(name, index, token))
        # faults spread over the class: every k-th learner's kernel is restarted, others' servers killed
        for learner in learners[1::max(1, self.n // max(1, self.restarts))][: self.restarts]:
            learner.fault = "kernel-restart"
        free = [le for le in learners if not le.fault]
        for learner in free[::-1][::max(1, len(free) // max(1, self.kills))][: self.kills]:
            learner.fault = "server-kill"
        if self.watch is not None:
            wait_for("the class service", self.watch.up, self.timeout)
            instructor = self.api("post", "users/instructor/tokens", json={"note": "live view"}).json()["token"]
            per_learner = len(load_bank(QUIZ_ID).questions) + len(tasks.load(EXERCISE_ID).tasks)
            self.watch.start(instructor, lambda: sum(len(le.latencies) for le in learners), per_learner * self.n)
        progress = Progress(f"{self.n} learners: spawn, pull, lesson 2 + quiz, exercise 2", self.n)
        start = time.perf_counter()
        pool = ThreadPoolExecutor(max_workers=self.n)
        try:
            futures = [pool.submit(self.learner_day, le) for le in learners]
            for future in as_completed(futures):
                learner = future.result()
                progress.step(f"{learner.name} {'failed' if learner.errors else 'done'}")
        finally:
            # on Ctrl-C do not wait for the learners: stop() ends the hub under them and they fail fast
            pool.shutdown(wait=False, cancel_futures=True)
        class_seconds = time.perf_counter() - start
        service = None
        if self.watch is not None:
            service = self.watch.finish(learners, sum(len(le.latencies) for le in learners))
            service["learner_probe"] = self.watch.probe_as_learner(learners[0].token)
            service["senders"] = {le.name: le.senders for le in learners}
        if self.n >= 2 and not (learners[0].errors or learners[1].errors):
            self.forge(learners[0], learners[1])
        for learner in learners:  # end of class: every server asked to stop at once, then waited for
            with contextlib.suppress(requests.RequestException, RuntimeError):
                self.api("delete", f"users/{learner.name}/server", token=learner.token)
        for learner in learners:
            with contextlib.suppress(requests.RequestException, TimeoutError, RuntimeError):
                self.stop_server(learner)
        stores = read_stores(self.homes, learners)
        book = self.gradebook(learners)
        result = report(learners, stores, book, self, class_seconds)
        result["service"] = service
        return result

    def gradebook(self, learners: list[Learner]) -> dict:
        """Collect with the instructor's command, as the gradebook on main offers it today."""
        helptext = subprocess.run([sys.executable, "-m", "pakru", "gradebook", "--help"], cwd=ROOT,
                                  capture_output=True, text=True, timeout=120).stdout
        roster = write_roster(self.tmp / "roster.csv", learners)
        with_roster = ["--roster", str(roster)] if "--roster" in helptext else []
        # the Canvas and Moodle runs write the gradebook's own files too; without --lms, one plain run
        if "--lms" in helptext:
            runs = {"canvas": ["--lms", "canvas", *with_roster], "moodle": ["--lms", "moodle", *with_roster]}
        else:
            runs = {"gradebook": []}
        result: dict = {"runs": {}, "answers": 0, "quiz_columns": False}
        source = ["--homes", str(self.homes)] if "--homes" in helptext else [str(self.homes)]
        started = {}
        for label, extra in runs.items():  # the runs are independent: at once
            out = self.tmp / "collected" / label
            command = [sys.executable, "-m", "pakru", "gradebook", *source, "--out", str(out), *extra]
            started[label] = (command, out, subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                                             stderr=subprocess.PIPE, text=True))
        for label, (command, out, proc) in started.items():
            try:
                _, stderr = proc.communicate(timeout=600)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, stderr = proc.communicate()
            files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) if out.exists() else []
            result["runs"][label] = {"command": ["python", *command[1:]], "exit": proc.returncode, "files": files,
                                     "stderr": stderr[-2000:], "folder": str(out)}
        for label in ("canvas", "moodle"):
            if label in result["runs"]:
                result["runs"][label]["problems"] = check_lms_files(label, self.tmp / "collected" / label, learners)
        main_out = self.tmp / "collected" / next(iter(runs))
        found, wrong_owner = gradebook_answers(main_out, learners)
        result.update(answers=found, misattributed=wrong_owner, quiz_columns=(main_out / "quizzes.csv").exists())
        if self.forged:
            victim = learners[1].name
            review = []
            if (main_out / "review.csv").exists():
                with (main_out / "review.csv").open(newline="", encoding="utf-8-sig") as handle:
                    review = [r for r in csv.DictReader(handle)
                              if r.get("student") == victim and f"{EXERCISE_ID}:q4" in r.get("question", "")]
            # the import files' points must still be the victim's own (check_lms_files compares them)
            self.forged.update(victim=victim, listed_for_review=bool(review),
                               review=[r.get("what to check", "") for r in review][:3])
        return result


# -- collection ----------------------------------------------------------------------------------------------------
def person(learner: Learner) -> dict[str, str]:
    """The LMS identifiers of a learner, as the instructor's roster export would hold them."""
    number = 1000 + learner.index + 1
    return {"Student": f"Learner {learner.index + 1:02d}", "ID": str(number), "SIS User ID": f"S{number}",
            "SIS Login ID": learner.name, "Section": "Class A", "Email address": f"{learner.name}@school.example",
            "ID number": f"N{number}", "First name": "Learner", "Last name": f"{learner.index + 1:02d}"}


def write_roster(path: Path, learners: list[Learner]) -> Path:
    """A roster like a Canvas gradebook export joined with Moodle's participants (login = hub user)."""
    rows = [person(le) for le in learners]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _number(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


def check_lms_files(lms: str, folder: Path, learners: list[Learner]) -> list[str]:
    """Check the LMS import file against the rules the LMS documents (a problem list; empty when importable).

    Canvas (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807):
    the first columns are Student, ID, SIS User ID, SIS Login ID, Section; then one column per assignment;
    an optional "Points Possible" row; grades are numbers or blank; rows are matched on ID / SIS ids.
    Moodle (https://docs.moodle.org/en/Grade_import): a CSV with a column identifying users (email address,
    ID number or username) mapped on import, and numeric grade columns (blank: no change).
    Beyond the format: every learner appears once under their own identifiers, and their row's points add
    up to what the instructors' checks give their answers (one learner in three miscounted q4, so rows differ).
    """
    problems: list[str] = []
    files = [p for p in sorted(folder.rglob("*.csv"))] if folder.exists() else []
    chosen = None
    for path in files:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
        if lms == "canvas" and header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]:
            chosen = path
        if lms == "moodle" and ({"Email address", "ID number"} & set(header)):
            chosen = path
    if chosen is None:
        return [f"{lms}: no import file with the {lms} identity columns among {[p.name for p in files]}"]
    with chosen.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0].keys()) if rows else []
    id_columns = {"canvas": ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],
                  "moodle": ["Email address", "ID number", "First name", "Last name", "Username"]}[lms]
    grade_columns = [h for h in header if h not in id_columns]
    if not grade_columns:
        problems.append(f"{chosen.name}: no grade columns")
    key = {"canvas": "ID", "moodle": "Email address" if "Email address" in header else "ID number"}[lms]
    for learner in learners:
        ident = person(learner)[key]
        mine = [r for r in rows if r.get(key) == ident]
        if len(mine) != 1:
            problems.append(f"{chosen.name}: {len(mine)} rows for {learner.name} ({key} {ident})")
            continue
        row = mine[0]
        if lms == "canvas" and row["SIS Login ID"] != learner.name:
            problems.append(f"{chosen.name}: {learner.name}'s row has SIS Login ID {row['SIS Login ID']!r}")
        bad = [c for c in grade_columns if row[c].strip() and _number(row[c]) is None]
        if bad:
            problems.append(f"{chosen.name}: {learner.name}: not a number in {bad}")
        total = sum(_number(row[c]) or 0.0 for c in grade_columns)
        exercise = sum(w.get("graded", w.get("score")) or 0.0 for w in learner.expected.values()
                       if w["kind"] == "exercise")
        quiz = sum(1.0 for w in learner.expected.values() if w["kind"] == "quiz" and w["correct"])
        if not any(abs(total - want) < 1e-6 for want in (exercise, exercise + quiz)):
            problems.append(f"{chosen.name}: {learner.name}'s points add up to {total:g}; their checks gave "
                            f"{exercise:g} (exercises) + {quiz:g} (quiz)")
    if lms == "canvas":
        points_rows = [r for r in rows if r.get("Student", "").strip() == "Points Possible"]
        for r in points_rows:
            if any(_number(r[c]) is None for c in grade_columns):
                problems.append(f"{chosen.name}: Points Possible row has a non-number")
    others = [r for r in rows if r.get(key) not in {person(le)[key] for le in learners}
              and r.get("Student", "").strip() != "Points Possible"]
    problems += [f"{chosen.name}: row for someone not in the class: {r.get(key)!r}" for r in others]
    return problems


def read_stores(homes: Path, learners: list[Learner]) -> dict:
    """Every progress record in every home, file by file (latest per learner field, activity, question)."""
    found: dict[str, dict[tuple[str, str], dict]] = {}
    damaged: list[str] = []
    in_home = settings.current().progress_in_home  # where a learner's progress sits in a home (a setting)
    for learner in learners:
        latest: dict[tuple[str, str, str], dict] = {}
        for path in sorted((homes / learner.name).rglob("*.json")):
            if in_home not in path.as_posix() or path.name.startswith("forged-"):
                continue
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                damaged.append(str(path))
                continue
            for rec in data.get("records", []) if isinstance(data, dict) else []:
                key = (str(rec.get("learner")), str(rec.get("activity")), str(rec.get("question")))
                if key not in latest or str(rec.get("timestamp")) > str(latest[key].get("timestamp")):
                    latest[key] = {**rec, "_file": str(path.relative_to(homes)), "_folder_owner": learner.name}
        found[learner.name] = latest
    return {"records": found, "damaged": damaged}


def gradebook_answers(folder: Path, learners: list[Learner]) -> tuple[dict, list[str]]:
    """Which expected answers reached the gradebook's files, under which student.

    ``gradebook.csv``: one ``activity:question`` column per marked task; ``marking.csv``: one row per written
    answer (student, exercise, task); ``quizzes.csv``: per bank, how many questions each student answered and
    got right (quiz answers count when both numbers equal what the learner did). Rows for anyone not in the
    class are returned as strangers.
    """
    by_name = {le.name: le for le in learners}
    found: dict[str, set[tuple[str, str]]] = {}
    strangers: list[str] = []

    def rows_of(name: str) -> list[dict]:
        path = folder / name
        if not path.exists():
            return []
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))

    for name in ("gradebook.csv", "marking.csv", "quizzes.csv"):
        for row in rows_of(name):
            learner = by_name.get(row.get("student", ""))
            if learner is None:
                strangers.append(f"{name}: row for {row.get('student')!r}")
                continue
            mine = found.setdefault(learner.name, set())
            if name == "gradebook.csv":
                mine.update(key for key in learner.expected if (row.get(f"{key[0]}:{key[1]}") or "").strip())
            elif name == "marking.csv":
                key = (row.get("exercise", ""), row.get("task", ""))
                if key in learner.expected and learner.expected[key].get("marker", "x") in row.get("answer", ""):
                    mine.add(key)
            else:
                quiz = [k for k, w in learner.expected.items() if w["kind"] == "quiz"]
                right = sum(1 for k in quiz if learner.expected[k]["correct"])
                for bank in {k[0] for k in quiz}:
                    answered = _number(row.get(f"{bank} answered", "") or "")
                    got = _number(row.get(f"{bank} right", "") or "")
                    if answered == len([k for k in quiz if k[0] == bank]) and got == right:
                        mine.update(k for k in quiz if k[0] == bank)
    return {k: sorted(v) for k, v in found.items()}, strangers


def compare(learner: Learner, records: dict[tuple[str, str, str], dict]) -> tuple[int, list[str], list[str]]:
    """(collected, lost, misattributed) for one learner's home against what they answered.

    Collected: the store holds the learner's last answer (same response, verdict and attempt count).
    Lost: no record of it, or an older one. Misattributed: a record in this home under another learner id
    or hub user, or carrying another learner's signed written answer."""
    collected, lost, wrong = 0, [], []
    for (learner_field, activity, question), rec in records.items():
        if learner_field != learner.name:
            wrong.append(f"{rec['_file']}: {activity}:{question} recorded for {learner_field!r} in "
                         f"{learner.name}'s home")
        hub_user = rec.get("hub_user")
        if hub_user not in (None, learner.name):
            wrong.append(f"{rec['_file']}: hub user {hub_user!r} in {learner.name}'s home")
        session = rec.get("session")
        if session and session != Path(rec["_file"]).stem:
            wrong.append(f"{rec['_file']}: {activity}:{question} names session {session!r}, not its file's")
        answer = rec.get("answer")
        if isinstance(answer, str) and "Signed learner" in answer and f"Signed {learner.name}." not in answer:
            wrong.append(f"{rec['_file']}: {activity}:{question} carries another learner's written answer")
    by_question: dict[tuple[str, str], dict] = {}
    for (learner_field, activity, question), rec in records.items():
        # the learner's own id first; a record under another id still holds the answer (misattributed, not lost)
        if learner_field == learner.name or (activity, question) not in by_question:
            by_question[(activity, question)] = rec
    for (activity, question), want in learner.expected.items():
        rec = by_question.get((activity, question))
        if rec is None:
            lost.append(f"{learner.name} {activity}:{question}: not in the store")
            continue
        if rec.get("kind") != want["kind"]:
            lost.append(f"{learner.name} {activity}:{question}: kind {rec.get('kind')!r}, answered as {want['kind']}")
        elif want["kind"] == "quiz" and (rec.get("answer"), rec.get("correct"), rec.get("attempts")) != (
                want["answer"], want["correct"], want["attempts"]):
            lost.append(f"{learner.name} {activity}:{question}: store holds {rec.get('answer')!r} "
                        f"(attempt {rec.get('attempts')}), last answer was {want['answer']!r} "
                        f"(attempt {want['attempts']})")
        elif want["kind"] == "exercise" and want.get("marker") and want["marker"] not in str(rec.get("answer")):
            lost.append(f"{learner.name} {activity}:{question}: written answer missing or not theirs")
        elif want["kind"] == "exercise" and bool(rec.get("correct")) != want["correct"]:
            lost.append(f"{learner.name} {activity}:{question}: store says correct={rec.get('correct')}, the last "
                        f"check said {want['status']}")
        else:
            collected += 1
    return collected, lost, wrong


def report(learners: list[Learner], stores: dict, book: dict, room: Classroom, class_seconds: float) -> dict:
    expected = sum(len(le.expected) for le in learners)
    collected, lost, wrong = 0, [], []
    for learner in learners:
        c, lo, wr = compare(learner, stores["records"][learner.name])
        collected, lost, wrong = collected + c, lost + lo, wrong + wr
    in_book = sum(len(v) for v in book["answers"].values())
    book_expected = sum(1 for le in learners for (a, q), w in le.expected.items()
                        if w["kind"] == "exercise" or book["quiz_columns"])
    spawn = [s for le in learners for s in le.spawn_seconds]
    latencies = [s for le in learners for s in le.latencies]
    lesson_rss = [le.lesson_rss for le in learners if le.lesson_rss]
    bare = statistics.median(room.bare_rss) if room.bare_rss else 0
    return {
        "learners": len(learners),
        "faults": {le.name: le.fault for le in learners if le.fault},
        "class_seconds": class_seconds,
        "answers": {"expected": expected, "collected": collected, "lost": len(lost), "misattributed": len(wrong),
                    "lost_detail": lost[:50], "misattributed_detail": wrong[:50],
                    "in_gradebook": in_book, "gradebook_expected": book_expected,
                    "gradebook_strangers": book["misattributed"][:50],
                    "damaged_files": stores["damaged"]},
        "forgery": room.forged,
        "restored_after_fault": {"ok": sum(le.restored_ok for le in learners),
                                 "bad": [f"{le.name} {b}" for le in learners for b in le.restored_bad]},
        "errors": {le.name: le.errors for le in learners if le.errors},
        "websocket_reconnects": sum(le.reconnects for le in learners),
        "identity": [le.name for le in learners if le.whoami.get("hub_user") != le.name],
        "course_in_own_home": sum(str(le.whoami.get("course_root", "")).startswith(str(room.homes / le.name) + "/")
                                  for le in learners),
        "course_roots": sorted({str(le.whoami.get("course_root")) for le in learners
                                if not str(le.whoami.get("course_root", "")).startswith(str(room.homes))}),
        "spawn_seconds": {"median": quantile(spawn, 0.5), "p95": quantile(spawn, 0.95), "max": max(spawn, default=0),
                          "count": len(spawn)},
        "pull_seconds_median": quantile([s for le in learners for s in le.pull_seconds], 0.5),
        "memory": {"server_rss_median": statistics.median([le.server_rss for le in learners if le.server_rss] or [0]),
                   "lesson_kernel_rss_median": statistics.median(lesson_rss or [0]),
                   "exercise_kernel_rss_median": statistics.median(
                       [le.exercise_rss for le in learners if le.exercise_rss] or [0]),
                   "bare_kernel_rss_median": bare,
                   "bare_kernel_one_figure_rss_median": statistics.median(room.drawn_rss) if room.drawn_rss else 0,
                   "lesson_to_bare": (statistics.median(lesson_rss) / bare) if bare and lesson_rss else None},
        "latency_seconds": {"median": quantile(latencies, 0.5), "p95": quantile(latencies, 0.95),
                            "count": len(latencies)},
        "cpu_seconds_per_learner": {
            "lesson_kernel_median": statistics.median([le.lesson_cpu for le in learners if le.lesson_cpu] or [0]),
            "exercise_kernel_median": statistics.median([le.exercise_cpu for le in learners if le.exercise_cpu]
                                                        or [0]),
            "server_median": statistics.median([le.server_cpu for le in learners if le.server_cpu] or [0])},
        "gradebook": book["runs"],
        "lms_files": {label: run["problems"] for label, run in book["runs"].items() if "problems" in run},
        "notes": sorted(set(room.notes)),
        "tmp": str(room.tmp),
    }


def render(r: dict) -> str:
    a, m, c = r["answers"], r["memory"], r["cpu_seconds_per_learner"]
    ratio = f"{m['lesson_to_bare']:.2f}" if m["lesson_to_bare"] else "n/a"
    lines = [
        f"classroom: {r['learners']} learners on a real JupyterHub, {len(r['faults'])} faults "
        f"({sum(f == 'kernel-restart' for f in r['faults'].values())} kernel restarts, "
        f"{sum(f == 'server-kill' for f in r['faults'].values())} servers killed), "
        f"class ran {r['class_seconds']:.0f} s",
        "",
        "| measure | value |",
        "|---|---|",
        f"| answers expected | {a['expected']} |",
        f"| collected (learners' stores) | {a['collected']} |",
        f"| lost | {a['lost']} |",
        f"| misattributed | {a['misattributed']} |",
        f"| in the gradebook output | {a['in_gradebook']} of {a['gradebook_expected']} it grades |",
        f"| quiz answers shown again after a fault | {r['restored_after_fault']['ok']} "
        f"(wrong: {len(r['restored_after_fault']['bad'])}) |",
        f"| learners with errors | {len(r['errors'])} |",
        f"| kernel websockets dropped by a busy server and reconnected | {r['websocket_reconnects']} |",
        f"| spawn time per learner (median / p95 / max) | {r['spawn_seconds']['median']:.1f} / "
        f"{r['spawn_seconds']['p95']:.1f} / {r['spawn_seconds']['max']:.1f} s ({r['spawn_seconds']['count']} spawns) |",
        f"| nbgitpuller pull (median) | {r['pull_seconds_median']:.1f} s |",
        f"| memory per server (RSS, median) | {mib(m['server_rss_median'])} |",
        f"| memory per lesson kernel (RSS, median) | {mib(m['lesson_kernel_rss_median'])} |",
        f"| memory per exercise kernel (RSS, median) | {mib(m['exercise_kernel_rss_median'])} |",
        f"| bare kernel (pandas, matplotlib, ipywidgets) | {mib(m['bare_kernel_rss_median'])} |",
        f"| lesson kernel / bare kernel (goal ≤ 1.2) | {ratio} |",
        f"| the bare kernel after drawing one figure (Agg) | {mib(m['bare_kernel_one_figure_rss_median'])} |",
        f"| per learner with both notebooks open (server + kernels), for deploy/ | "
        f"{mib(m['server_rss_median'] + m['lesson_kernel_rss_median'] + m['exercise_kernel_rss_median'])} |",
        f"| answer latency median / p95 | {r['latency_seconds']['median'] * 1000:.0f} / "
        f"{r['latency_seconds']['p95'] * 1000:.0f} ms ({r['latency_seconds']['count']} answers) |",
        f"| CPU s per learner: lesson 2 kernel / exercise 2 kernel / server | {c['lesson_kernel_median']:.1f} / "
        f"{c['exercise_kernel_median']:.1f} / {c['server_median']:.1f} |",
    ]
    if r.get("service"):
        lines += render_service(r["service"])
    lines.append("")
    lines.append("every kernel sees JUPYTERHUB_USER = its learner" if not r["identity"] else
                 f"kernels without their learner in JUPYTERHUB_USER: {', '.join(r['identity'])}")
    lines.append(f"kernels reading the course pulled into their own home: {r['course_in_own_home']} of "
                 f"{r['learners']}" + (f" (others read {', '.join(r['course_roots'])})" if r["course_roots"] else ""))
    for label, run in r["gradebook"].items():
        lines.append(f"{label}: `{' '.join(run['command'][:4])} …` exit {run['exit']}, wrote {', '.join(run['files'])}"
                     + (f"\n  stderr: {run['stderr'].strip().splitlines()[-1]}" if run["exit"] and run["stderr"].strip()
                        else ""))
    if r["forgery"]:
        f = r["forgery"]
        lines.append(f"forged record (another learner wrote {f['victim']}'s q4 as right, full marks): "
                     + ("listed in review.csv" if f.get("listed_for_review") else "NOT listed in review.csv")
                     + "; import files keep the victim's own points" * (not any(r["lms_files"].values())))
    for label, problems in r["lms_files"].items():
        lines.append(f"{label} import file: {'follows the documented import rules' if not problems else 'PROBLEMS'}")
        lines += [f"  - {p}" for p in problems[:10]]
    for title, items in (("lost", a["lost_detail"]), ("misattributed", a["misattributed_detail"]),
                         ("not restored", r["restored_after_fault"]["bad"]), ("notes", r["notes"])):
        if items:
            lines.append(f"{title}:")
            lines += [f"  - {item}" for item in items[:10]]
            lines += [f"  … {len(items) - 10} more"] if len(items) > 10 else []
    for name, errors in list(r["errors"].items())[:10]:
        lines.append(f"error {name}: {errors[0][:400]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=30, help="class size (default 30)")
    parser.add_argument("--restarts", type=int, default=None, help="kernels restarted mid-lesson (default N/6)")
    parser.add_argument("--kills", type=int, default=None, help="servers killed mid-lesson (default N/10)")
    parser.add_argument("--os-user", default="jovyan",
                        help="USER/LOGNAME given to every server, as on Docker-stack hubs ('' keeps the hub name)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds any one step may take")
    parser.add_argument("--json", type=Path, help="also write the measurements as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (homes, logs, gradebook)")
    parser.add_argument("--service", choices=["sqlite", "postgresql", "none"], default="sqlite",
                        help="run the class service with this database (postgresql: Debian's, started in a temp "
                             "folder), or without it")
    parser.add_argument("--service-kills", type=int, default=2, help="times the service is killed mid-class")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds each learner thinks before each Check (a longer class: the kills fall mid-class)")
    args = parser.parse_args(argv)
    if args.learners < 1:
        parser.error("--learners must be at least 1")
    restarts = max(1, round(args.learners / 6)) if args.restarts is None else args.restarts
    kills = max(1, args.learners // 10) if args.kills is None else args.kills
    if restarts + kills > args.learners:
        parser.error("more faults than learners")
    room = Classroom(args.learners, restarts, kills, args.os_user, args.keep, args.timeout, args.service,
                     args.service_kills, args.think)

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        result = room.run()
    except KeyboardInterrupt:
        print("\nclassroom: interrupted; stopping everything it started", file=sys.stderr)
        return 130
    except (RuntimeError, TimeoutError, subprocess.SubprocessError, requests.RequestException) as exc:
        print(f"classroom: {exc}\n  logs: {room.tmp} (kept)", file=sys.stderr)
        room.keep = True
        return 1
    finally:
        room.stop()
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str), "utf-8")
    a = result["answers"]
    lms_problems = any(result["lms_files"].values())
    forgery_missed = bool(result["forgery"]) and not result["forgery"].get("listed_for_review")
    s = result.get("service") or {}
    service_bad = bool(s) and bool(s["lost"] or s["counted_twice"] or s["misattributed"]
                                   or set(s["learner_probe"].values()) != {403})
    return 0 if not (a["lost"] or a["misattributed"] or result["errors"] or lms_problems or forgery_missed
                     or service_bad) else 1


if __name__ == "__main__":
    sys.exit(main())
