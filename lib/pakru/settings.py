"""One settings layer: every setting pakru reads is defined here once, with its help text and its sources.

Why traitlets: the tools this package lives beside (JupyterHub, Jupyter Server, nbgrader) are configured the
same way, so a hub administrator who already writes ``c.Spawner.…`` in ``/etc/jupyter`` writes
``c.Settings.progress_dir = …`` in ``pakru_config.py`` beside it, and each setting is a typed, validated trait
with help text from which ``docs/settings.md`` is generated (``python -m pakru config --docs``). A pydantic
settings model would read environment variables as well, but not Jupyter's config files and paths.

Where a value comes from, later sources winning:

1. the default written here;
2. a config file: ``pakru_config.py`` or ``pakru_config.json`` in each folder of Jupyter's config path
   (``jupyter --paths``: system folders first, then ``~/.jupyter``), then ``$PAKRU_CONFIG`` if set;
3. the setting's environment variable (``$PAKRU_PROGRESS_DIR`` …): what a kernel, a hub spawner or a test sets;
4. the command line: ``python -m pakru --set NAME=VALUE`` (and ``--config FILE``). The command line also
   writes its values into the environment, so kernels the command starts (``site``, ``warm``) see them.

``current()`` is read again on every call (a few ``stat`` calls; parsed files are kept until they change),
so a setting changed in the environment of a running kernel or test takes effect at once.
``python -m pakru config`` prints every setting, its value and where that value came from.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from traitlets import Bool, Enum, Float, TraitError, Unicode, default, validate
from traitlets.config import Config, Configurable
from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

CONFIG_NAME = "pakru_config"
"""Config files are ``pakru_config.py`` / ``pakru_config.json`` (as ``jupyter_server_config.py``)."""
CONFIG_ENV = "PAKRU_CONFIG"


class SettingError(ValueError):
    """A setting with a value it cannot take; the message names the setting and where the value came from."""


class Settings(Configurable):
    """Every setting pakru reads. The ``env`` tag names the environment variable that sets it."""

    progress_dir = Unicode(
        help="Folder of the learners' saved answers (one sub-folder per learner, one file per kernel session). "
             "Default: $XDG_DATA_HOME/pakru/progress, else ~/.local/share/pakru/progress.",
    ).tag(config=True, env="PAKRU_PROGRESS_DIR")

    learner = Unicode(
        "", help="Whose answers a kernel saves. Empty: $JUPYTERHUB_USER on a hub, else the login name (a guess).",
    ).tag(config=True, env="PAKRU_LEARNER")

    progress_in_home = Unicode(
        ".local/share/pakru/progress",
        help="Where a learner's progress folder sits inside a home folder on a hub, relative to the home: "
             "what `gradebook --homes DIR` reads in each DIR/<user>/.",
    ).tag(config=True, env="PAKRU_PROGRESS_IN_HOME")

    check_time_limit = Float(
        20.0, help="Seconds one exercise check() may run before it is stopped with a message (1 to 600).",
    ).tag(config=True, env="PAKRU_CHECK_TIME_LIMIT")

    cache_dir = Unicode(
        help="The user cache (figures drawn, files validated, templates compiled); always safe to delete. "
             "Default: $XDG_CACHE_HOME/pakru, else ~/.cache/pakru. A relative folder is ignored (it would land "
             "in the course folder a kernel starts in).",
    ).tag(config=True, env="PAKRU_CACHE_DIR")

    shared_cache_dir = Unicode(
        help="The read-only cache layer an image build fills for every user of the environment "
             "(`python -m pakru warm --shared`). Default: <prefix>/share/pakru/cache.",
    ).tag(config=True, env="PAKRU_SHARED_CACHE")

    lms = Enum(
        ["", "canvas", "moodle"], "",
        help="The LMS whose import file `gradebook` writes and whose bulk-download layout it reads, when "
             "--lms is not given: canvas or moodle (empty: write no LMS file).",
    ).tag(config=True, env="PAKRU_LMS")

    class_service_url = Unicode(
        "", help="Address of the class service on a JupyterHub that receives answers as they are given "
                 "(e.g. http://127.0.0.1:8000/services/pakru-class/). Empty: answers are only saved locally.",
    ).tag(config=True, env="PAKRU_CLASS_SERVICE_URL")

    class_db_url = Unicode(
        "", help="The class service's database, as an SQLAlchemy URL: postgresql+psycopg://USER:PASSWORD@HOST/DB "
                 "for a larger hub. Empty: an SQLite file pakru-class.sqlite in the folder the service starts in.",
    ).tag(config=True, env="PAKRU_CLASS_DB")

    present = Bool(
        False, help="Draw figures larger, for a projector at the back of a classroom (figures.present() in a "
                    "notebook does the same from then on).",
    ).tag(config=True, env="PAKRU_PRESENT")

    course_dir = Unicode(
        "", help="The course folder commands and kernels read. Empty: the folder they start in or the nearest "
                 "one above it (--course DIR on the command line).",
    ).tag(config=True, env="PAKRU_ROOT")

    @default("progress_dir")
    def _default_progress_dir(self) -> str:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return str(Path(base) / "pakru" / "progress")

    @default("cache_dir")
    def _default_cache_dir(self) -> str:
        given = os.environ.get("XDG_CACHE_HOME") or ""
        if Path(given).is_absolute():
            return str(Path(given) / "pakru")
        try:
            home = Path.home()
        except RuntimeError:
            return ""
        return str(home / ".cache" / "pakru") if home.is_absolute() else ""

    @default("shared_cache_dir")
    def _default_shared_cache_dir(self) -> str:
        return str(Path(sys.prefix) / "share" / "pakru" / "cache")

    @validate("check_time_limit")
    def _check_time_limit(self, proposal: dict) -> float:
        value = proposal["value"]
        if not 1 <= value <= 600:
            raise TraitError(f"must be a number of seconds from 1 to 600, not {value:g}")
        return value

    @validate("class_service_url")
    def _check_url(self, proposal: dict) -> str:
        value = proposal["value"].strip()
        if value and not value.startswith(("http://", "https://")):
            raise TraitError(f"must start with http:// or https://, not {value!r}")
        return value

    @validate("progress_in_home")
    def _check_in_home(self, proposal: dict) -> str:
        value = proposal["value"]
        if Path(value).is_absolute() or ".." in Path(value).parts:
            raise TraitError(f"must be a folder inside a home (relative, no '..'), not {value!r}")
        return value

    # Paths as the code uses them ------------------------------------------------------------------------------

    @property
    def progress_path(self) -> Path:
        """``progress_dir`` as a path (``~`` expanded)."""
        return Path(self.progress_dir).expanduser()

    @property
    def cache_path(self) -> Path | None:
        """The user cache folder, or None where there is no absolute one (a relative value, no home folder)."""
        if self.cache_dir and Path(self.cache_dir).is_absolute():
            return Path(self.cache_dir)
        return Path(self._default_cache_dir()) if self._default_cache_dir() else None

    @property
    def shared_cache_path(self) -> Path:
        """The shared cache layer; a relative value is ignored, as for the user cache."""
        given = Path(self.shared_cache_dir)
        return given if given.is_absolute() else Path(self._default_shared_cache_dir())


@dataclass(frozen=True)
class Setting:
    """One line of ``python -m pakru config``: a setting, its value in force and where that came from."""

    name: str
    value: object
    source: str
    """``default``, a config file's path, ``$VARIABLE`` or ``command line``."""
    env: str
    help: str


