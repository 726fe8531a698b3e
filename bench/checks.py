"""Benchmark: ``check()`` on a learner's table of growing size, as a ratio to checking the right-sized answer.

    python bench/checks.py [--rows 1000 100000 1000000] [--repeat 3]

Exercise 2, task q1 (a table of quotes compared row by row with the corpus). The right answer has a few
rows; a learner who forgets a condition may hand in a table of a million. Every check first makes the
value plain (``pakru.exercises.learner_values``: an exact-type scan of each column) and then compares; the ratio
shows what a huge table costs over the usual case, measured in the same run.
"""

from __future__ import annotations

import argparse
import tempfile

import numpy as np
from timing import best_of

from pakru.corpus import load
from pakru.exercises import Exercise
from pakru.progress import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = load()
    right = corpus.quotes[corpus.quotes.person_id == "musharraf"][["doc_id", "paragraph", "quote", "speaker"]]
    ex = Exercise("02_thaw_2003", namespace={"musharraf_quotes": right}, corpus=corpus,
                  store=Store(tempfile.mkdtemp(), "bench"))
    assert ex.check("q1").status == "passed"
    base = best_of(args.repeat, lambda: ex.check("q1"))
    print(f"right answer ({len(right)} rows): {base * 1000:.1f} ms (baseline)")
    table = corpus.quotes
    for rows in args.rows:
        ex.namespace["musharraf_quotes"] = table.iloc[np.arange(rows) % len(table)].reset_index(drop=True)
        took = best_of(args.repeat, lambda: ex.check("q1"))
        print(f"{rows:>9,} rows: {took * 1000:8.1f} ms = {took / base:6.1f}x the baseline")


if __name__ == "__main__":
    main()
