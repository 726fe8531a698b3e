"""How reading an LMS bulk download grows with the class: time per member, as a ratio, in one run.

    python bench/archive.py                    # 1,000 and 10,000 members
    python bench/archive.py --sizes 1000 2000 10000

Why ratios: the machine is shared, so a wall-clock figure says little from one run to the next. The
baseline is taken in the same run (the smallest size), and each larger archive is reported as time per
member relative to it: about 1.0 means reading grows linearly; 5 at ten times the members means it grows
with the square (as it did when every member reopened the archive: 2,002 members took 11 s).

Each archive holds N small progress files written by the real store, under Canvas names, read by
``pakru.gradebook.read.archive.from_archive`` (the read stage only: no re-grading). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))

from pakru.gradebook.read.archive import from_archive  # noqa: E402
from pakru.progress import Store  # noqa: E402


def make_archive(folder: Path, members: int) -> Path:
    """``members`` Canvas submission files, each one learner's progress file with a quiz answer.

    One file is written by the real store; the others are that file with the learner and session renamed.
    """
    store = Store(folder / "stores", learner="learner00000", session="s00000")
    store.record("02_thaw_2003", "visit-gap", kind="quiz", answer=["33 years"], correct=True)
    template = store.path.read_text("utf-8")
    path = folder / f"canvas-{members}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(members):
            text = template.replace("learner00000", f"learner{n:05d}").replace("s00000", f"s{n:05d}")
            archive.writestr(f"learner{n:05d}_{10_000 + n}_{90_000 + n}_pakru-results.json", text)
    return path


def per_member(path: Path, members: int, repeat: int) -> float:
    """Best of ``repeat`` runs of the read stage, in seconds per member."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        handed = from_archive(path, "canvas")
        best = min(best, time.perf_counter() - start)
        assert len(handed.owners) == members, handed.problems[:3]
    return best / members


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000], help="members per archive")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (the best counts)")
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"building archives of {', '.join(f'{n:,}' for n in sizes)} members …", file=sys.stderr)
        archives = {n: make_archive(folder, n) for n in sizes}
        per_member(archives[sizes[0]], sizes[0], 1)  # warm up (imports, caches) before the baseline
        base = None
        print("| members | per member (ms) | ratio to the baseline |")
        print("|---:|---:|---:|")
        for n in sizes:
            seconds = per_member(archives[n], n, args.repeat)
            base = base or seconds
            print(f"| {n:,} | {seconds * 1000:.3f} | {seconds / base:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
