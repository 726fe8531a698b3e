"""Benchmark: each lesson notebook's execution time as a ratio to executing an empty notebook.

    python bench/notebooks.py [--repeat 3] [lesson-id ...]

Both run through the same nbclient setup (fresh python3 kernel, same working folder), so kernel start-up
and client overhead cancel out and the ratio shows the cost of our own code: imports, corpus loading,
figures and widgets. Times are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from pakru.paths import NOTEBOOKS_DIR

LESSONS = sorted(p.stem for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def run(nb: nbformat.NotebookNode) -> float:
    """Seconds to execute a copy of ``nb`` in a fresh kernel, start-up included."""
    copy = nbformat.from_dict(nb)
    client = NotebookClient(copy, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def best(nb: nbformat.NotebookNode, repeat: int) -> float:
    return min(run(nb) for _ in range(repeat))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", default=LESSONS, help="lesson ids (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook; the best is kept")
    args = parser.parse_args(argv)
    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_code_cell("pass")]
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    try:
        floor = best(empty, args.repeat)
        print(f"{'empty notebook':<22} {floor:7.2f} s   1.00x")
        for lid in args.lessons:
            nb = nbformat.read(NOTEBOOKS_DIR / f"{lid}.ipynb", as_version=4)
            seconds = best(nb, args.repeat)
            print(f"{lid:<22} {seconds:7.2f} s  {seconds / floor:5.2f}x")
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        print(f"a notebook failed to run: {type(exc).__name__}: {str(exc)[:500]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
