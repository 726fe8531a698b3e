"""A small real JupyterHub with the class service, for the service's tests (and the live view's browser test).

Learners learner1, learner2 (group class-a) and learner3 (group class-b); ``instructor`` reads every class,
``teacher-a`` only class-a. The hub manages the service (and restarts it when it dies), exactly as
deploy/jupyterhub_config.py does, through ``pakru.classservice.hubconfig``. Tokens are made through the hub's
API with an admin service token. Learners hold the send scope through the ``user`` role here (the deploy
grants it to their servers, which tests/test_classroom.py exercises with real spawns).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[2]
CHP = ROOT / "bench" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
LEARNERS = {"learner1": "class-a", "learner2": "class-a", "learner3": "class-b"}


def chp() -> str | None:
    for candidate in (os.environ.get("PAKRU_CHP"), CHP, shutil.which("configurable-http-proxy")):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Hub:
    """``start()``, then ``url``, ``service_url`` (through the proxy), ``token(user)``; ``stop()`` ends it all."""

    def __init__(self, folder: Path, db_url: str | None = None):
        self.folder = folder
        self.db_url = db_url or f"sqlite:///{folder / 'class.sqlite'}"
        self.admin = secrets.token_hex(24)
        self.port, self.service_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.service_url = f"{self.url}/services/pakru-class/"
        self.direct_url = f"http://127.0.0.1:{self.service_port}/services/pakru-class/"
        self.proc: subprocess.Popen | None = None
        self.http = requests.Session()
        self.http.trust_env = False

    def config(self) -> str:
        groups = {}
        for user, group in LEARNERS.items():
            groups.setdefault(group, []).append(user)
        lib = str(ROOT / "lib")
        return f"""
import sys
sys.path.insert(0, {lib!r})
from pakru.classservice import hubconfig
c.JupyterHub.bind_url = {self.url!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{chp()!r}]
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.db_url = "sqlite:///{self.folder / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(self.folder / 'cookie_secret')!r}
c.JupyterHub.services = [{{"name": "admin", "api_token": {self.admin!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "admin-service", "services": ["admin"], "scopes": ["admin:users", "tokens", "admin:groups"]}},
    {{"name": "user", "scopes": ["self", "custom:pakru-class:send"]}},
]
c.JupyterHub.load_groups = {{name: {{"users": users}} for name, users in {groups!r}.items()}}
hubconfig.apply(c, "http://127.0.0.1:{self.service_port}", {self.db_url!r}, instructors=["instructor"],
                classes={{"class-a": ["teacher-a"]}}, environment={{"PYTHONPATH": {lib!r}}})
"""

    def start(self, timeout: float = 90) -> Hub:
        (self.folder / "jupyterhub_config.py").write_text(self.config(), "utf-8")
        log = open(self.folder / "jupyterhub.log", "ab")  # noqa: SIM115 - closed in stop()
        self._log = log
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
                                     cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        names = [*LEARNERS, "instructor", "teacher-a"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited: {self.log()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                if self.api("get", "").ok and self.service_up():
                    break
            time.sleep(0.3)
        else:
            raise TimeoutError(f"hub or service not up in {timeout} s: {self.log()[-3000:]}")
        self.api("post", "users", json={"usernames": names})
        return self

    def log(self) -> str:
        return (self.folder / "jupyterhub.log").read_text("utf-8", "replace")

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.http.request(method, f"{self.url}/hub/api/{path}", timeout=30,
                                 headers={"Authorization": f"token {self.admin}"}, **kwargs)

    def token(self, user: str) -> str:
        """A new API token of ``user`` with all of their scopes (what their server's token would hold)."""
        response = self.api("post", f"users/{user}/tokens", json={"note": "test"})
        response.raise_for_status()
        return response.json()["token"]

    def service_up(self) -> bool:
        with contextlib.suppress(requests.RequestException):
            return self.http.get(self.service_url + "api/health", timeout=5).status_code == 200
        return False

    def service_pid(self) -> int | None:
        """The service's process (a child of the hub running ``pakru.classservice``)."""
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "pakru.classservice" in " ".join(child.cmdline()):
                    return child.pid
        return None

    def kill_service(self) -> int:
        """SIGKILL the service (as the OOM killer would); the hub notices and starts it again."""
        pid = self.service_pid()
        if pid is None:
            raise RuntimeError("no service process to kill")
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        with contextlib.suppress(AttributeError):
            self._log.close()
