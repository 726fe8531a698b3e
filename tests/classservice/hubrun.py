"""A small real JupyterHub with the class service, for the service's tests (and the live view's browser test).

Learners learner1, learner2 (group class-a) and learner3 (group class-b); ``instructor`` reads every class,
``teacher-a`` only class-a. The service is external (as on Zero to JupyterHub: its own process, started and
killed here at will) and configured through ``pakru.classservice.hubconfig`` like deploy/ does; the managed
form (the hub starts it) runs in bench/classroom.py. Tokens are made through the hub's
API with an admin service token; a learner's token holds what their server's token would (the send scope
through the ``user`` and ``server`` roles hubconfig sets; tests/test_classroom.py spawns real servers).
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
        self.service_token = secrets.token_hex(24)
        self.port, self.service_port, self.hub_port = free_port(), free_port(), free_port()
        self.service: subprocess.Popen | None = None
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
c.JupyterHub.hub_port = {self.hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{chp()!r}]
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.db_url = "sqlite:///{self.folder / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(self.folder / 'cookie_secret')!r}
c.JupyterHub.services = [{{"name": "admin", "api_token": {self.admin!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "admin-service", "services": ["admin"], "scopes": ["admin:users", "tokens", "admin:groups"]}},
]
c.JupyterHub.load_groups = {{name: {{"users": users}} for name, users in {groups!r}.items()}}
hubconfig.apply(c, "http://127.0.0.1:{self.service_port}", instructors=["instructor"],
                classes={{"class-a": ["teacher-a"]}}, api_token={self.service_token!r})
"""

    def start(self, timeout: float = 90) -> Hub:
        (self.folder / "jupyterhub_config.py").write_text(self.config(), "utf-8")
        log = open(self.folder / "jupyterhub.log", "ab")  # noqa: SIM115 - closed in stop()
        self._log = log
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
                                     cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.start_service()
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

    def start_service(self) -> None:
        """Start the service as an external JupyterHub service is run: the hub's variables, its own token."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "PAKRU_"))}
        env.update(PYTHONPATH=str(ROOT / "lib"), JUPYTERHUB_API_TOKEN=self.service_token,
                   JUPYTERHUB_API_URL=f"http://127.0.0.1:{self.hub_port}/hub/api",
                   JUPYTERHUB_SERVICE_NAME="pakru-class", JUPYTERHUB_CLIENT_ID="service-pakru-class",
                   JUPYTERHUB_SERVICE_URL=f"http://127.0.0.1:{self.service_port}",
                   JUPYTERHUB_SERVICE_PREFIX="/services/pakru-class/", JUPYTERHUB_BASE_URL="/",
                   JUPYTERHUB_OAUTH_CALLBACK_URL="/services/pakru-class/oauth_callback",
                   JUPYTERHUB_PUBLIC_HUB_URL=f"{self.url}/hub/", JUPYTERHUB_HOST=self.url)
        log = open(self.folder / "service.log", "ab")  # noqa: SIM115 - the process keeps it
        self.service = subprocess.Popen([sys.executable, "-m", "pakru.classservice", "--db", self.db_url],
                                        cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()

    def wait_service(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.service_up():
            if time.monotonic() > deadline:
                raise TimeoutError(f"service not up: {(self.folder / 'service.log').read_text()[-2000:]}")
            time.sleep(0.1)

    def kill_service(self) -> None:
        """SIGKILL the service (as the OOM killer would), mid-write or not."""
        if self.service and self.service.poll() is None:
            self.service.kill()
            self.service.wait(10)

    def stop(self) -> None:
        self.kill_service()
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        with contextlib.suppress(AttributeError):
            self._log.close()


def running(folder: Path, who: str):
    """A started hub for a pytest fixture to yield, stopped afterwards; ``who`` names the tests if it cannot start
    (skipped, or failed where ``$PAKRU_REQUIRE_HUB`` says the hub must run: ``tests/needs.py``)."""
    import importlib.util

    import needs

    if importlib.util.find_spec("jupyterhub") is None or chp() is None:
        needs.missing(f"{who} need jupyterhub and configurable-http-proxy; .ci/run installs them", "PAKRU_REQUIRE_HUB")
    hub = Hub(folder).start()
    try:
        yield hub
    finally:
        hub.stop()
