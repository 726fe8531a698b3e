"""The JupyterLab setting pakru installs (pakru.labsettings): current for the pinned JupyterLab, installed where
JupyterLab reads it, and carried by the student edition. What it does in the browser (arrow keys and letters
stay in a quiz's answer list) is tested in tests/browser/test_quiz_browser.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pakru import labextension
from pakru.labsettings import COMMAND_MODE, PLUGIN, REPO_FILE, SPARED, schemas_dir
from pakru.paths import PROJECT_ROOT

COMMITTED = PROJECT_ROOT / REPO_FILE


def committed() -> list[dict]:
    return json.loads(COMMITTED.read_text("utf-8"))[PLUGIN]["shortcuts"]


def test_the_committed_file_is_what_the_installed_jupyterlab_needs():
    result = subprocess.run([sys.executable, "-m", "pakru", "labsettings", "--check"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_every_arrow_and_letter_a_list_box_uses_is_narrowed_and_nothing_else_changes():
    shortcuts = committed()
    disabled = [s for s in shortcuts if s.get("disabled")]
    added = [s for s in shortcuts if not s.get("disabled")]
    assert all(s["selector"] == COMMAND_MODE for s in disabled)
    assert all(s["selector"] == COMMAND_MODE + SPARED for s in added)
    assert [(s["command"], s["keys"]) for s in disabled] == [(s["command"], s["keys"]) for s in added], \
        "each default is bound again, same command and keys, only with the narrowed selector"
    keys = {k for s in disabled for k in s["keys"]}
    # Read from JupyterLab's own notebook schema, independently of pakru.labsettings' walk over every schema.
    tracker = json.loads((schemas_dir() / "@jupyterlab" / "notebook-extension" / "tracker.json").read_text("utf-8"))
    swallowing = {k for b in tracker["jupyter.lab.shortcuts"] if b["selector"] == COMMAND_MODE for k in b["keys"]}
    assert {"ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "A", "B", "D", "M"} <= swallowing, \
        "the notebook no longer binds these keys in command mode: re-read what the setting is for"
    assert swallowing <= keys


def test_install_puts_it_where_jupyterlab_reads_it(tmp_path):
    """`python -m pakru labsettings --install` (the README's lesson command) into a JupyterLab app folder; then
    jupyterlab_server's own reader of package overrides finds the narrowed shortcuts there. The same command
    installs pakru's extension (pakru.labextension) into this environment's share/jupyter/labextensions,
    where a JupyterLab of this environment looks."""
    from jupyter_core.paths import jupyter_path
    from jupyterlab_server.config import get_federated_extensions
    from jupyterlab_server.settings_utils import _get_overrides  # the function the settings API serves from

    app = tmp_path / "lab"
    env = {**os.environ, "JUPYTERLAB_DIR": str(app)}
    for _ in range(2):  # a second run replaces the file, it does not fail or duplicate it
        result = subprocess.run([sys.executable, "-m", "pakru", "labsettings", "--install"], cwd=PROJECT_ROOT,
                                env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (app / "settings" / "overrides.d").iterdir()) == ["pakru.json"]
    overrides, error = _get_overrides(str(app / "settings"))
    assert not error
    assert overrides[PLUGIN]["shortcuts"] == committed()
    assert labextension.NAME in result.stdout
    found = get_federated_extensions(jupyter_path("labextensions"))
    assert Path(found[labextension.NAME]["ext_path"]).resolve() == (
        labextension.labextensions_dir() / labextension.NAME).resolve()


def test_a_plain_pip_install_carries_it_and_the_extension_as_jupyterlab_data(tmp_path):
    """What Binder and hub images run (`pip install .`) lays the file out under share/jupyter/lab/settings, and
    pakru's extension (pakru.labextension) under share/jupyter/labextensions."""
    target = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                             str(PROJECT_ROOT)], capture_output=True, text=True, timeout=600)
    shutil.rmtree(PROJECT_ROOT / "build", ignore_errors=True)
    assert result.returncode == 0, result.stderr[-2000:]
    installed = target / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "pakru.json"
    assert installed.read_text("utf-8") == COMMITTED.read_text("utf-8")
    extension = target / "share" / "jupyter" / "labextensions" / labextension.NAME
    assert (extension / labextension.INSTALL_JSON.name).is_file()
    (extension / labextension.INSTALL_JSON.name).unlink()
    assert labextension.differences(PROJECT_ROOT / labextension.BUILT, extension) == []


def test_the_student_edition_carries_what_its_image_build_needs(tmp_path):
    """Hub images and a Binder of the edition are built from it: the setting, the extension (not its builder), and
    postBuild (it warms the cache)."""
    out = tmp_path / "edition"
    result = subprocess.run([sys.executable, "-m", "pakru", "exercises", "release", "--out", str(out)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (out / REPO_FILE).read_text("utf-8") == COMMITTED.read_text("utf-8")
    assert "lab-settings/overrides.d/pakru.json" in (out / "pyproject.toml").read_text("utf-8")
    assert labextension.differences(PROJECT_ROOT / labextension.BUILT, out / labextension.BUILT) == []
    assert (out / labextension.INSTALL_JSON).is_file()
    assert not (out / labextension.SOURCE / "node_modules").exists()
    post_build = out / "postBuild"
    assert post_build.read_bytes() == (PROJECT_ROOT / "postBuild").read_bytes()
    assert os.access(post_build, os.X_OK)
