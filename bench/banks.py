"""Benchmark: loading a large question bank, as a ratio to parsing the same file with no checks at all.

    python bench/banks.py [--questions 14000] [--repeat 1]

A synthetic YAML bank is made by repeating the questions of every project bank under new ids (real
prompts, options, evidence and chronologies), and a jupyterquiz JSON bank of the same number of
questions from notebooks/quizzes/jupyterquiz_sample.json. For each it prints the time to load and
fully check it (``pakru.quiz.check_bank``: lines kept for problems, every field validated, evidence
found in the corpus) divided by the time of the floor measured in the same run: ``yaml.load`` with
PyYAML's C loader (no lines, no checks) for YAML, ``json.loads`` for JSON. The pure-Python
``yaml.SafeLoader`` on the same file is printed too, for scale. It also prints the peak memory of a
fresh process loading the YAML bank. 14,000 questions make about 9.5 MB,
the size of the bank that took 104 s and 768 MB with the pure-Python loader.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from timing import best_of

from pakru.corpus import load
from pakru.paths import QUIZZES_DIR
from pakru.quiz import check_bank


def synthetic_yaml(folder: Path, count: int) -> Path:
    """A bank of ``count`` questions cycling through every project bank's questions, each under a new id."""
    blocks = []
    for path in sorted(QUIZZES_DIR.glob("*.yaml")):
        text = path.read_text("utf-8")
        body = text[text.index("questions:\n") + len("questions:\n"):]
        blocks += [b for b in re.split(r"(?m)^(?=  - id: )", body) if b.startswith("  - id: ")]
    out = ["id: big", "title: A large synthetic bank", "questions:"]
    for n in range(count):
        block = blocks[n % len(blocks)]
        out.append(re.sub(r"^  - id: \S+", f"  - id: q{n:06d}", block, count=1).rstrip("\n"))
    path = folder / "big.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def synthetic_json(folder: Path, count: int) -> Path:
    sample = json.loads((QUIZZES_DIR / "jupyterquiz_sample.json").read_text("utf-8"))
    path = folder / "big.json"
    path.write_text(json.dumps([sample[n % len(sample)] for n in range(count)], indent=2), encoding="utf-8")
    return path


def checked(path: Path, corpus) -> None:
    bank, problems = check_bank(path, corpus)
    errors = [p for p in problems if p.severity == "error"]
    if bank is None or errors:
        raise SystemExit(f"the synthetic bank has problems: {errors[:3]}")


PEAK = """
import sys
from pathlib import Path
from pakru.corpus import load
from pakru.quiz import check_bank
corpus = load()
corpus.events  # what a bank check reads from the corpus, so the baseline holds it too
if sys.argv[1] != "-":
    check_bank(Path(sys.argv[1]), corpus)
# VmHWM, not ru_maxrss: a child started from this (large) benchmark process inherits its ru_maxrss
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def peak_kb(bank: str) -> int:
    """Peak memory (KB) of a fresh process that loads the corpus and, unless ``bank`` is "-", checks the bank."""
    return int(subprocess.run([sys.executable, "-c", PEAK, bank], check=True, capture_output=True,
                              text=True).stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=14000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    corpus = load()
    with tempfile.TemporaryDirectory() as tmp:
        big = synthetic_yaml(Path(tmp), args.questions)
        text = big.read_text("utf-8")
        size = big.stat().st_size / 1e6
        c_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        floor = best_of(args.repeat, yaml.load, text, c_loader)
        pure = best_of(args.repeat, yaml.load, text, yaml.SafeLoader)
        ours = best_of(args.repeat, checked, big, corpus)
        print(f"YAML bank: {args.questions} questions, {size:.1f} MB")
        print(f"  floor  yaml.load, C loader, no checks   {floor:7.2f} s   1.00x")
        print(f"  pure   yaml.load, SafeLoader, no checks {pure:7.2f} s   {pure / floor:.2f}x")
        print(f"  pakru  check_bank (lines, fields, evidence) {ours:7.2f} s   {ours / floor:.2f}x")
        before, after = peak_kb("-"), peak_kb(str(big))
        print(f"  memory: peak {after / 1024:.0f} MB for a process checking it, {before / 1024:.0f} MB for one "
              "that only loads the corpus")
        small = synthetic_json(Path(tmp), args.questions)
        raw = small.read_text("utf-8")
        floor = best_of(args.repeat, json.loads, raw)
        ours = best_of(args.repeat, checked, small, corpus)
        print(f"jupyterquiz JSON bank: {args.questions} questions, {small.stat().st_size / 1e6:.1f} MB")
        print(f"  floor  json.loads       {floor:7.2f} s   1.00x")
        print(f"  pakru  check_bank       {ours:7.2f} s   {ours / floor:.2f}x")


if __name__ == "__main__":
    main()
