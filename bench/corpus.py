"""Benchmark: loading and structuring the corpus, as a ratio to simply reading the same files.

    python bench/corpus.py [--sizes 100 1000 10000] [--repeat 3]

For the real corpus and synthetic corpora made from the seeds under new ids, it prints the
time to load + clean + build every table (paragraphs, quotes, entities, events, timeline),
divided by the time to read and decode the same files. The last line gives the growth from
1,000 to 10,000 documents: close to 10x means the work grows linearly with the corpus.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from timing import best_of

from pakru.corpus import Corpus
from pakru.paths import DATA_DIR, SEEDS_DIR
from pakru.sources import read_catalogue


def read_only(seeds: Path) -> None:
    """The floor: read and decode every text file, nothing else."""
    for path in seeds.glob("*.txt"):
        path.read_bytes().decode("utf-8")


def structure(seeds: Path) -> int:
    """Everything a lesson needs: load, clean and build every table."""
    corpus = Corpus.load(seeds, DATA_DIR)
    tables = (corpus.paragraphs, corpus.quotes, corpus.entities, corpus.events, corpus.timeline)
    return sum(len(t) for t in tables)


def synthetic(folder: Path, size: int) -> Path:
    """A seeds folder of ``size`` documents cycling through the real seeds, each under a new id."""
    seeds = folder / f"seeds-{size}"
    seeds.mkdir()
    entries, _ = read_catalogue(SEEDS_DIR)
    lines = ["sources:"]
    for i in range(size):
        entry = entries[i % len(entries)]
        name = f"{i:06d}_{entry.file}"
        shutil.copyfile(SEEDS_DIR / entry.file, seeds / name)
        lines += [f"  - id: syn-{i:06d}", f"    file: {name}", f"    title: {entry.title!r}",
                  f"    publisher: {entry.publisher!r}", f"    kind: {entry.kind!r}", f"    date: '{entry.date}'",
                  "    date_basis: stated", "    publisher_basis: stated", f"    era: {entry.era}"]
    (seeds / "catalogue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return seeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'corpus':>12} {'docs':>7} {'read (s)':>10} {'structure (s)':>14} {'ratio':>8}")
    per_size: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("real", SEEDS_DIR)] + [("synthetic", synthetic(Path(tmp), n)) for n in args.sizes]
        for label, seeds in cases:
            docs = len(list(seeds.glob("*.txt")))
            repeat = args.repeat if docs <= 1000 else 1
            read = best_of(repeat, read_only, seeds)
            built = best_of(repeat, structure, seeds)
            per_size[docs] = built
            print(f"{label:>12} {docs:>7} {read:>10.4f} {built:>14.4f} {built / read:>8.1f}")
    if 1000 in per_size and 10000 in per_size:
        growth = per_size[10000] / per_size[1000]
        print(f"growth from 1,000 to 10,000 documents: {growth:.1f}x (linear would be 10x)")


if __name__ == "__main__":
    main()
