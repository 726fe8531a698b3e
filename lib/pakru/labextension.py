"""The JupyterLab extension pakru ships: each quiz question in a notebook output is one named group.

Why an extension: a question's answer is stock ipywidgets (a list box, check boxes, drop-downs, text fields),
checked in Python. No stock widget can group controls under a question (HTML's ``fieldset`` and ``legend``,
or ``role="group"`` named by ``aria-labelledby``): widget containers take no ARIA attributes, and the
description sanitizer strips ``role``. So a screen reader reaching the third check box of a multiple-choice
question heard its option but not the question it answers. The extension is a few lines of plain JavaScript
(``lab-extension/index.js``) that give each box the kernel marks ``pakru-question`` the role "group" and
name it by the prompt inside it (``pakru-prompt``). It adds no control, never reads an answer and talks to
no kernel or server: the quiz stays stock ipywidgets, and nothing is injected into an output. Where it is
not installed (another notebook front end), every control keeps its own name (``widgets.answer_label``).

Where it lives:

- ``lab-extension/index.js`` and ``package.json``: the source, with ``@jupyterlab/builder`` pinned in
  ``package-lock.json`` (installed with ``npm ci --prefix lab-extension``; only to build, never to run);
- ``lab-extension/pakru-question-groups/``: the built extension, committed, so that installing pakru needs
  no Node.js. ``python -m pakru labextension`` rebuilds it; ``--check`` (run by the tests) rebuilds it in a
  temporary folder and fails if the committed one differs;
- installed into ``<prefix>/share/jupyter/labextensions/pakru-question-groups/``, where JupyterLab finds
  prebuilt extensions: by ``pip install .`` (pyproject ``data-files``: Binder and hub images) and by
  ``python -m pakru labsettings --install`` (the README's lesson command; editable installs leave data
  files out).
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NAME = "pakru-question-groups"
SOURCE = Path("lab-extension")
"""The extension's source folder in the repository."""
BUILT = SOURCE / NAME
"""The built extension, as JupyterLab loads it (the builder's ``outputDir``)."""
INSTALL_JSON = SOURCE / "install.json"
"""Tells JupyterLab's extension list which package installed it (copied in beside the built files)."""
SOURCE_FILES = ("package.json", "package-lock.json", "index.js", "webpack.config.js")
BUILDER = Path("node_modules") / "@jupyterlab" / "builder" / "lib" / "build-labextension.js"


class BuildUnavailable(RuntimeError):
    """Node.js or the pinned builder is missing; the message says which and how to get it."""


def labextensions_dir() -> Path:
    """Where this environment's JupyterLab looks for prebuilt extensions (``<prefix>/share/jupyter``)."""
    return Path(sys.prefix) / "share" / "jupyter" / "labextensions"


def core_path() -> Path:
    """The installed JupyterLab's core package folder, which tells the builder what JupyterLab shares."""
    import jupyterlab

    return Path(jupyterlab.__file__).parent / "staging"


def build(root: Path, source: Path | None = None) -> Path:
    """Build the extension from ``source`` (default: the repository's) into its ``pakru-question-groups/``.

    Runs the pinned ``@jupyterlab/builder`` with Node.js, as ``jupyter labextension build`` would; called
    directly because that command's wrapper looks the builder's version up on the internet.
    """
    source = source if source is not None else root / SOURCE
    node = shutil.which("node")
    builder = root / SOURCE / BUILDER
    if node is None:
        raise BuildUnavailable("Node.js (`node`) is not installed; it is needed only to rebuild the extension")
    if not builder.exists():
        raise BuildUnavailable(f"{builder} is missing: run `npm ci --prefix {SOURCE}` first")
    out = source / NAME
    shutil.rmtree(out, ignore_errors=True)  # no stale chunk from an earlier build left beside the new one
    result = subprocess.run([node, str(builder), "--core-path", str(core_path()), str(source)],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"building {source} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return out


def differences(expected: Path, actual: Path) -> list[str]:
    """Files that are missing, extra or different between two folders (relative paths), sorted."""
    found = []
    names = {p.relative_to(expected) for p in expected.rglob("*") if p.is_file()}
    names |= {p.relative_to(actual) for p in actual.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = expected / name, actual / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            found.append(str(name))
    return found


def stale(root: Path) -> list[str]:
    """Rebuild in a temporary folder; the committed files that differ from that build (none: up to date)."""
    with tempfile.TemporaryDirectory(prefix="pakru-labextension-") as scratch:
        copy = Path(scratch) / "src"
        copy.mkdir()
        for name in SOURCE_FILES:
            shutil.copy2(root / SOURCE / name, copy / name)
        return differences(root / BUILT, build(root, copy))


def install(root: Path, target: Path | None = None) -> Path:
    """Copy the built extension (and ``install.json``) into ``target/pakru-question-groups``.

    Default ``target``: this environment's ``share/jupyter/labextensions``. The new copy is laid out beside the
    old one and moved into place, so a JupyterLab starting meanwhile finds one whole version or the other.
    """
    built = root / BUILT
    if not (built / "package.json").exists():
        raise FileNotFoundError(f"{built} is missing: this folder is not a complete course")
    folder = target if target is not None else labextensions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / NAME
    fresh = Path(tempfile.mkdtemp(dir=folder, prefix=f".{NAME}-"))
    try:
        shutil.copytree(built, fresh, dirs_exist_ok=True)
        shutil.copy2(root / INSTALL_JSON, fresh / INSTALL_JSON.name)
        for path in [fresh, *fresh.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)  # read by every user of the environment
        old = folder / f".{NAME}-old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return final


def main(root: Path, check: bool = False) -> int:
    """Rebuild ``lab-extension/pakru-question-groups`` (or, with ``check``, only say whether it is stale)."""
    try:
        if check:
            changed = stale(root)
            if changed:
                print(f"{BUILT} is stale ({', '.join(changed)} differ from a fresh build); "
                      "run `python -m pakru labextension`", file=sys.stderr)
                return 1
            print(f"{BUILT}: up to date")
            return 0
        out = build(root)
    except (BuildUnavailable, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"built {out.relative_to(root)}")
    return 0
