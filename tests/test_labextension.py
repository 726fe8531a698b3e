"""pakru's JupyterLab extension (pakru.labextension): the committed build is what its source builds to, it is
installed where JupyterLab finds prebuilt extensions (by the README's command, `pip install .` and the student
edition too: tested with the shortcut setting in tests/test_labsettings.py). What it does in the
browser (each question one group named by its question) is tested in tests/browser/test_quiz_browser.py.

Rebuilding needs Node.js and the pinned builder (``npm ci --prefix lab-extension``, run by .ci/run); where they
are missing these tests skip, and fail instead when ``PAKRU_REQUIRE_NODE=1`` (set by .ci/run).
"""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import needs

from pakru import labextension
from pakru.labextension import BUILDER, BUILT, NAME, SOURCE, SOURCE_FILES
from pakru.paths import PROJECT_ROOT


def need_builder() -> None:
    missing = [what for what, ok in (("node", shutil.which("node")),
                                     (str(SOURCE / BUILDER), (PROJECT_ROOT / SOURCE / BUILDER).exists())) if not ok]
    if missing:
        needs.missing(f"{', '.join(missing)} missing: install Node.js, run `npm ci --prefix {SOURCE}` (.ci/run does)",
                      "PAKRU_REQUIRE_NODE")


def course_copy(tmp_path: Path) -> Path:
    """The extension's source and committed build in a folder of their own (the builder linked, not copied)."""
    root = tmp_path / "course"
    (root / SOURCE).mkdir(parents=True)
    for name in SOURCE_FILES:
        shutil.copy2(PROJECT_ROOT / SOURCE / name, root / SOURCE / name)
    (root / SOURCE / "node_modules").symlink_to(PROJECT_ROOT / SOURCE / "node_modules")
    shutil.copytree(PROJECT_ROOT / BUILT, root / BUILT)
    return root


def test_the_committed_build_is_what_the_source_builds_to():
    need_builder()
    result = subprocess.run([sys.executable, "-m", "pakru", "labextension", "--check"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_the_check_notices_a_source_changed_since_the_build(tmp_path):
    need_builder()
    root = course_copy(tmp_path)
    assert labextension.stale(root) == [], "a copy elsewhere builds to the same bytes (no absolute path in ids)"
    index = root / SOURCE / "index.js"
    index.write_text(index.read_text("utf-8").replace("'pakru-prompt-'", "'pakru-label-'"), encoding="utf-8")
    changed = labextension.stale(root)
    assert "package.json" in changed  # it names the new entry file
    assert any(name.startswith("static/") and name.endswith(".js") for name in changed)


def test_the_built_extension_is_the_plugin_its_source_declares():
    built = json.loads((PROJECT_ROOT / BUILT / "package.json").read_text("utf-8"))
    source = json.loads((PROJECT_ROOT / SOURCE / "package.json").read_text("utf-8"))
    assert built["name"] == source["name"] == NAME
    assert (PROJECT_ROOT / BUILT / built["jupyterlab"]["_build"]["load"]).is_file()
    index = (PROJECT_ROOT / SOURCE / "index.js").read_text("utf-8")
    chunks = "".join(p.read_text("utf-8") for p in (PROJECT_ROOT / BUILT / "static").glob("*.js"))
    for marker in ("pakru-question", "pakru-prompt", "aria-labelledby", "pakru-question-groups:plugin"):
        assert marker in index and marker in chunks


def test_install_puts_it_where_jupyterlab_finds_prebuilt_extensions(tmp_path):
    """Installed twice (the second replaces the first), then found by jupyterlab_server's own reader, the one
    JupyterLab's page is built from."""
    from jupyterlab_server.config import get_federated_extensions

    folder = tmp_path / "labextensions"
    for _ in range(2):
        installed = labextension.install(PROJECT_ROOT, folder)
    assert sorted(p.name for p in folder.iterdir()) == [NAME], "no temporary or old copy left beside it"
    found = get_federated_extensions([str(folder)])
    load = found[NAME]["jupyterlab"]["_build"]["load"]  # the script JupyterLab's page will load
    assert (Path(found[NAME]["ext_path"]) / load).is_file()
    assert found[NAME]["install"]["packageName"] == "pakru"
    for path in (PROJECT_ROOT / BUILT).rglob("*"):
        if path.is_file():
            copy = installed / path.relative_to(PROJECT_ROOT / BUILT)
            assert copy.read_bytes() == path.read_bytes()
            assert stat.S_IMODE(copy.stat().st_mode) == 0o644, "read by every user of the environment"
