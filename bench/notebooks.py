"""Benchmark: each lesson notebook's execution time as a ratio to a notebook that only imports the stack.

    python bench/notebooks.py [--repeat 5] [lesson-id ...]

The floor is a notebook whose one cell imports pandas, matplotlib (pyplot) and ipywidgets: what any
lesson on this stack pays before doing anything of its own. Every notebook runs through the same nbclient
setup (fresh python3 kernel, same working folder), so kernel start-up and client overhead are in both
and the ratio shows what our own code adds: pakru's imports, corpus loading, figures and widgets.

Two measures, each as a ratio to the floor: wall-clock time, and CPU time (the kernel's own CPU seconds,
which it reports in a last cell added to each copy, plus this process's CPU spent driving it). On a
machine shared with other work, wall-clock time swings with the load; CPU time is what the notebook
itself costs and barely moves, so it is the figure to compare across runs and machines.

Before measuring, pakru's modules are byte-compiled (``compileall``), as ``pip install`` does for an
installed package and as the floor's libraries already are: with ``PYTHONDONTWRITEBYTECODE=1`` in the
environment, every kernel would otherwise compile pakru from source, a cost no installed copy pays.

Figures a lesson has drawn before come from the user cache (``pakru.usercache``). The benchmark gives the
kernels a cache folder of its own (``PAKRU_CACHE_DIR``): by default one unmeasured pass of every lesson
fills it first, so the rounds measure a lesson run again on the same machine (an instructor's rehearsal
and class, a learner's "Restart and Run All"); ``--cold`` gives every run an empty cache instead, which is
what the very first run of a lesson in a fresh environment costs; ``--image`` fills the shared layer first
(as ``postBuild``'s ``warm --shared`` does in a Binder or hub image) and gives every run an empty user cache:
a learner's first run on a hub whose home volume starts empty.

Runs are interleaved (floor, lesson 0, lesson 1, ..., then again), so a busy machine slows every
notebook of a round alike; each ratio is the median over rounds of the notebook's time divided by the
floor's time in the same round. Goal (issue 11): every lesson at most 1.25x the floor.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

import pakru
from pakru.paths import NOTEBOOKS_DIR

LESSONS = sorted(p.stem for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
FLOOR = "stack imports"
STACK = "import ipywidgets as widgets\nimport matplotlib.pyplot as plt\nimport pandas as pd"
GOAL = 1.25


def floor_notebook() -> nbformat.NotebookNode:
    """The notebook every ratio is taken against: it imports the stack and nothing else."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(STACK)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


KERNEL_CPU = "import os as _os\n_t = _os.times()\nprint(_t.user + _t.system)"
"""The last cell of every measured copy: the kernel prints the CPU seconds it has used."""


@contextlib.contextmanager
def local_kernel() -> Iterator[KernelManager]:
    """A python3 kernel manager talking over local sockets (IPC), not TCP; the kernel is shut down after.

    Why: over TCP without encryption, ipykernel prints a transport warning at every start, once per run;
    a benchmark's output should be its figures. IPC sockets are files in a private temporary folder, so the
    warning's concern does not arise. nbclient leaves a kernel it did not start running, so it is shut
    down here (else each prints "Parent appears to have exited" when the benchmark ends).
    """
    with tempfile.TemporaryDirectory(prefix="pakru-bench-kernel-") as folder:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(folder, "kernel"))
        try:
            yield km
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=False)
            km.cleanup_resources()


