"""``python -m pakru warm``: run each lesson once so the user cache holds what its first run would make.

A lesson's first run in a fresh environment draws its figures, validates the curated files and its bank and
compiles its templates, then keeps them in the user cache (``pakru.usercache``); a second run reads them,
which is what brings a lesson near the cost of importing the stack (docs/architecture.md, "Speed").
Binder starts every session from its image, so without this every session would be a first run: the
repository's ``postBuild`` runs this command while the image is built, and the cache it fills is part of
the image (same user, same folders, same package, so the same entry names).

The lessons run as ``pakru.site.execute`` runs them (a fresh kernel each, in the notebooks folder); their
outputs are thrown away, and quiz progress goes to a temporary folder, never the learner's.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def lesson_notebooks(notebooks: Path, only: list[str] | None = None) -> list[Path]:
    """The lesson notebooks (``NN_*.ipynb``), or the ones named in ``only``; an unknown name is an error."""
    found = sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
    if not only:
        return found
    by_name = {p.stem: p for p in found}
    unknown = [name for name in only if name not in by_name]
    if unknown:
        raise SystemExit(f"pakru warm: no lesson {', '.join(map(repr, unknown))}; lessons: {', '.join(by_name)}")
    return [by_name[name] for name in only]


def main(only: list[str] | None = None, shared: bool = False) -> int:
    """Run the lessons (all, or ``only``), printing one line each; non-zero if any did not run.

    ``shared``: fill the shared layer (``usercache.shared_folder``) instead of the user's own cache, as an
    image build does, so every user of the image finds the lessons' work there.
    """
    from pakru import settings, usercache
    from pakru.paths import NOTEBOOKS_DIR
    from pakru.site import SiteError, execute, scratch_progress

    failed = 0
    into = {settings.env_name("cache_dir"): str(usercache.shared_folder())} if shared else {}
    with scratch_progress("pakru-warm", **into):  # quiz answers to a temporary folder; the kernels inherit this
        for path in lesson_notebooks(NOTEBOOKS_DIR, only):
            start = time.perf_counter()
            try:
                execute(path, path.parent)
            except SiteError as exc:
                failed += 1
                print(f"warm: {exc}", file=sys.stderr)
                continue
            print(f"warm: {path.stem} ({time.perf_counter() - start:.1f} s)")
    where = usercache.shared_folder() if shared else usercache.folder()
    print(f"warm: cache in {where}" + (f"; {failed} lesson(s) did not run" if failed else ""))
    return 1 if failed else 0
