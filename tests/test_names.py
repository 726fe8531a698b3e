"""`kind` has one meaning in the library (issue 18): the catalogue's kind of source.

Every other thing once called `kind` got a name that says what it holds (a question's `question_type`, the site
rule's `compare`, a numeric rule's `form`, the choices' `layout`, a page block's `part`, a removed block's `role`
and `removed_as`, the timeline's `entry`, the schema layer's `FileKind`). The only other uses left are fields of
file formats other rooms read, named here with the reason, so a new `kind` is a decision, not an accident.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pakru

LIB = Path(pakru.__file__).parent

ALLOWED = {
    "sources.py": "the catalogue's kind of source (SourceEntry.kind): the historian's term",
    "lessons.py": "the catalogue's kind of source, in the sources table",
    "site/__init__.py": "the catalogue's kind of source, on the sources page",
    "progress/fileformat.py": "Record.kind, a field of the file format pakru-progress/1",
    "progress/store.py": "Record.kind, a field of the file format pakru-progress/1",
    "quiz/widgets.py": "Record.kind of a saved quiz answer",
    "exercises/session.py": "Record.kind of a saved exercise answer, and the task's kind (exercise file)",
    "gradebook/model.py": "Record.kind as the gradebook reads it",
    "gradebook/review.py": "Record.kind as the gradebook reads it",
    "gradebook/regrade.py": "Record.kind as the gradebook reads it, and the task's kind (exercise file)",
    "gradebook/read/formats.py": "Record.kind as the gradebook reads it",
    "classservice/db.py": "Record.kind, a column of the class service's table of received answers",
    "classservice/summary.py": "Record.kind as the service stored it, read to list a lesson's quiz and exercise apart",
    "usercache.py": "the user cache's kind of entry (owned by another change)",
    "exercises/tasks.py": "the task's kind in the exercise file (code or written)",
    "exercises/check_results.py": "the task's kind, saved with check results in the learner's notebook",
    "exercises/rubrics.py": "the task's kind in the exercise file",
}
"""Files of lib/pakru that may name something ``kind``, and which meaning they use."""


def _uses(tree: ast.AST) -> list[int]:
    """Lines where code names something ``kind`` (a variable, argument, attribute, keyword or dict key), leaving
    out other libraries' own: pandas' ``sort_values(kind=...)`` and numpy's ``dtype.kind``."""
    theirs = {id(k) for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
              and n.func.attr == "sort_values" for k in n.keywords}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "kind" and id(node) not in theirs:
            lines.append(node.value.lineno)
        elif isinstance(node, ast.Name) and node.id == "kind" or isinstance(node, ast.arg) and node.arg == "kind":
            lines.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == "kind" and not (
                isinstance(node.value, ast.Attribute) and node.value.attr == "dtype"
                or isinstance(node.value, ast.Name) and node.value.id == "dtype"):
            lines.append(node.lineno)
        elif isinstance(node, ast.Dict):
            lines += [k.lineno for k in node.keys if isinstance(k, ast.Constant) and k.value == "kind"]
    return sorted(set(lines))


def test_is_kind_named_only_where_it_means_the_kind_of_source_or_a_file_formats_field():
    found = {}
    for path in sorted(LIB.rglob("*.py")):
        relative = path.relative_to(LIB).as_posix()
        lines = _uses(ast.parse(path.read_text("utf-8")))
        if lines and relative not in ALLOWED:
            found[relative] = lines
    assert found == {}, "a `kind` with another meaning: give it a name that says what it holds"


def test_do_the_site_script_and_templates_say_kind_only_for_the_kind_of_source():
    script = (LIB / "render" / "static" / "pakru-site.js").read_text("utf-8")
    assert re.findall(r"\bkind\b", script) == []
    for template in sorted((LIB / "render" / "templates").glob("*.j2")):
        uses = re.findall(r"[\w.]*\bkind\b", template.read_text("utf-8"))
        if template.name == "site_sources.html.j2":  # a source card: the catalogue's kind of source
            assert set(uses) <= {"kind", "s.kind"}, uses
        else:
            assert uses == [], template.name
