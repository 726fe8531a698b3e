"""Ctrl-C while `python -m pakru warm` or `python -m pakru site` executes a lesson: one line, exit 130, and the
lesson's kernel stopped (real commands, real kernels, a real SIGINT)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

COMMANDS = {"warm": ["warm", "00_start_here"],
            "site": ["site", "--out", "{out}", "--repo", "https://example.org/course.git", "--lesson", "00_start_here"]}


def kernels_of(pid: int) -> set[int]:
    """The kernel processes ``pid`` started (its children running ipykernel), from /proc (Linux)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            try:
                if b"ipykernel" in Path(f"/proc/{child}/cmdline").read_bytes():
                    found.add(int(child))
            except OSError:
                continue
    return found


def wait_for(what, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.02)
    pytest.fail("the command never got that far")


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")  # a zombie has ended
    except OSError:
        return True


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the kernels through /proc (Linux)")
@pytest.mark.parametrize("when", ["kernel starting", "cell running"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_is_ctrl_c_while_a_lesson_runs_one_line_and_exit_130(command, when, project_copy, tmp_path):
    """The first lesson's first cell is made to wait (it says when it has started), so the signal comes while
    the lesson is executing; or it comes as soon as the kernel process exists, while nbclient starts it."""
    started = tmp_path / "cell-started"
    lesson = project_copy / "notebooks" / "00_start_here.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(
        f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(300)"))
    nbformat.write(nb, lesson)
    env = {**os.environ, "PAKRU_ROOT": str(project_copy), "PAKRU_CACHE_DIR": str(tmp_path / "cache")}
    args = [a.format(out=tmp_path / "site") for a in COMMANDS[command]]
    # a new session: the signal goes to the command alone, as a terminal's Ctrl-C does (the kernels nbclient
    # starts have sessions of their own); SIGINT as the shell leaves it for a foreground command
    proc = subprocess.Popen([sys.executable, "-m", "pakru", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        kernels = wait_for(lambda: kernels_of(proc.pid))
        if when == "cell running":
            wait_for(started.exists)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, err[-3000:]
    assert "Traceback" not in err and "Error" not in err, err[-3000:]
    lines = [line for line in err.splitlines() if not line.startswith("[")]  # the site's progress bar
    assert lines == [f"pakru {command}: interrupted"], err[-3000:]
    assert wait_for(lambda: all(gone(pid) for pid in kernels), timeout=30), "the lesson's kernel is still running"


def test_does_a_notebook_run_from_inside_a_running_event_loop(tmp_path):
    """As from a notebook cell (the kernel's loop is running): nbclient's own runner is used there."""
    import asyncio

    from pakru import site

    path = tmp_path / "small.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(6 * 7)")]
    nbformat.write(nb, path)

    async def from_a_cell():
        return site.execute(path, tmp_path)

    ran = asyncio.run(from_a_cell())
    assert ran.cells[0].outputs[0]["text"] == "42\n"
    assert site.execute(path, tmp_path).cells[0].outputs[0]["text"] == "42\n"  # and from plain code
