"""What a bank's questions ask of the learner, counted per bank, so recall does not crowd out source criticism.

Every question may carry ``asks: recall | interpret | compare | evaluate`` (``evaluate`` is source
criticism: who wrote it, when, for whom, what it cannot tell us). ``python -m pakru check`` prints the
mix of every bank and warns when a lesson bank asks mostly for recall or has fewer than two
source-criticism questions, or when a question has no tag yet.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pakru.paths import QUIZZES_DIR
from pakru.problems import Problem
from pakru.quiz.banks import read_yaml_bank
from pakru.quiz.model import ASKS, Bank

LESSON_BANK = re.compile(r"^\d\d_")
"""Lesson banks are named after their lesson notebook (``02_thaw_2003``); demo banks are not held to the goals."""
BEYOND_RECALL = 0.5
"""At least this share of a lesson bank's questions should ask more than recall."""
MIN_EVALUATE = 2
"""A lesson bank should have at least this many source-criticism (``evaluate``) questions."""


def mix(bank: Bank) -> Counter:
    """How many questions ask each thing; ``untagged`` counts questions without ``asks``."""
    counts = Counter({tag: 0 for tag in ASKS})
    counts.update(q.asks or "untagged" for q in bank.questions)
    return counts


def mix_problems(bank: Bank) -> list[Problem]:
    """The bank's mix as one ``info`` line, plus warnings where it falls short of the goals."""
    counts = mix(bank)
    total = len(bank.questions)
    line = ", ".join(f"{counts[tag]} {tag}" for tag in ASKS)
    untagged = [q for q in bank.questions if q.asks is None]
    if untagged:
        line += f", {len(untagged)} untagged"
    found = [Problem(bank.file, f"question mix ({total} questions): {line}", severity="info")]
    if untagged:
        ids = ", ".join(q.id for q in untagged)
        found.append(Problem(bank.file, f"{len(untagged)} question(s) without `asks` ({' | '.join(ASKS)}): {ids}",
                             untagged[0].line, severity="warning"))
    if LESSON_BANK.match(bank.id) and total:
        beyond = total - counts["recall"] - len(untagged)
        if beyond < BEYOND_RECALL * total:
            found.append(Problem(bank.file, f"only {beyond} of {total} questions go beyond recall; a lesson bank "
                                 f"needs at least half (interpret, compare or evaluate)", severity="warning"))
        if counts["evaluate"] < MIN_EVALUATE:
            found.append(Problem(bank.file, f"{counts['evaluate']} source-criticism question(s) (`asks: evaluate`); "
                                 f"a lesson bank needs at least {MIN_EVALUATE}", severity="warning"))
    return found


def check_question_mix(folder: Path | None = None) -> list[Problem]:
    """The mix of every YAML bank in the folder (structural problems are ``check_all_banks``'s job)."""
    folder = folder or QUIZZES_DIR
    if not folder.is_dir():
        return []
    found: list[Problem] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
        bank, _ = read_yaml_bank(path)
        if bank is not None:
            found += mix_problems(bank)
    return found
