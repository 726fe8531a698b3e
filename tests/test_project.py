"""The repository as a newcomer meets it: two commands, pinned requirements, Binder's build plan, lint."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", quick)


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    commands = readme_commands()
    assert len(commands) == 2
    lessons, tests = commands
    assert "jupyter lab" in lessons and "requirements.txt" in lessons
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert tests in ci.splitlines()


def test_requirements_are_pinned_and_install_the_package():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    specs = [line for line in lines if line and not line.startswith("#")]
    assert "-e ." in specs
    for spec in specs:
        assert spec == "-e ." or re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", spec), spec
    names = {spec.split("==")[0].lower() for spec in specs}
    assert {"jupyterlab", "ipywidgets", "pandas", "matplotlib", "pyyaml", "nbclient", "nbformat"} <= names
    dev = [line for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
           if line.strip() and not line.startswith("#")]
    assert dev[0] == "-r requirements.txt"
    assert all("==" in line for line in dev[1:])


def test_runtime_matches_what_pandas_and_pyproject_need():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()


@pytest.mark.skipif(shutil.which("jupyter-repo2docker") is None, reason="jupyter-repo2docker is not installed")
def test_binder_build_plan_uses_python_311_and_our_requirements():
    result = subprocess.run(["jupyter-repo2docker", "--no-build", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=300)
    plan = result.stdout + result.stderr
    assert result.returncode == 0, plan[-2000:]
    assert "python=3.11" in plan
    assert 'pip install --no-cache-dir -r "requirements.txt"' in plan


def test_package_finds_the_project_when_installed_without_editable_mode(tmp_path):
    # Binder also runs a plain `pip install .`: the installed copy lives outside the repository.
    site = tmp_path / "site-packages"
    shutil.copytree(ROOT / "lib" / "pakru", site / "pakru", ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "PAKRU_ROOT"}
    env["PYTHONPATH"] = str(site)
    code = "import pakru.paths as p, pakru.corpus as c; print(p.PROJECT_ROOT); print(len(c.load()))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "notebooks", env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(ROOT), "5"]


def test_ruff_is_clean():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: it is in requirements-dev.txt")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def all_notebooks() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and not any(part.startswith(".") for part in
                                                                      p.relative_to(ROOT).parts))


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebooks_are_valid_and_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs"
    assert json.loads(path.read_text("utf-8"))["nbformat"] == 4
