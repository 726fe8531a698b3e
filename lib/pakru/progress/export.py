"""Handing in: the learner's latest answers as a CSV (``python -m pakru export``, "Download my results").

Every text cell is neutralised (``csvcell.neutral``) because the file is opened in spreadsheets; the gradebook
reads it back with ``csvcell.restore``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from pakru.csvcell import neutral
from pakru.progress.identity import folder_name, identity
from pakru.progress.store import Store, default_store, learners_in

CSV_COLUMNS = ["learner", "activity", "question", "kind", "correct", "attempts", "score", "max_score",
               "timestamp", "answer", "hub_user", "session"]


def export_csv(path: Path | str, store: Store | None = None) -> Path:
    """Write the learner's latest answers as CSV for handing in; return the path written."""
    store = store or default_store()
    path = Path(path)
    rows = sorted(store.latest().values(), key=lambda r: (r.activity, r.question))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for rec in rows:
            row = {name: getattr(rec, name) for name in CSV_COLUMNS if name != "answer"}
            row["answer"] = json.dumps(rec.answer, ensure_ascii=False)
            row["hub_user"] = rec.hub_user or ""
            writer.writerow({name: neutral(value) for name, value in row.items()})
    return path


def default_export_name(learner: str) -> str:
    """The file ``export`` writes when no ``--out`` is given."""
    return f"pakru-results-{folder_name(learner)}.csv"  # the notebooks' "Download my results" saves this name


def main_export(out: str | None = None, force: bool = False, learner: str | None = None) -> int:
    """What ``python -m pakru export`` runs: say whose answers, write the CSV, report where; return an exit code.

    Refuses (exit 1, one line each) rather than surprise: an empty ``--out``, an existing file without
    ``force``, and a learner with no saved answers (naming the learners who do have answers in that folder).
    """
    if out is not None and not out.strip():
        print("export: --out needs a file name (leave it out to write "
              f"{default_export_name(identity(learner).learner)})", file=sys.stderr)
        return 1
    store = Store(learner=learner) if learner else default_store()
    target = Path(out) if out else Path(default_export_name(store.learner))
    if target.is_dir():
        print(f"export: {target} is a folder; give a file name, e.g. --out {target / target.name}.csv",
              file=sys.stderr)
        return 1
    if target.exists() and not force:
        print(f"export: {target} exists; add --force to replace it, or choose another --out", file=sys.stderr)
        return 1
    latest = store.latest()
    for warning in store.warnings:
        print(warning, file=sys.stderr)
    print(store.identity.describe(), file=sys.stderr if store.identity.guessed else sys.stdout)
    if not latest:
        others = {name: n for name, n in learners_in(store.root).items() if name != store.learner}
        hint = ""
        if others:
            listed = ", ".join(f"{name!r} ({n})" for name, n in list(others.items())[:10])
            hint = (f" Answers in that folder belong to {listed}: run `python -m pakru export --learner NAME` "
                    "or set PAKRU_LEARNER=NAME.")
        print(f"export: no saved answers for learner {store.learner!r} in {store.root}; nothing written.{hint}",
              file=sys.stderr)
        return 1
    try:
        written = export_csv(target, store)
    except (OSError, ValueError) as exc:
        print(f"export: could not write {target}: {exc}", file=sys.stderr)
        return 1
    count = len(latest)
    print(f"wrote {count} answer{'s' if count != 1 else ''} of {store.learner} to {written}")
    print(f"The file is in {written.resolve().parent}. Upload it to your course's assignment in the LMS "
          "(or hand it to your instructor): the instructor's `python -m pakru gradebook` reads it.")
    return 0
