"""`python -m pakru warm` (Binder's postBuild) runs lessons once so a later process finds their work cached."""

from __future__ import annotations

import os
import subprocess
import sys

from pakru.paths import PROJECT_ROOT


def test_does_warm_fill_the_cache_a_later_kernel_uses(tmp_path, monkeypatch):
    """A second run (a new kernel, as a learner's session after Binder's build) finds the figure the first drew.

    Asked of a new kernel, not of this test process: pytest's process has matplotlib settings other tests
    changed, and different settings rightly name a different figure.
    """
    cache = tmp_path / "cache"
    monkeypatch.setenv("PAKRU_CACHE_DIR", str(cache))

    def warm() -> None:
        result = subprocess.run([sys.executable, "-m", "pakru", "warm", "00_start_here"], capture_output=True,
                                text=True, timeout=600, cwd=PROJECT_ROOT)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "warm: 00_start_here" in result.stdout

    warm()
    assert {p.name for p in cache.iterdir()} == {"figures", "templates", "validated"}
    made = {p: p.stat().st_mtime_ns for p in (cache / "figures").iterdir()}
    assert len(made) == 1  # lesson 0 has one figure
    warm()
    assert {p: p.stat().st_mtime_ns for p in (cache / "figures").iterdir()} == made, \
        "the second kernel drew the figure again instead of reading the first one's"


def test_does_warm_name_the_lessons_when_given_one_it_does_not_know():
    result = subprocess.run([sys.executable, "-m", "pakru", "warm", "99_nope"], capture_output=True, text=True,
                            cwd=PROJECT_ROOT)
    assert result.returncode != 0 and "no lesson '99_nope'" in result.stderr and "00_start_here" in result.stderr


def test_does_binder_run_warm_while_building_and_go_on_if_it_fails():
    post_build = PROJECT_ROOT / "postBuild"
    assert os.access(post_build, os.X_OK)
    commands = [line for line in post_build.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    assert commands == ["set -u", 'python -m pakru warm --shared || echo "postBuild: pakru warm did not finish; '
                        'lessons will fill the cache when first run"']


def test_is_the_kernels_own_log_shown_only_when_a_lesson_does_not_run(project_copy, tmp_path):
    """A kernel's log (its stderr: ipykernel's start-up warnings) is noise while lessons run; when a kernel dies,
    it is what says why, so the lesson's message carries it."""
    import nbformat

    env = {**os.environ, "PAKRU_ROOT": str(project_copy), "PAKRU_CACHE_DIR": str(tmp_path / "cache")}
    worked = subprocess.run([sys.executable, "-m", "pakru", "warm", "00_start_here"], capture_output=True, text=True,
                            timeout=600, env=env)
    assert worked.returncode == 0 and worked.stderr == "", worked.stderr[-2000:]
    lesson = project_copy / "notebooks" / "00_start_here.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell("import os\nos.write(2, b'the last words of the kernel\\n')\n"
                                                 "os._exit(3)"))
    nbformat.write(nb, lesson)
    died = subprocess.run([sys.executable, "-m", "pakru", "warm", "00_start_here"], capture_output=True, text=True,
                          timeout=600, env=env)
    assert died.returncode == 1 and "Traceback" not in died.stderr
    assert died.stderr.startswith("warm: 00_start_here.ipynb did not run: DeadKernelError: Kernel died")
    assert died.stderr.splitlines()[-1] == "the last words of the kernel"