_COMMAND_LINE: dict[str, str] = {}
_EXTRA_FILES: list[Path] = []
_PARSED: dict[Path, tuple[float, Config]] = {}


def names() -> list[str]:
    """Every setting's name (alphabetical, as traitlets lists them)."""
    return list(Settings.class_own_traits(config=True))


def env_name(name: str) -> str:
    """The environment variable that sets ``name``."""
    return Settings.class_traits()[name].metadata["env"]


def config_files() -> list[Path]:
    """The config files read, in order (later ones win): Jupyter's config path, lowest priority first."""
    from jupyter_core.paths import jupyter_config_path

    found = []
    for folder in reversed(jupyter_config_path()):
        for suffix in (".json", ".py"):
            candidate = Path(folder) / f"{CONFIG_NAME}{suffix}"
            if candidate.is_file():
                found.append(candidate)
    if os.environ.get(CONFIG_ENV):
        found.append(Path(os.environ[CONFIG_ENV]).expanduser())
    return found + _EXTRA_FILES


def _read_file(path: Path) -> Config:
    """One config file's ``c.Settings`` section (parsed once per change of the file)."""
    try:
        stamp = path.stat().st_mtime
    except OSError as exc:
        raise SettingError(f"config file {path}: {exc.strerror or exc}") from None
    if path in _PARSED and _PARSED[path][0] == stamp:
        return _PARSED[path][1]
    loader_class = JSONFileConfigLoader if path.suffix == ".json" else PyFileConfigLoader
    try:
        config = loader_class(path.name, path=str(path.parent)).load_config()
    except ConfigFileNotFound:
        raise SettingError(f"config file {path}: not found") from None
    except Exception as exc:  # a config file is code or JSON written by a person: say which file, and what
        raise SettingError(f"config file {path}: {type(exc).__name__}: {exc}") from None
    _PARSED[path] = (stamp, config)
    return config


