"""The JupyterLab setting pakru ships: notebook shortcuts leave a focused list or choice in an output alone.

Why: in command mode JupyterLab binds single keys to cell actions (ArrowUp/ArrowDown move between cells,
A and B insert cells, M makes markdown, D D deletes) for any focused element that is not editable text.
A quiz's answer list (``<select>``) or a radio button in a cell's output is such an element, so the
arrow keys a keyboard user presses to move through the options moved the notebook instead, and a letter
typed to jump to an option could insert or delete a cell. Text fields are spared already (JupyterLab skips
its command-mode shortcuts while editable text has the focus); this setting spares ``select`` and
``input`` elements the same way.

How: every default binding whose selector is the notebook's command-mode selector is disabled, and the
same command and keys are bound again with that selector narrowed by ``:not(select):not(input)``. Nothing
else changes: with a cell (not a control) focused, every shortcut works as before. The bindings are read
from the installed JupyterLab's own schemas, so the file can be regenerated when JupyterLab changes them
(``python -m pakru labsettings``); ``--check`` (run by the tests) fails if the committed file is stale.

Where it goes: ``lab-settings/overrides.d/pakru.json`` in the repository, installed into
``<JupyterLab's app dir>/settings/overrides.d/``, the folder of package-owned defaults jupyterlab_server
reads beside a site's own ``overrides.json`` (which it does not replace). A plain ``pip install .`` (Binder,
hub images) puts it there as a data file (pyproject ``data-files``); an editable install (``-e .``, the
README's) leaves data files out, so the README's lesson command runs ``python -m pakru labsettings
--install``. A learner's own shortcut settings still win over it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pakru import usercache

COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
"""The selector JupyterLab 4.1+ gives its notebook command-mode shortcuts."""
SPARED = ":not(select):not(input)"
"""Focused elements the narrowed bindings no longer match: lists, drop-downs, radio buttons, check boxes."""
PLUGIN = "@jupyterlab/shortcuts-extension:shortcuts"
REPO_FILE = Path("lab-settings") / "overrides.d" / "pakru.json"
"""Where the file sits in the repository (and, under ``share/jupyter/lab/settings``, once installed)."""


def app_dir() -> Path:
    """The installed JupyterLab's application folder (``$JUPYTERLAB_DIR`` if set), as ``jupyter lab path`` says."""
    from jupyterlab.commands import get_app_dir

    return Path(get_app_dir())


def schemas_dir() -> Path:
    """The installed JupyterLab's settings schemas (where its default shortcuts are declared)."""
    return app_dir() / "schemas"


def install(source: Path, settings_dir: Path | None = None) -> Path:
    """Copy the committed file into ``settings_dir/overrides.d/`` (default: JupyterLab's app settings folder).

    Written whole or not at all (``usercache.write_whole``), so a JupyterLab starting at the same moment never
    reads half a file, and readable by every user of the environment.
    """
    folder = (settings_dir if settings_dir is not None else app_dir() / "settings") / "overrides.d"
    target = folder / REPO_FILE.name
    usercache.write_whole(target, source.read_bytes())
    return target


def command_mode_bindings(schemas: Path) -> list[dict]:
    """Every default shortcut bound with the command-mode selector, in a stable order."""
    found = []
    for path in sorted(schemas.rglob("*.json")):
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not a schema JupyterLab could read either
        for binding in schema.get("jupyter.lab.shortcuts", []) if isinstance(schema, dict) else []:
            if binding.get("selector") == COMMAND_MODE and binding.get("keys"):
                found.append({"command": binding["command"], "keys": list(binding["keys"]),
                              **({"args": binding["args"]} if binding.get("args") else {})})
    return sorted(found, key=lambda b: (b["command"], b["keys"]))


def overrides(schemas: Path) -> dict:
    """The settings override: each command-mode binding disabled, then bound again with the narrowed selector."""
    shortcuts = []
    for binding in command_mode_bindings(schemas):
        shortcuts.append({**binding, "selector": COMMAND_MODE, "disabled": True})
        shortcuts.append({**binding, "selector": COMMAND_MODE + SPARED})
    if not shortcuts:
        raise LookupError(f"no notebook shortcut with the selector {COMMAND_MODE!r} in {schemas}: "
                          "JupyterLab changed its command-mode selector; update pakru.labsettings")
    return {PLUGIN: {"shortcuts": shortcuts}}


def text(settings: dict) -> str:
    """The file's exact text (sorted, indented, one trailing newline), so ``--check`` can compare bytes."""
    return json.dumps(settings, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(root: Path, check: bool = False, install_it: bool = False) -> int:
    """Write (or, with ``check``, compare; with ``install_it``, install) ``lab-settings/overrides.d/pakru.json``."""
    target = root / REPO_FILE
    if install_it:
        if not target.exists():
            print(f"{target} is missing: this folder is not a complete course", file=sys.stderr)
            return 1
        print(f"installed {install(target)} (arrow keys and letters in a quiz's answer list stay in the list)")
        return 0
    settings = overrides(schemas_dir())
    wanted = text(settings)
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if check:
        if current == wanted:
            print(f"{REPO_FILE}: up to date")
            return 0
        print(f"{REPO_FILE}: stale for the installed JupyterLab; run `python -m pakru labsettings`",
              file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(wanted, encoding="utf-8")
    print(f"wrote {REPO_FILE} ({len(settings[PLUGIN]['shortcuts']) // 2} shortcuts narrowed)")
    return 0
