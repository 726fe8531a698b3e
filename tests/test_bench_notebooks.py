"""`python bench/notebooks.py` prints its figures and nothing else (issue #21: a kernel transport warning per run)."""

from __future__ import annotations

import os
import subprocess
import sys

from pakru.paths import PROJECT_ROOT


def test_the_notebook_benchmark_prints_no_kernel_warnings():
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "lib")}
    result = subprocess.run([sys.executable, "bench/notebooks.py", "--repeat", "1", "--cold", "00_start_here"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "00_start_here" in result.stdout
    noise = [line for line in result.stderr.splitlines() if not line.startswith("round ")]  # progress: stderr
    assert noise == [], result.stderr