def _assign(settings: Settings, name: str, raw: object, source: str) -> None:
    """Set one value (text from the environment or command line is converted by the trait), naming the source."""
    if name not in names():
        raise SettingError(f"{source}: no setting called {name!r} (settings: {', '.join(names())})")
    trait = Settings.class_traits()[name]
    try:
        value = trait.from_string(raw) if isinstance(raw, str) and not isinstance(trait, Unicode) else raw
        setattr(settings, name, value)
    except (TraitError, ValueError) as exc:
        raise SettingError(f"{source}: setting {name}: {exc}") from None


def current() -> Settings:
    """The settings in force now, each with where it came from (``sources(settings)``)."""
    settings = Settings()
    origin: dict[str, str] = {}
    for path in config_files():
        section = _read_file(path).get("Settings", {})
        for name, value in section.items():
            _assign(settings, name, value, f"config file {path}")
            origin[name] = str(path)
    for name in names():
        variable = env_name(name)
        if os.environ.get(variable):
            _assign(settings, name, os.environ[variable], f"${variable}")
            origin[name] = f"${variable}"
    for name, value in _COMMAND_LINE.items():
        _assign(settings, name, value, "--set")
        origin[name] = "command line"
    settings._origin = origin  # read by sources()
    return settings


def sources(settings: Settings) -> list[Setting]:
    """Every setting with its value and where it came from, in definition order."""
    origin = getattr(settings, "_origin", {})
    traits = Settings.class_traits()
    return [Setting(name, getattr(settings, name), origin.get(name, "default"), env_name(name),
                    traits[name].help) for name in names()]


def from_command_line(pairs: list[str], files: list[str] | None = None) -> None:
    """Apply ``--set NAME=VALUE`` and ``--config FILE`` for this process and the kernels it starts.

    Each value is checked at once (a bad one raises SettingError naming it) and written into the environment,
    so kernels this command starts read the same value.
    """
    for file in files or []:
        path = Path(file).expanduser()
        if not path.is_file():
            raise SettingError(f"--config {file}: no such file")
        _read_file(path)
        _EXTRA_FILES.append(path)
        os.environ[CONFIG_ENV] = str(path.resolve())
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SettingError(f"--set {pair!r}: write NAME=VALUE, e.g. --set check_time_limit=30")
        name = name.strip()
        _assign(Settings(), name, value, f"--set {name}")
        _COMMAND_LINE[name] = value
        os.environ[env_name(name)] = value


def reset_command_line() -> None:
    """Forget ``--set``/``--config`` values (tests that run several commands in one process)."""
    _COMMAND_LINE.clear()
    _EXTRA_FILES.clear()


def table(rows: list[Setting]) -> str:
    """What ``python -m pakru config`` prints: one block per setting (name, value, source), help indented."""
    lines = []
    for row in rows:
        lines.append(f"{row.name} = {row.value!r}    ({row.source}; environment: ${row.env})")
        lines.append(f"    {row.help}")
    return "\n".join(lines)


def docs() -> str:
    """``docs/settings.md``: every setting in one table, generated from the traits (stale-checked by a test)."""
    head = ["# Settings", "",
            "Generated by `python -m pakru config --docs > docs/settings.md` from `lib/pakru/settings.py`; do not "
            "edit by hand.", "",
            "Every setting can be given, later sources winning: in a config file `pakru_config.py` "
            "(`c.Settings.NAME = value`) or `pakru_config.json` in a folder of Jupyter's config path "
            "(`jupyter --paths`; e.g. `/etc/jupyter` in a hub image, `~/.jupyter`) or named by `$PAKRU_CONFIG`; "
            "in its environment variable; on the command line, `python -m pakru --set NAME=VALUE COMMAND`. "
            "`python -m pakru config` prints the values in force and where each came from.", "",
            "| setting | environment variable | default | what it is |", "|---|---|---|---|"]
    rows = []
    traits = Settings.class_traits()
    for name in names():
        trait = traits[name]
        fixed = trait.default_value if isinstance(trait.default_value, str | float | bool) else ""
        shown = f"`{fixed!r}`" if fixed not in ("", None) else "(see text)" if trait.help.count("Default:") \
            else "`''`"
        rows.append(f"| `{name}` | `${env_name(name)}` | {shown} | {trait.help.replace('|', '/')} |")
    return "\n".join(head + rows) + "\n"


def main(show_docs: bool = False) -> int:
    """``python -m pakru config``: the settings in force and their sources (``--docs``: the Markdown table)."""
    if show_docs:
        print(docs(), end="")
        return 0
    rows = sources(current())
    files = config_files()
    print("config files read: " + (", ".join(map(str, files)) if files else "none"))
    print(table(rows))
    return 0
