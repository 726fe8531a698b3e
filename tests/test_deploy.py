"""deploy/: the hub configurations parse, name only real settings, and are sized from the measurements.

The real proof that the class works on a hub is tests/test_classroom.py; these catch a typo in a
setting (JupyterHub ignores unknown config with only a log warning), a memory guarantee below what
bench/classroom.py measured, and an image build plan that lost nbgitpuller.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

from pakru.paths import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
BYTES = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}

# Top-level and singleuser keys of the Zero to JupyterHub chart (version 4) that config.yaml may use, from
# https://z2jh.jupyter.org/en/stable/resources/reference.html (the chart rejects unknown keys through its schema).
Z2JH_TOP = {"hub", "proxy", "singleuser", "scheduling", "prePuller", "ingress", "cull", "debug", "global"}
Z2JH_SINGLEUSER = {"image", "uid", "fsGid", "defaultUrl", "extraEnv", "memory", "cpu", "storage", "startTimeout",
                   "lifecycleHooks", "cmd", "profileList", "networkPolicy", "nodeSelector", "extraResource"}

# Config sections the files may set, and the JupyterHub class whose configurable traits they must be.
CLASSES = {
    "JupyterHub": "jupyterhub.app:JupyterHub",
    "Spawner": "jupyterhub.spawner:Spawner",
    "LocalProcessSpawner": "jupyterhub.spawner:LocalProcessSpawner",
    "Authenticator": "jupyterhub.auth:Authenticator",
    "LocalAuthenticator": "jupyterhub.auth:LocalAuthenticator",
    "PAMAuthenticator": "jupyterhub.auth:PAMAuthenticator",
    "SystemdSpawner": "systemdspawner:SystemdSpawner",
}


def quantity(text: str) -> float:
    """A Kubernetes memory quantity (512M, 1G, 1Gi) in bytes."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]i?)?", str(text))
    assert match, f"not a memory quantity: {text!r}"
    return float(match.group(1)) * BYTES[match.group(2) or ""]


def unknown_settings(config: Config | dict) -> list[str]:
    """Every ``Section.name`` that is not a configurable trait of the section's class."""
    unknown = []
    for section, values in config.items():
        module, _, name = CLASSES.get(section, ":").partition(":")
        if not module:
            unknown.append(f"{section} (unknown section)")
            continue
        try:
            cls = getattr(importlib.import_module(module), name)
        except ImportError:
            continue  # an optional spawner that is not installed here; its branch is not taken either
        traits = set(cls.class_trait_names(config=True))
        unknown += [f"{section}.{key}" for key in values if key not in traits]
    return unknown


@pytest.fixture(scope="module")
def measured() -> dict:
    return yaml.safe_load((DEPLOY / "measured.yaml").read_text("utf-8"))


def run_hub_config(monkeypatch, **env) -> Config:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    c = Config()
    source = (DEPLOY / "jupyterhub_config.py").read_text("utf-8")
    exec(compile(source, str(DEPLOY / "jupyterhub_config.py"), "exec"), {"get_config": lambda: c})  # noqa: S102
    return c


def test_single_server_config_runs_and_sets_only_real_settings(monkeypatch, tmp_path):
    learners = tmp_path / "learners.txt"
    learners.write_text("ayesha\nivan\n", "utf-8")
    c = run_hub_config(monkeypatch, PAKRU_HUB_ADMINS="teacher, ta", PAKRU_HUB_LEARNERS=str(learners))
    assert unknown_settings(c) == []
    assert c.Authenticator.admin_users == {"teacher", "ta"}
    assert c.Authenticator.allowed_users == {"ayesha", "ivan", "teacher", "ta"}
    assert c.Spawner.default_url == "/lab"
    assert c.Spawner.environment["NBGITPULLER_APP"] == "lab"
    # no learner-id override: the learner is the hub user, never a shared PAKRU_LEARNER
    assert "PAKRU_LEARNER" not in c.Spawner.environment


def test_single_server_memory_guarantee_covers_the_measured_learner(monkeypatch, measured):
    c = run_hub_config(monkeypatch)
    per_learner = (measured["server_mib"] + measured["lesson_kernel_mib"] + measured["exercise_kernel_mib"]) * 2**20
    guarantee = quantity(c.Spawner.mem_guarantee)
    limit = quantity(c.SystemdSpawner.mem_limit if "SystemdSpawner" in c else c.Spawner.mem_limit)
    assert per_learner <= guarantee <= limit


def test_z2jh_values_parse_use_known_keys_and_cover_the_measured_learner(measured):
    values = yaml.safe_load((DEPLOY / "config.yaml").read_text("utf-8"))
    assert set(values) <= Z2JH_TOP
    single = values["singleuser"]
    assert set(single) <= Z2JH_SINGLEUSER
    assert single["image"]["name"] and isinstance(single["image"]["tag"], str)
    assert single["uid"] == 1000  # repo2docker's jovyan (build-image.sh --user-id 1000)
    per_learner = (measured["server_mib"] + measured["lesson_kernel_mib"] + measured["exercise_kernel_mib"]) * 2**20
    assert per_learner <= quantity(single["memory"]["guarantee"]) <= quantity(single["memory"]["limit"])
    assert 0 < single["cpu"]["guarantee"] <= single["cpu"]["limit"]
    assert unknown_settings(values["hub"]["config"]) == []


