"""JupyterHub on one server for a class using pakru (The Littlest JupyterHub style).

One machine, one system user per learner (so no learner can read or write another's answers), the
course pulled into each home with the nbgitpuller link, and the instructor collecting straight from
the homes with ``sudo python -m pakru gradebook --homes /home``. See deploy/README.md for the steps.

Settings an admin usually changes come from the environment, so this file can stay as it is:
PAKRU_HUB_BIND_URL (default http://:8000), PAKRU_HUB_ADMINS (comma-separated instructor logins),
PAKRU_HUB_LEARNERS (file of learner logins, default /srv/jupyterhub/learners.txt),
PAKRU_HUB_MEM_LIMIT (default 1G) and PAKRU_HUB_MEM_GUARANTEE (default 512M), sized from
bench/classroom.py's measured memory per learner (deploy/measured.yaml).

The class service (pakru.classservice: every answer as it is given, the instructor's live view at
https://HUB/services/pakru-class/) is on unless PAKRU_CLASS_SERVICE=off: the hub starts it with its own
interpreter and restarts it if it dies. PAKRU_CLASS_DB picks its database (default an SQLite file beside the
hub's, e.g. postgresql+psycopg://pakru@127.0.0.1/pakru for PostgreSQL); PAKRU_HUB_INSTRUCTORS (comma-separated,
default the admins) read every class, PAKRU_HUB_CLASSES ("group:teacher1 teacher2; group2:teacher3") lets a
teacher read only the members of one hub group.
"""

import importlib.util
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub provides get_config() when it reads this file

# -- where the hub listens ---------------------------------------------------------------------------------------------
# Put a TLS-terminating proxy (nginx, Caddy) in front, or set ssl_cert/ssl_key; never serve logins over plain HTTP.
c.JupyterHub.bind_url = os.environ.get("PAKRU_HUB_BIND_URL", "http://:8000")
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/jupyterhub_cookie_secret"

# -- who may log in ----------------------------------------------------------------------------------------------------
# System accounts (PAM): each learner logs in with their own machine account and password (deploy/README.md
# shows how to make them from a roster). Only the logins listed in the learners file (one per line) and the
# admins may log in.
c.JupyterHub.authenticator_class = "pam"
admins = {name.strip() for name in os.environ.get("PAKRU_HUB_ADMINS", "").split(",") if name.strip()}
learners_file = Path(os.environ.get("PAKRU_HUB_LEARNERS", "/srv/jupyterhub/learners.txt"))
learners = set(learners_file.read_text("utf-8").split()) if learners_file.is_file() else set()
c.Authenticator.admin_users = admins
c.Authenticator.allowed_users = learners | admins

# -- each learner's server ---------------------------------------------------------------------------------------------
# SystemdSpawner (what TLJH uses) enforces the memory and CPU limits; without it, LocalProcessSpawner runs
# each server as the learner's own system user but only advertises the limits (MEM_LIMIT in the environment).
memory_limit = os.environ.get("PAKRU_HUB_MEM_LIMIT", "1G")
memory_guarantee = os.environ.get("PAKRU_HUB_MEM_GUARANTEE", "512M")
if importlib.util.find_spec("systemdspawner") is not None:
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.mem_limit = memory_limit
    c.SystemdSpawner.cpu_limit = 1.0
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
else:
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    c.Spawner.mem_limit = memory_limit
c.Spawner.mem_guarantee = memory_guarantee
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
# nbgitpuller links open JupyterLab; the learner id is JUPYTERHUB_USER, which the hub always sets.
c.Spawner.environment = {"NBGITPULLER_APP": "lab"}
# Sized from bench/classroom.py (measured.yaml: spawn_seconds_max): 30 learners starting at once on 2 cores took
# up to 60.5 s for a server to answer, so the hub waits twice that before giving up on one.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120

# -- idle servers ------------------------------------------------------------------------------------------------------
# Stop servers idle for an hour (answers are saved as they are given, so nothing is lost).
if importlib.util.find_spec("jupyterhub_idle_culler") is not None:
    # the hub's own interpreter (where jupyterhub_idle_culler was found), not whatever python3 is on PATH
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
    c.JupyterHub.services = [{"name": "idle-culler",
                              "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"]}]

# -- the class service -------------------------------------------------------------------------------------------------
# Learners' servers may send their own answers (custom:pakru-class:send); instructors may read (custom:pakru-class:read,
# or custom:pakru-class:read!group=G for one class). Kernels reach the service on 127.0.0.1, not through the proxy.
if os.environ.get("PAKRU_CLASS_SERVICE", "on") != "off" and importlib.util.find_spec("pakru") is not None:
    from pakru.classservice import hubconfig

    instructors = {n.strip() for n in os.environ.get("PAKRU_HUB_INSTRUCTORS", "").split(",") if n.strip()} or admins
    classes = {}
    for part in os.environ.get("PAKRU_HUB_CLASSES", "").split(";"):
        group, _, readers = part.partition(":")
        if group.strip() and readers.split():
            classes[group.strip()] = readers.split()
    # A checkout of the course beside the hub (PAKRU_ROOT) lets the live view name questions "Q4 · <prompt>".
    course = {"PAKRU_ROOT": os.environ["PAKRU_ROOT"]} if os.environ.get("PAKRU_ROOT") else {}
    hubconfig.apply(c, "http://127.0.0.1:10101",
                    os.environ.get("PAKRU_CLASS_DB", "sqlite:////srv/jupyterhub/pakru-class.sqlite"),
                    instructors=instructors, classes=classes, environment=course)
