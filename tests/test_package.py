"""`import pakru`: the few names a notebook needs, each real, and nothing heavy imported until used."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pakru


@pytest.mark.parametrize("name", [n for n in pakru.__all__ if n != "__version__"])
def test_does_every_offered_name_resolve(name):
    assert getattr(pakru, name) is not None


def test_is_all_exactly_what_getattr_offers():
    assert set(pakru.__all__) == {"__version__", *pakru._FUNCTIONS, *pakru._MODULES}


def test_are_the_notebook_entry_points_the_librarys_own():
    from pakru import corpus, exercises, show

    assert pakru.load is corpus.load and pakru.show is show and pakru.check is exercises.check


def test_does_an_unknown_name_say_what_there_is():
    with pytest.raises(AttributeError, match="it offers: .*load"):
        pakru.no_such_thing  # noqa: B018


def test_does_import_pakru_leave_pandas_and_matplotlib_unimported():
    code = "import sys, pakru; print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_does_the_readmes_library_in_five_lines_run():
    import re

    from pakru.paths import PROJECT_ROOT

    text = (PROJECT_ROOT / "README.md").read_text("utf-8")
    section = text.split("## The library in five lines", 1)[1]
    code = re.search(r"```python\n(.+?)\n```", section, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - our own README, run as a reader would
    assert "voa-2003 ¶2" in str(namespace["pakru"].show.passage("voa-2003", 2))


def test_does_pyproject_declare_every_package_the_library_imports():
    import ast
    import re
    import tomllib

    from pakru.paths import PROJECT_ROOT

    distribution = {"yaml": "pyyaml", "IPython": "ipython", "pydantic_core": "pydantic"}  # module -> package
    declared = {re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower().replace("_", "-")
                for d in tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]}
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    optional = {re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower().replace("_", "-")  # the class service's extra
                for d in project.get("optional-dependencies", {}).get("classservice", [])}
    imported = set()
    for path in (PROJECT_ROOT / "lib" / "pakru").rglob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
        if "classservice" in path.parts:  # runs beside the hub: its extra may supply what it imports
            found = {m for m in found if distribution.get(m, m).lower().replace("_", "-") not in optional}
        imported |= found
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m not in ("pakru", "__main__")}
    missing = sorted(m for m in third_party if distribution.get(m, m).lower().replace("_", "-") not in declared)
    assert missing == []