def test_image_build_script_and_appendix_agree_with_the_pinned_nbgitpuller():
    script = (DEPLOY / "build-image.sh").read_text("utf-8")
    assert "exercises release --out" in script and "--appendix" in script and "--user-id 1000" in script
    pinned = re.search(r"^nbgitpuller==(\S+)$", (PROJECT_ROOT / "bench" / "requirements-hub.txt").read_text("utf-8"),
                       re.M)
    assert pinned and f"nbgitpuller=={pinned.group(1)}" in (DEPLOY / "image" / "appendix.Dockerfile").read_text()


@pytest.mark.skipif(shutil.which("jupyter-repo2docker") is None, reason="jupyter-repo2docker is not installed")
def test_image_build_plan_is_the_binder_build_of_the_student_edition_plus_nbgitpuller(tmp_path):
    edition = tmp_path / "edition"
    subprocess.run([sys.executable, "-m", "pakru", "exercises", "release", "--out", str(edition)], cwd=PROJECT_ROOT,
                   check=True, capture_output=True, timeout=300)
    appendix = (DEPLOY / "image" / "appendix.Dockerfile").read_text("utf-8")
    result = subprocess.run(["jupyter-repo2docker", "--no-build", "--debug", "--user-name", "jovyan", "--user-id",
                             "1000", "--appendix", appendix, str(edition)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout + result.stderr
    assert 'pip install --no-cache-dir -r "requirements.txt"' in dockerfile  # the lesson environment, as on Binder
    assert "nbgitpuller==" in dockerfile.split("# Appendix:")[-1]
    assert not (Path(edition) / "exercises" / "source").exists()  # learners' image: no solutions


def test_single_server_runs_the_class_service_with_the_hubs_interpreter_and_its_scopes(monkeypatch):
    from pakru.classservice.scopes import READ_SCOPE, SEND_SCOPE
    c = run_hub_config(monkeypatch, PAKRU_HUB_ADMINS="teacher", PAKRU_HUB_CLASSES="class-a: ta1 ta2; class-b:ta3")
    service = next(s for s in c.JupyterHub.services if s["name"] == "pakru-class")
    assert service["command"][:3] == [sys.executable, "-m", "pakru.classservice"]
    assert set(c.JupyterHub.custom_scopes) == {SEND_SCOPE, READ_SCOPE}
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    # a server's token holds at most its owner's scopes: users and servers both hold the send scope
    assert SEND_SCOPE in roles["user"]["scopes"] and SEND_SCOPE in roles["server"]["scopes"]
    assert "users:activity!user" in roles["server"]["scopes"]  # JupyterHub's own server scopes kept
    assert roles["pakru-class-instructors"]["users"] == ["teacher"]
    assert READ_SCOPE in roles["pakru-class-instructors"]["scopes"]
    assert roles["pakru-class-instructors-class-a"]["users"] == ["ta1", "ta2"]
    assert f"{READ_SCOPE}!group=class-a" in roles["pakru-class-instructors-class-a"]["scopes"]
    assert c.Spawner.environment["PAKRU_CLASS_SERVICE_URL"] == "http://127.0.0.1:10101/services/pakru-class/"
    assert unknown_settings(c) == []
    off = run_hub_config(monkeypatch, PAKRU_CLASS_SERVICE="off")
    assert "PAKRU_CLASS_SERVICE_URL" not in off.Spawner.environment


def test_spawn_timeouts_are_sized_from_the_measured_spawns_and_the_culler_uses_the_hubs_python(monkeypatch, measured):
    c = run_hub_config(monkeypatch)
    assert c.Spawner.http_timeout >= 1.5 * measured["spawn_seconds_max"]
    assert c.Spawner.start_timeout >= c.Spawner.http_timeout
    source = (DEPLOY / "jupyterhub_config.py").read_text("utf-8")
    assert '"python3"' not in source and "sys.executable" in source


def test_z2jh_values_register_the_class_service_with_the_scopes_the_service_checks():
    from pakru.classservice import hubconfig
    from pakru.classservice.scopes import CUSTOM_SCOPES
    values = yaml.safe_load((DEPLOY / "config.yaml").read_text("utf-8"))
    hub = values["hub"]
    assert set(hub["config"]["JupyterHub"]["custom_scopes"]) == set(CUSTOM_SCOPES)
    service = hub["services"]["pakru-class"]
    assert service["oauth_redirect_uri"] == hubconfig.service("http://x", api_token="t")["oauth_redirect_uri"]
    ours = {r["name"]: r["scopes"] for r in hubconfig.roles(["instructor"])}
    assert {name: role["scopes"] for name, role in hub["loadRoles"].items()} == ours
    manifests = list(yaml.safe_load_all((DEPLOY / "k8s" / "pakru-class.yaml").read_text("utf-8")))
    deployment = next(m for m in manifests if m["kind"] == "Deployment")
    env = {e["name"]: e.get("value") for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["JUPYTERHUB_OAUTH_CALLBACK_URL"] == service["oauth_redirect_uri"]
    assert values["singleuser"]["extraEnv"]["PAKRU_CLASS_SERVICE_URL"].startswith(service["url"])
