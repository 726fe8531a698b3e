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


def test_requirements_are_pinned_and_hold_no_local_path():
    # A local path (`-e .`) is read relative to the folder pip runs in, not to the file: a hub image
    # built elsewhere could not install it. The package is installed by its own step (README, Binder).
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    specs = [line for line in lines if line and not line.startswith("#")]
    for spec in specs:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", spec), spec
    names = {spec.split("==")[0].lower() for spec in specs}
    assert {"jupyterlab", "ipywidgets", "pandas", "matplotlib", "pyyaml", "nbclient", "nbformat"} <= names
    dev = [line for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
           if line.strip() and not line.startswith("#")]
    assert dev[0] == "-r requirements.txt"
    for line in dev[1:]:  # pins, or other pinned files (pip reads -r relative to this file, not the cwd)
        assert "==" in line or (line.startswith("-r ") and (ROOT / line[3:]).is_file()), line


def test_requirements_install_from_any_folder(tmp_path):
    # What a hub image's Dockerfile does: pip install -r /somewhere/requirements.txt, run elsewhere.
    for name in ("requirements.txt", "requirements-dev.txt"):
        result = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "-r",
                                 str(ROOT / name)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]


def test_readme_commands_install_the_package_too():
    lessons, tests = readme_commands()
    for command in (lessons, tests):
        assert re.search(r"pip install -r requirements(-dev)?\.txt -e \. &&", command), command
    # An editable install leaves data files out: the lessons' command installs the JupyterLab setting itself.
    assert "python -m pakru labsettings --install && python -m jupyter lab" in lessons


def test_runtime_matches_what_pandas_and_pyproject_need():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()


@pytest.mark.skipif(shutil.which("jupyter-repo2docker") is None, reason="jupyter-repo2docker is not installed")
def test_binder_build_plan_uses_python_311_our_requirements_and_installs_the_package():
    result = subprocess.run(["jupyter-repo2docker", "--no-build", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=300)
    plan = result.stdout + result.stderr
    assert result.returncode == 0, plan[-2000:]
    assert "python=3.11" in plan
    assert 'pip install --no-cache-dir -r "requirements.txt"' in plan
    # repo2docker installs a package that has pyproject.toml with [project] and [build-system]: that
    # is what makes `import pakru` work on Binder now that requirements.txt holds no `-e .`.
    assert re.search(r"RUN \S*/pip install --no-cache-dir \.$", plan, re.M), plan[-2000:]
    assert "RUN ./postBuild" in plan  # `python -m pakru warm`: the lessons' figures cached in the image


def course_copy(target: Path) -> Path:
    """A course folder (what nbgitpuller pulls into a home): everything but the library."""
    for name in ("seeds", "data", "notebooks", "exercises"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


def run_python(code: str, cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PAKRU_ROOT", "REPO_DIR")}
    env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The package as Binder and hub images install it: a plain (non-editable) `pip install .`."""
    site = tmp_path_factory.mktemp("site-packages")
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                             str(ROOT)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    return site


def test_installed_package_reads_the_course_it_is_started_in(installed, tmp_path):
    home = course_copy(tmp_path / "home" / "pakru-course")
    code = "import pakru.paths as p, pakru.corpus as c; print(p.PROJECT_ROOT); print(len(c.load()))"
    result = run_python(code, home / "notebooks", installed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(home.resolve()), "5"]


def test_a_kernel_in_a_learners_home_reads_that_copy_not_the_package_checkout(tmp_path):
    # The image's copy (an editable checkout with lib/) and the learner's pulled copy both hold a
    # course; the kernel starts in the learner's copy and must read it (their edits, their version).
    home = course_copy(tmp_path / "home" / "course")
    result = run_python("import pakru.paths as p; print(p.course().root)", home / "exercises", ROOT / "lib")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(home.resolve())


def test_commands_outside_any_course_fail_in_one_line_that_says_how_to_fix_it(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PAKRU_ROOT", "REPO_DIR")}
    env["PYTHONPATH"] = str(installed)
    for args in (["check"], ["timeline"], ["gradebook", str(tmp_path)]):
        result = subprocess.run([sys.executable, "-m", "pakru", *args], cwd=tmp_path, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        assert "--course DIR" in lines[0] and str(tmp_path.resolve()) in lines[0]


def test_course_option_before_or_after_the_command(installed, tmp_path):
    home = course_copy(tmp_path / "course")
    env = {k: v for k, v in os.environ.items() if k not in ("PAKRU_ROOT", "REPO_DIR")}
    env["PYTHONPATH"] = str(installed)
    for args in (["--course", str(home), "check"], ["check", "--course", str(home)]):
        result = subprocess.run([sys.executable, "-m", "pakru", *args], cwd=tmp_path, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no errors" in result.stdout
    result = subprocess.run([sys.executable, "-m", "pakru", "check", "--course", str(tmp_path / "nope")],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "is not a course folder" in result.stderr


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
