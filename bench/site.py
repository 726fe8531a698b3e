"""Benchmark: building the static site, as a ratio to executing the lessons it is built from.

    python bench/site.py

The baseline is executing every lesson notebook through the same nbclient setup the site uses (a fresh
python3 kernel per lesson, in the notebooks folder), measured in the same run; the site build adds turning
the executed notebooks into pages, the index, the sources and the timeline. The goal is a ratio of about 1.3
or less: the site should cost little more than running the lessons once.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pakru import site
from pakru.lessons import lessons
from pakru.paths import course


def main() -> int:
    root = course().root
    ids = [item.id for item in lessons()]
    start = time.perf_counter()
    for lesson_id in ids:
        site.execute(root / "notebooks" / f"{lesson_id}.ipynb", root / "notebooks")
    executing = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        built = site.build(Path(out), "https://github.com/example-org/pakru", progress=site.progress_printer())
        building = time.perf_counter() - start
    print(f"executing the {len(ids)} lessons   {executing:7.2f} s   1.00x")
    print(f"building the site ({len(built.pages)} pages) {building:7.2f} s   {building / executing:5.2f}x"
          f"   (of which executing inside the build: {built.executing:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
