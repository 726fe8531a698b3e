"""A small, synchronous client for one Jupyter kernel behind a JupyterHub single-user server.

Why not jupyter_client: its clients talk ZeroMQ to a local connection file, while a hub learner only
reaches their kernel through the hub's proxy (HTTP + the kernel's websocket), with their own token.
This speaks exactly that: the jupyter_server REST API to make sessions and restart kernels, and the
websocket (JSON messages, the protocol JupyterLab's default connection uses) to run code.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field

import requests
import websocket


class KernelError(RuntimeError):
    """Code sent to a kernel raised, or the kernel did not answer in time."""


@dataclass
class Reply:
    """What one execute request produced."""

    status: str
    text: str
    """Streams and the plain-text form of results and displays, concatenated."""
    error: str = ""
    seconds: float = 0.0
    data: list[dict] = field(default_factory=list)
    """Every rich output bundle (execute_result and display_data)."""


class HubKernel:
    """One kernel of one learner: ``run(code)`` returns a Reply; ``restart()``; ``close()``."""

    def __init__(self, server_url: str, token: str, path: str, timeout: float = 180.0):
        self.server_url = server_url.rstrip("/") + "/"
        self.timeout = timeout
        self.http = requests.Session()
        self.http.trust_env = False  # the hub is on 127.0.0.1: never through a proxy from the environment
        self.http.headers["Authorization"] = f"token {token}"
        self.token = token
        self.session_id = uuid.uuid4().hex
        response = self.http.post(self.server_url + "api/sessions", timeout=timeout,
                                  json={"path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
                                        "kernel": {"name": "python3"}})
        response.raise_for_status()
        self.session = response.json()
        self.kernel_id = self.session["kernel"]["id"]
        self.ws: websocket.WebSocket | None = None
        self.reconnects = 0
        """Times the server dropped the websocket and we reconnected, as JupyterLab does."""
        self._connect()

    def _connect(self) -> None:
        if self.ws is not None:
            self.ws.close()
        url = self.server_url.replace("http://", "ws://", 1) + f"api/kernels/{self.kernel_id}/channels"
        deadline = time.monotonic() + self.timeout
        while True:  # a restarting kernel may refuse the websocket for a moment
            try:
                self.ws = websocket.create_connection(
                    url + f"?session_id={self.session_id}", timeout=self.timeout,
                    header=[f"Authorization: token {self.token}"])
                return
            except (websocket.WebSocketException, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def run(self, code: str, timeout: float | None = None) -> Reply:
        """Execute ``code``; raise KernelError when it raises or the kernel stays silent too long."""
        reply = self.execute(code, timeout)
        if reply.status != "ok":
            raise KernelError(f"kernel {self.kernel_id}: {reply.error or reply.status}\n--- code ---\n{code[:800]}")
        return reply

    def execute(self, code: str, timeout: float | None = None) -> Reply:
        """Send ``code`` and collect its outputs; if the server drops the websocket (jupyter_server closes it
        when a busy kernel misses its kernel_info deadline), reconnect and send the cell again, as a learner
        re-runs a cell after JupyterLab reconnects. Bounded: three reconnects per cell."""
        for attempt in range(4):
            try:
                return self._execute(code, timeout)
            except (websocket.WebSocketConnectionClosedException, ConnectionError, BrokenPipeError):
                if attempt == 3:
                    raise KernelError(f"kernel {self.kernel_id}: the websocket kept closing") from None
                self.reconnects += 1
                self._connect()
        raise AssertionError("unreachable")

    def _execute(self, code: str, timeout: float | None = None) -> Reply:
        assert self.ws is not None
        msg_id = uuid.uuid4().hex
        message = {
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "learner",
                       "session": self.session_id, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                       "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }
        start = time.perf_counter()
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + (timeout or self.timeout)
        status, idle, texts, error, data = None, False, [], "", []
        while status is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise KernelError(f"kernel {self.kernel_id}: no answer within {timeout or self.timeout:.0f} s")
            self.ws.settimeout(left)
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException as exc:
                raise KernelError(f"kernel {self.kernel_id}: no answer within {timeout or self.timeout:.0f} s") \
                    from exc
            if not isinstance(raw, str):
                continue  # binary frames carry widget buffers we do not need
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg.get("content", {})
            if kind == "execute_reply":
                status = content.get("status", "error")
                if status == "error":
                    error = f"{content.get('ename')}: {content.get('evalue')}"
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                texts.append(content.get("text", ""))
            elif kind in ("execute_result", "display_data"):
                data.append(content.get("data", {}))
                texts.append(content.get("data", {}).get("text/plain", ""))
            elif kind == "error":
                error = f"{content.get('ename')}: {content.get('evalue')}\n" + "\n".join(content.get("traceback", []))
        return Reply(status, "".join(texts), error, time.perf_counter() - start, data)

    def restart(self) -> None:
        """Restart the kernel (JupyterLab's Kernel > Restart) and reconnect once it is back."""
        response = self.http.post(self.server_url + f"api/kernels/{self.kernel_id}/restart", timeout=self.timeout)
        response.raise_for_status()
        self._connect()
        self.run("pass")

    def close(self, shutdown: bool = True) -> None:
        """Close the websocket and (by default) shut the kernel down; never raises."""
        try:
            if self.ws is not None:
                self.ws.close()
        except Exception:  # noqa: BLE001 - closing is best effort, the server may be gone
            pass
        if shutdown:
            try:
                self.http.delete(self.server_url + f"api/sessions/{self.session['id']}", timeout=30)
            except requests.RequestException:
                pass
