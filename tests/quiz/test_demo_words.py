"""Counts in the quiz demo's words: none typed where the data can say it, and a test where it cannot.

"five sources" typed in prose goes wrong with a sixth source. The demo notebook and the jupyterquiz sample bank
say "our sources"; the package description in pyproject.toml cannot be computed, so it is checked here.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from pakru.paths import NOTEBOOKS_DIR, QUIZZES_DIR
from pakru.wording import counted

COUNT = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+) (news )?(sources|texts|themes)\b",
                   re.IGNORECASE)


@pytest.mark.parametrize("path", [NOTEBOOKS_DIR / "quiz_demo.md", QUIZZES_DIR / "jupyterquiz_sample.json",
                                  QUIZZES_DIR / "demo.yaml"])
def test_the_demo_types_no_count_of_sources(path):
    assert COUNT.findall(path.read_text("utf-8")) == [], path.name


def test_the_package_description_counts_the_catalogues_sources(corpus):
    project = tomllib.loads((NOTEBOOKS_DIR.parent / "pyproject.toml").read_text("utf-8"))["project"]
    said = [m.group(0) for m in COUNT.finditer(project["description"])]
    assert said == [counted(len(corpus.documents), "news sources")], "pyproject.toml: the description's count"
