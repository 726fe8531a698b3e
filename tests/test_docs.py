"""The map a newcomer reads (docs/architecture.md) stays short and true: every file it points at exists."""

from __future__ import annotations

import re

from pakru.paths import PROJECT_ROOT

MAP = PROJECT_ROOT / "docs" / "architecture.md"
CHANGES = ["a new question type", "a catalogue field shown on the site", "the wrong-answer wording",
           "a lesson's prose", "a highlight colour", "the LMS column title", "the check time limit",
           "a sixth source", "the progress folder on a hub", "a search box on the site"]


def test_the_map_reads_in_five_minutes():
    assert len(MAP.read_text("utf-8").splitlines()) <= 200


def test_the_map_says_where_each_kind_of_change_goes():
    rows = [line for line in MAP.read_text("utf-8").splitlines() if line.startswith("| ")]
    for change in CHANGES:
        assert any(row.startswith(f"| {change} |") for row in rows), change


def test_every_file_the_map_names_exists():
    """A path in backticks (`lib/pakru/render/pakru.css`, `render/templates/x.html.j2`) names a real file."""
    text = MAP.read_text("utf-8")
    named = set(re.findall(r"`([\w./-]+\.(?:py|css|js|j2|md|yaml|toml|json))`", text))
    roots = [PROJECT_ROOT, PROJECT_ROOT / "lib" / "pakru", PROJECT_ROOT / "lib" / "pakru" / "render"]
    missing = sorted(name for name in named
                     if "*" not in name and not any((root / name).exists() for root in roots)
                     and not name.endswith(("pakru_config.py", "pakru_config.json")))  # a user's file
    assert len(named) > 20 and missing == []
