"""Files validated before come from the user cache as the same typed objects; a changed file is validated again
(its problems reported at their lines), a damaged entry is ignored, and a file with problems is never kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from pakru import usercache
from pakru.lessons import read_lessons
from pakru.quiz.banks import read_yaml_bank
from pakru.schema import CACHE_KIND, read, read_items
from pakru.schema.kinds import file_kinds


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PAKRU_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / CACHE_KIND


def entries(cache: Path) -> list[Path]:
    return sorted(cache.iterdir()) if cache.exists() else []


ITEMS = {"catalogue": "sources", "lessons": "lessons", "events": "events", "gazetteer": "entities",
         "quotes": "quotes"}
"""The file kinds read entry by entry (``read_items``) and the field that holds their entries."""


@pytest.mark.parametrize("name", sorted(set(file_kinds()) - {"bank"}))
def test_are_the_cached_objects_of_every_real_file_those_validation_gives(name, cache):
    file_kind = file_kinds()[name]
    for path in file_kind.files():
        if name in ITEMS:
            fresh, problems = read_items(path, file_kind.model, ITEMS[name])
            again, again_problems = read_items(path, file_kind.model, ITEMS[name])
        else:
            fresh, problems = read(path, file_kind.model)
            again, again_problems = read(path, file_kind.model)
        assert problems == again_problems == [], path
        assert again == fresh and again is not fresh, path
    assert len(entries(cache)) == len(file_kind.files())
    if name in ITEMS:  # each object still knows its lines
        assert [item.line for item in again] == [item.line for item in fresh] and again[0].line > 1


def test_does_a_bank_come_back_the_same(cache, root):
    path = root / "notebooks" / "quizzes" / "02_thaw_2003.yaml"
    fresh, problems = read_yaml_bank(path)
    again, _ = read_yaml_bank(path)
    assert problems == [] and len(entries(cache)) == 1
    assert again == fresh


def test_is_a_file_edited_after_a_first_load_validated_again_with_its_lines(cache, project_copy):
    path = project_copy / "notebooks" / "lessons.yaml"
    lessons, problems = read_lessons(path)
    assert lessons and problems == [] and len(entries(cache)) == 1
    text = path.read_text(encoding="utf-8")
    assert text.count("\n  - id: 02_thaw_2003\n") == 1
    line = text[: text.index("\n  - id: 02_thaw_2003\n")].count("\n") + 2
    path.write_text(text.replace("\n  - id: 02_thaw_2003\n", "\n  - id: 02_thaw_2003\n    colour: red\n"),
                    encoding="utf-8")
    kept, problems = read_lessons(path)
    assert [(p.file.endswith("notebooks/lessons.yaml"), p.line, p.message.split(" (")[0]) for p in problems] == [
        (True, line + 1, "unknown field `colour`")]
    assert "02_thaw_2003" not in {lesson.id for lesson in kept}
    assert len(entries(cache)) == 1, "a file with problems is not kept"


def test_is_a_bank_edited_after_a_first_load_validated_again(cache, project_copy):
    path = project_copy / "notebooks" / "quizzes" / "02_thaw_2003.yaml"
    read_yaml_bank(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: single", "type: singular", 1), encoding="utf-8")
    _, problems = read_yaml_bank(path)
    assert problems and all(p.line and p.file.endswith("02_thaw_2003.yaml") for p in problems)
    assert any("singular" in p.message for p in problems)


def test_is_a_damaged_entry_ignored(cache, project_copy):
    path = project_copy / "data" / "quotes.yaml"
    model = file_kinds()["quotes"].model
    fresh, _ = read_items(path, model, "quotes")
    [entry] = entries(cache)
    # a broken file (the checksum fails), and a whole entry that is not a stored value (it passes the checksum)
    for damage in (lambda: entry.write_bytes(entry.read_bytes()[:200]),
                   lambda: usercache.write(CACHE_KIND, entry.name, b"not a stored value at all")):
        damage()
        again, problems = read_items(path, model, "quotes")
        assert problems == [] and again == fresh
        assert usercache.read(CACHE_KIND, entry.name) != b"not a stored value at all"


class _RunsCode:
    """What a planted pickle does when it is loaded: here, it makes a folder (``marker``)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.mkdir, (str(self.marker),))


def plant(entry: Path, content: bytes) -> None:
    """Write ``content`` into an existing entry as someone else who can write to it would: with a right checksum."""
    import hashlib

    entry.write_bytes(usercache.MAGIC + hashlib.sha256(content).hexdigest().encode("ascii") + b"\n" + content)


def test_does_a_planted_entry_in_a_group_writable_cache_run_nothing(cache, project_copy, tmp_path):
    """A learner's own entry left writable by the group or everyone (mode 664/666) can be rewritten by another
    user; it is never read (as in the shared layer), so its content cannot reach the learner's kernel."""
    import pickle

    path = project_copy / "data" / "quotes.yaml"
    model = file_kinds()["quotes"].model
    fresh, _ = read_items(path, model, "quotes")
    [entry] = entries(cache)
    marker = tmp_path / "the-planted-code-ran"
    for mode in (0o664, 0o666):
        entry.chmod(mode)
        plant(entry, pickle.dumps(_RunsCode(marker)))
        again, problems = read_items(path, model, "quotes")
        assert not marker.exists(), f"a planted pickle ran from a mode {mode:o} entry"
        assert problems == [] and again == fresh


def test_is_no_validated_entry_ever_unpickled(cache, project_copy, tmp_path):
    """Entries are JSON of plain data: even an entry with the user's own owner, mode and checksum runs no code."""
    import json
    import pickle

    path = project_copy / "data" / "events.yaml"
    model = file_kinds()["events"].model
    fresh, _ = read_items(path, model, "events")
    [entry] = entries(cache)
    assert isinstance(json.loads(usercache.read(CACHE_KIND, entry.name)), dict | list)
    marker = tmp_path / "the-planted-code-ran"
    assert usercache.write(CACHE_KIND, entry.name, pickle.dumps(_RunsCode(marker)))
    again, problems = read_items(path, model, "events")
    assert not marker.exists(), "a pickle in the validated cache was loaded"
    assert problems == [] and again == fresh
