"""`python bench/archive.py` runs and prints its ratio table (its figures are read by people, never asserted)."""

from __future__ import annotations

import os
import subprocess
import sys

from pakru.paths import PROJECT_ROOT


def test_the_archive_benchmark_prints_a_ratio_per_size():
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "lib")}
    result = subprocess.run([sys.executable, "bench/archive.py", "--sizes", "20", "40", "--repeat", "1"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [r.split("|")[1].strip() for r in rows] == ["20", "40"]
    assert rows[0].split("|")[3].strip() == "1.00"  # the baseline is the smallest size, taken in the same run