def run(nb: nbformat.NotebookNode) -> tuple[float, float]:
    """Wall-clock and CPU seconds to execute a copy of ``nb`` in a fresh kernel, start-up included."""
    copy = nbformat.from_dict(nb)
    copy.cells.append(nbformat.v4.new_code_cell(KERNEL_CPU))
    with local_kernel() as km:
        client = NotebookClient(copy, kernel_name="python3", timeout=300, km=km,
                                resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
        start, driving = time.perf_counter(), time.process_time()
        client.execute()
        wall, driving = time.perf_counter() - start, time.process_time() - driving
    kernel = float(copy.cells[-1].outputs[-1]["text"])
    return wall, kernel + driving


def measure(notebooks: dict[str, nbformat.NotebookNode], repeat: int,
            mode: str = "warm") -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds per notebook per round; every round runs the floor first, then each notebook once.

    The kernels' caches are folders of this run's own. ``warm``: the user cache is filled by one unmeasured
    pass first. ``cold``: every run has an empty user cache and no shared layer. ``image``: one unmeasured
    pass fills the shared layer (as an image build's ``warm --shared`` does), then every run has an empty
    user cache of its own (a hub learner's first run, their home volume empty).
    """
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in notebooks}
    with tempfile.TemporaryDirectory(prefix="pakru-bench-cache-") as cache:
        shared = os.path.join(cache, "shared-layer")
        os.environ["PAKRU_SHARED_CACHE"] = shared  # never this environment's own layer
        os.environ["PAKRU_CACHE_DIR"] = shared if mode == "image" else cache  # a kernel inherits this process's env
        if mode != "cold":
            for name, nb in notebooks.items():
                if name != FLOOR:
                    run(nb)
        for round_ in range(1, repeat + 1):
            for name, nb in notebooks.items():
                if mode != "warm":
                    os.environ["PAKRU_CACHE_DIR"] = tempfile.mkdtemp(dir=cache)
                times[name].append(run(nb))
            print(f"round {round_}/{repeat}: " + ", ".join(f"{n} {t[-1][0]:.2f}s/{t[-1][1]:.2f}s cpu"
                                                       for n, t in times.items()), file=sys.stderr, flush=True)
    return times


def table(times: dict[str, list[tuple[float, float]]]) -> str:
    """Median seconds and the median of per-round ratios to the floor, wall-clock and CPU, one line per notebook."""
    floor = times[FLOOR]
    lines = [f"{'notebook':<18} {'wall':>7} {'ratio':>6} {'cpu':>7} {'ratio':>6}   "
             f"(medians of {len(floor)} rounds; goal <= {GOAL}x)"]
    for name, runs in times.items():
        ratios = [statistics.median(r[k] / f[k] for r, f in zip(runs, floor, strict=True)) for k in (0, 1)]
        mark = "" if name == FLOOR or max(ratios) <= GOAL else "  over goal"
        wall, cpu = (statistics.median(r[k] for r in runs) for k in (0, 1))
        lines.append(f"{name:<18} {wall:6.2f}s {ratios[0]:5.2f}x {cpu:6.2f}s {ratios[1]:5.2f}x{mark}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", default=LESSONS, help="lesson ids (default: all)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; each notebook's median is kept")
    caches = parser.add_mutually_exclusive_group()
    caches.add_argument("--cold", action="store_true",
                        help="an empty user cache for every run (a lesson's first run in a fresh environment)")
    caches.add_argument("--image", action="store_true",
                        help="the shared layer filled first, an empty user cache for every run (a hub learner's "
                             "first run in an image built with postBuild)")
    args = parser.parse_args(argv)
    compileall.compile_dir(Path(pakru.__file__).parent, quiet=1)  # bytecode as an installed copy has it
    notebooks = {FLOOR: floor_notebook()}
    notebooks |= {lid: nbformat.read(NOTEBOOKS_DIR / f"{lid}.ipynb", as_version=4) for lid in args.lessons}
    try:
        mode = "cold" if args.cold else "image" if args.image else "warm"
        times = measure(notebooks, args.repeat, mode)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        print(f"a notebook failed to run: {type(exc).__name__}: {str(exc)[:500]}", file=sys.stderr)
        return 1
    print({"cold": "user cache: empty for every run, no shared layer (--cold)",
           "image": "shared layer filled by a first unmeasured pass, user cache empty for every run (--image)",
           "warm": "user cache: filled by a first unmeasured pass"}[mode])
    print(table(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
