"""The one settings layer: every setting defined once, read from config files, environment and command line,
each value's source named, bad values refused with the setting and the source named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pakru import settings
from pakru.paths import PROJECT_ROOT

ENV_NAMES = [settings.env_name(n) for n in settings.names()]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No setting from the machine running the tests, and an empty Jupyter config path of our own."""
    for name in ENV_NAMES + [settings.CONFIG_ENV]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "user-config"))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(tmp_path / "system-config"))
    settings.reset_command_line()
    yield
    settings.reset_command_line()


def test_every_setting_has_help_and_its_own_environment_variable():
    traits = settings.Settings.class_traits()
    assert len(set(ENV_NAMES)) == len(ENV_NAMES)
    for name in settings.names():
        assert len(traits[name].help) > 30, name
        assert settings.env_name(name).startswith("PAKRU_"), name


def test_the_environment_beats_a_config_file_and_says_so(tmp_path, monkeypatch):
    (tmp_path / "user-config").mkdir()
    (tmp_path / "user-config" / "pakru_config.py").write_text(
        "c.Settings.check_time_limit = 45\nc.Settings.lms = 'moodle'\n", encoding="utf-8")
    monkeypatch.setenv("PAKRU_LMS", "canvas")
    now = settings.current()
    assert (now.check_time_limit, now.lms) == (45.0, "canvas")
    where = {row.name: row.source for row in settings.sources(now)}
    assert where["check_time_limit"] == str(tmp_path / "user-config" / "pakru_config.py")
    assert where["lms"] == "$PAKRU_LMS"
    assert where["class_service_url"] == "default"


def test_config_folders_are_read_in_jupyters_order_and_json_files_too(tmp_path, monkeypatch):
    """Jupyter's config path lists folders highest priority first: the first folder's value wins."""
    for folder, value in (("first", 40), ("second", 30)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "pakru_config.json").write_text(
            json.dumps({"Settings": {"check_time_limit": value}}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", os.pathsep.join([str(tmp_path / "first"), str(tmp_path / "second")]))
    assert settings.current().check_time_limit == 40.0


def test_the_command_line_beats_the_environment_and_reaches_the_kernels_environment(monkeypatch):
    monkeypatch.setenv("PAKRU_CHECK_TIME_LIMIT", "30")
    settings.from_command_line(["check_time_limit=50"])
    assert settings.current().check_time_limit == 50.0
    assert os.environ["PAKRU_CHECK_TIME_LIMIT"] == "50"  # what a kernel started now inherits


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("PAKRU_CHECK_TIME_LIMIT", "0", "from 1 to 600"),
    ("PAKRU_CHECK_TIME_LIMIT", "soon", "could not convert"),
    ("PAKRU_LMS", "blackboard", "canvas"),
    ("PAKRU_CLASS_SERVICE_URL", "ftp://hub", "http://"),
    ("PAKRU_PROGRESS_IN_HOME", "../other/progress", "no '..'"),
])
def test_a_bad_value_names_the_setting_and_where_it_came_from(monkeypatch, variable, value, says):
    monkeypatch.setenv(variable, value)
    with pytest.raises(settings.SettingError) as caught:
        settings.current()
    assert f"${variable}" in str(caught.value) and says in str(caught.value)


def test_a_broken_config_file_is_named(tmp_path):
    (tmp_path / "user-config").mkdir()
    bad = tmp_path / "user-config" / "pakru_config.py"
    bad.write_text("c.Settings.check_time_limit = (\n", encoding="utf-8")
    with pytest.raises(settings.SettingError, match=str(bad)):
        settings.current()


def test_a_relative_cache_folder_is_ignored_never_the_course_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("PAKRU_CACHE_DIR", "relative-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert settings.current().cache_path == tmp_path / "xdg" / "pakru"


def test_progress_folder_default_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert settings.current().progress_path == tmp_path / "data" / "pakru" / "progress"
    from pakru.progress import default_root

    monkeypatch.setenv("PAKRU_PROGRESS_DIR", str(tmp_path / "class"))
    assert default_root() == tmp_path / "class"


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pakru", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_config_command_prints_each_value_and_its_source(tmp_path):
    done = _cli("--set", "check_time_limit=33", "config", env={"PAKRU_LMS": "moodle"})
    assert done.returncode == 0, done.stderr
    assert "check_time_limit = 33.0    (command line" in done.stdout
    assert "lms = 'moodle'    ($PAKRU_LMS" in done.stdout
    assert "class_service_url = ''    (default" in done.stdout


def test_config_command_refuses_an_unknown_setting_in_one_line():
    done = _cli("config", "--set", "time_limit=3")
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "no setting called 'time_limit'" in done.stderr


def test_the_settings_page_is_generated_from_the_settings_and_not_stale():
    page = Path(PROJECT_ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert page == settings.docs(), "docs/settings.md is stale: python -m pakru config --docs > docs/settings.md"
    for name in settings.names():
        assert f"`{name}`" in page and f"`${settings.env_name(name)}`" in page


def test_the_check_time_limit_is_the_setting(monkeypatch):
    import time

    from pakru.exercises.learner_values import CheckTimeout, time_limit

    monkeypatch.setenv("PAKRU_CHECK_TIME_LIMIT", "1")
    start = time.monotonic()
    with pytest.raises(CheckTimeout, match="more than 1 s"):
        with time_limit():
            while True:
                pass
    assert time.monotonic() - start < 15


def test_no_module_but_the_settings_layer_names_a_pakru_environment_variable():
    """Every PAKRU_* variable is a setting's, read in one place (messages may still say $PAKRU_… to a person)."""
    import ast

    lib = Path(settings.__file__).parent
    named = []
    for path in sorted(lib.rglob("*.py")):
        if path.name == "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("PAKRU_"):
                named.append(f"{path.relative_to(lib)}:{node.lineno} {node.value}")
    assert named == []
