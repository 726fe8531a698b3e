"""Fixtures for driving a real JupyterLab in Debian's headless Chromium (reuse them for lesson tests).

What you get:

- ``lab_server`` (session): JupyterLab on 127.0.0.1, a random free port, a random token,
  ``--LabApp.expose_app_in_browser=True`` (so ``window.jupyterapp`` exists). It serves a temporary
  folder (``lab_server.root``), never the repository, so autosave cannot write outputs into committed
  notebooks. Its kernels see ``PAKRU_PROGRESS_DIR=lab_server.progress_dir`` and
  ``PAKRU_LEARNER=browser-tester``; ``lab_server.reset_progress()`` empties that folder.
  ``lab_server.add(path)`` copies a notebook in and returns its path relative to the served folder.
- ``browser`` (session): Playwright's Chromium launched from ``/usr/bin/chromium``.
- ``lab`` (per test): a fresh page wrapped in :class:`Lab`, with ``open(path)``, ``run_all()``,
  ``cell(i)``, ``scroll_to_cell(i)``, ``output(i)``, ``restart_kernel()`` and ``clear_outputs()``.

Browser tests must be marked ``@pytest.mark.browser``. Without ``/usr/bin/chromium`` they skip and
say why, unless ``PAKRU_REQUIRE_BROWSER=1`` (as in CI), where they fail instead.

Example::

    @pytest.mark.browser
    def test_lesson_runs(lab, lab_server):
        lab.open(lab_server.add(NOTEBOOKS_DIR / "02_thaw_2003.ipynb"))
        lab.run_all()
        lab.scroll_to_cell(3)
        assert "voa-2003" in lab.output(3).inner_text()
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import needs
import pytest

from pakru import labextension, labsettings
from pakru.paths import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
STARTUP_SECONDS = 90
KERNEL_SECONDS = 120
RUN_ALL_SECONDS = 600
TIMED_OUT = "pakru-browser-wait-timed-out"


def _need_browser() -> None:
    """Skip (or, with PAKRU_REQUIRE_BROWSER=1, fail) when Chromium or Playwright is missing."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} not found (install Debian's `chromium` package)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the `playwright` Python package is not installed")
    if missing:
        needs.missing("browser test needs a browser: " + "; ".join(missing), "PAKRU_REQUIRE_BROWSER")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab: where it listens, its token, the folder it serves and its progress folder."""

    url: str
    token: str
    root: Path
    progress_dir: Path
    process: subprocess.Popen
    log: Path
    env: dict = field(default_factory=dict)

    def add(self, notebook: Path, name: str | None = None) -> str:
        """Copy a notebook into the served folder; return its path as JupyterLab names it."""
        target = self.root / (name or Path(notebook).name)
        shutil.copy(notebook, target)
        return target.name

    def write(self, name: str, text: str) -> Path:
        """Write a file into the served folder (e.g. a notebook or bank made by the test)."""
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    def reset_progress(self) -> None:
        """Forget every saved answer (the kernels' PAKRU_PROGRESS_DIR is emptied)."""
        shutil.rmtree(self.progress_dir, ignore_errors=True)
        self.progress_dir.mkdir(parents=True)

    def lab_url(self, path: str = "", workspace: str | None = None) -> str:
        """The address of JupyterLab (in a fresh, reset workspace if named), opening ``path`` if given."""
        base = f"{self.url}/lab" + (f"/workspaces/{workspace}" if workspace else "")
        return f"{base}/tree/{path}?reset&token={self.token}" if path else f"{base}?reset&token={self.token}"


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> LabServer:
    """JupyterLab on 127.0.0.1 with a token, serving a temporary folder (see the module docstring)."""
    _need_browser()
    base = tmp_path_factory.mktemp("lab")
    root, progress, config = base / "served", base / "progress", base / "config"
    for folder in (root, progress, config / "settings", config / "workspaces", config / "runtime"):
        folder.mkdir(parents=True)
    # No "Jupyter news?" toast: it can cover the buttons a test presses.
    notification = config / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}', encoding="utf-8")
    # The JupyterLab setting the README's command installs (pakru.labsettings), in this server's own settings
    # folder: arrow keys and letters in a quiz's answer list stay in the list.
    labsettings.install(PROJECT_ROOT / labsettings.REPO_FILE, config / "app-settings")
    # ... and pakru's JupyterLab extension (pakru.labextension), from its own extensions folder: each quiz
    # question in an output is one group named by its question.
    labextension.install(PROJECT_ROOT, config / "labextensions")
    token = secrets.token_hex(16)
    port = free_port()
    env = dict(os.environ)
    env.update({
        "PAKRU_PROGRESS_DIR": str(progress), "PAKRU_LEARNER": "browser-tester",
        "JUPYTERLAB_SETTINGS_DIR": str(config / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(config / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(config / "runtime"),
    })
    log = base / "jupyterlab.log"
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0",
           f"--LabApp.app_settings_dir={config / 'app-settings'}",
           f"--LabApp.extra_labextensions_path={config / 'labextensions'}",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class="
           "jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers often run as root
    with open(log, "w") as handle:
        process = subprocess.Popen(cmd, env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=root)
    server = LabServer(f"http://127.0.0.1:{port}", token, root, progress, process, log, env)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/api/status?token={token}", timeout=5) as reply:
                json.load(reply)
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                process.terminate()
                pytest.fail(f"JupyterLab did not start in {STARTUP_SECONDS}s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
    yield server
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian, driven by Playwright (never a downloaded browser)."""
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Lab:
    """One browser page on the JupyterLab server, with the few actions notebook tests need."""

    opened = 0
    """Notebooks opened so far: each gets its own JupyterLab workspace, so no tab of an earlier test comes back."""

    def __init__(self, page, server: LabServer):
        self.page = page
        self.server = server
        self.path = ""

    def js(self, script: str, arg=None, seconds: float = KERNEL_SECONDS):
        """Run an async function body with ``app`` (window.jupyterapp), ``nb`` (this notebook's panel) and ``arg``.

        It gives up after ``seconds``: a promise that never settles (a kernel waiting on a dialog) fails the
        test with the dialog's text instead of hanging it.
        """
        wrapped = ("async ([path, arg, ms]) => { const app = window.jupyterapp; "
                   "const nb = Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path);"
                   "const work = (async () => {" + script + "})(); let timer;"
                   "const late = new Promise((_, reject) => { timer = setTimeout("
                   "() => reject(new Error('" + TIMED_OUT + "')), ms); });"
                   "try { return await Promise.race([work, late]); } finally { clearTimeout(timer); } }")
        from playwright.sync_api import Error

        try:
            return self.page.evaluate(wrapped, [self.path, arg, seconds * 1000])
        except Error as exc:
            if TIMED_OUT not in str(exc):
                raise
            pytest.fail(f"{self.path}: `{script.strip()}` did not finish in {seconds:g}s{self._dialog()}",
                        pytrace=False)

    def _dialog(self) -> str:
        """The text of an open JupyterLab dialog (e.g. the kernel picker), to explain a wait that ran out."""
        try:
            texts = self.page.locator(".jp-Dialog").all_inner_texts()
        except Exception as exc:  # noqa: BLE001 - only used to explain a failure already happening
            return f" (the page could not be read: {exc})"
        shown = " / ".join(" ".join(t.split()) for t in texts if t.strip())
        return f"; a dialog is open: {shown!r}" if shown else "; no dialog is open"

    def _wait(self, condition: str, seconds: float, what: str = "") -> None:
        """Wait until a JS expression over ``nb`` (this notebook's panel) is true; fail saying what did not happen."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                "(path) => { const app = window.jupyterapp; const nb = app && Array.from(app.shell.widgets('main'))"
                ".find(w => w.context && w.context.path === path); return !!nb && (" + condition + "); }",
                arg=self.path, timeout=seconds * 1000)
        except PlaywrightTimeout:
            pytest.fail(f"{self.path}: {what or condition} did not happen in {seconds:g}s{self._dialog()}",
                        pytrace=False)

    def open(self, path: str, seconds: float = KERNEL_SECONDS) -> None:
        """Open a notebook (a path inside the served folder) in a fresh workspace; wait until its kernel is idle."""
        self.path = path
        Lab.opened += 1
        self.page.goto(self.server.lab_url(path, workspace=f"test-{Lab.opened}"), timeout=STARTUP_SECONDS * 1000)
        self._wait("true", min(seconds, 60), "the notebook panel opening")
        self._wait("!!nb.sessionContext", min(seconds, 60), "the notebook's session starting")
        self.js("await nb.context.ready; await nb.sessionContext.ready;", seconds=seconds)
        self.wait_idle(seconds)

    def wait_idle(self, seconds: float = KERNEL_SECONDS) -> None:
        """Wait until the kernel exists and is idle."""
        self._wait("nb.sessionContext.session && nb.sessionContext.session.kernel"
                   " && nb.sessionContext.session.kernel.status === 'idle'", seconds, "an idle kernel")

    def run_all(self) -> None:
        """Run every cell (the command a learner uses) and wait until all have run."""
        ok = self.js("return await app.commands.execute('notebook:run-all-cells');", seconds=RUN_ALL_SECONDS)
        assert ok is not False, "notebook:run-all-cells reported a failure (see the cell outputs)"
        self._wait("nb.sessionContext.session.kernel.status === 'idle' && nb.content.widgets"
                   ".filter(c => c.model.type === 'code').every(c => c.model.executionCount !== null)", KERNEL_SECONDS,
                   "every code cell run")

    def clear_outputs(self) -> None:
        """Clear every output (so what is seen next comes from a new run)."""
        self.js("await app.commands.execute('notebook:clear-all-cell-outputs');")

    def restart_kernel(self) -> None:
        """Restart the kernel without the confirmation dialog, and wait until it is idle again."""
        self.js("await nb.sessionContext.session.kernel.restart();")
        self.wait_idle()

    def cell(self, index: int):
        """Locator of cell ``index`` (0-based, markdown cells count)."""
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def scroll_to_cell(self, index: int) -> None:
        """Bring a cell into view: JupyterLab renders long notebooks lazily."""
        self.js("nb.content.activeCellIndex = arg; await nb.content.scrollToItem(arg, 'start');", index)
        self.cell(index).scroll_into_view_if_needed()

    def output(self, index: int):
        """Locator of the output area of cell ``index`` (scroll to it first)."""
        return self.cell(index).locator(".jp-OutputArea")


@pytest.fixture
def lab(browser, lab_server):
    """A fresh browser page (1280×900) on the lab server; closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield Lab(page, lab_server)
    context.close()
