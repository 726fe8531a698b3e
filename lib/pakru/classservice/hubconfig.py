"""What a JupyterHub's configuration needs for the class service, written once.

``deploy/jupyterhub_config.py`` (one server), the Zero to JupyterHub values (their ``hub.extraConfig`` calls
this too), ``bench/classroom.py`` and the tests all build the service's entry, its custom scopes and roles
here, so the scopes the service checks and the scopes the hub grants cannot drift apart.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from pakru.classservice import SERVICE_NAME
from pakru.classservice.scopes import CUSTOM_SCOPES, READ_SCOPE, SEND_SCOPE
from pakru.settings import env_name

ACCESS = f"access:services!service={SERVICE_NAME}"
"""Lets a browser log in to the service's pages through the hub (OAuth)."""
SERVER_DEFAULT_SCOPES = ["users:activity!user", "access:servers!server"]
"""JupyterHub's own scopes for a server's token (its ``server`` role), kept when the send scope is added."""


def service(url: str, db_url: str | None = None, python: str | None = None,
            environment: dict[str, str] | None = None, api_token: str | None = None) -> dict:
    """The ``c.JupyterHub.services`` entry: managed (the hub starts it, and restarts it within its poll
    interval, 30 s, if it dies) or, given ``api_token``, external (its own process, deployment or pod).

    ``url`` is where the service listens (``http://127.0.0.1:10101`` on one server); ``db_url`` an SQLAlchemy
    URL (default: SQLite in the service's working folder). The hub's interpreter runs it (``sys.executable``).
    An external service needs the ``api_token`` it runs with (``$JUPYTERHUB_API_TOKEN``); its login redirect is
    the service's own path (what it is given as ``$JUPYTERHUB_OAUTH_CALLBACK_URL``).
    """
    entry: dict = {"name": SERVICE_NAME, "url": url, "display": True,
                   "oauth_client_allowed_scopes": [READ_SCOPE],
                   "oauth_no_confirm": True}  # the admin installed it: no "authorize access?" page per login
    if api_token:
        entry.update(api_token=api_token, oauth_client_id=f"service-{SERVICE_NAME}",
                     oauth_redirect_uri=f"/services/{SERVICE_NAME}/oauth_callback")
    else:
        command = [python or sys.executable, "-m", "pakru.classservice"]
        entry["command"] = command + (["--db", db_url] if db_url else [])
        entry["environment"] = dict(environment or {})
    return entry


def roles(instructors: Iterable[str] = (), classes: dict[str, Iterable[str]] | None = None) -> list[dict]:
    """Roles: servers may send (their own answers), the service may read groups, instructors may read.

    ``instructors`` read every learner; ``classes`` maps a hub group to the instructors who read only it.
    """
    out = [
        # a server's token holds at most its owner's scopes, so the users must hold the send scope too
        {"name": "user", "description": "Everyone: their own things, and sending their own answers",
         "scopes": ["self", SEND_SCOPE]},
        {"name": "server", "description": "A learner's server: hub activity, and sending its own answers",
         "scopes": [*SERVER_DEFAULT_SCOPES, SEND_SCOPE]},
        {"name": f"{SERVICE_NAME}-service", "services": [SERVICE_NAME],
         "scopes": ["read:groups", "list:groups"]},
    ]
    if instructors:
        out.append({"name": f"{SERVICE_NAME}-instructors", "users": sorted(instructors),
                    "scopes": [READ_SCOPE, ACCESS]})
    for group, readers in sorted((classes or {}).items()):
        out.append({"name": f"{SERVICE_NAME}-instructors-{group}", "users": sorted(readers),
                    "scopes": [f"{READ_SCOPE}!group={group}", ACCESS]})
    return out


def apply(c, url: str, db_url: str | None = None, instructors: Iterable[str] = (),
          classes: dict[str, Iterable[str]] | None = None, kernel_url: str | None = None,
          environment: dict[str, str] | None = None, api_token: str | None = None) -> None:
    """Add the service to a hub's config object ``c`` (keeps services and roles already there).

    ``kernel_url``: where learners' kernels reach the service (default: straight at ``url``, under the
    service's prefix, without the proxy), given to every server
    as ``$PAKRU_CLASS_SERVICE_URL``. With ``api_token`` the service is external (see ``service``).
    """
    hub, spawner = c.JupyterHub, c.Spawner
    hub.services = [*_set(hub, "services", []), service(url, db_url, environment=environment, api_token=api_token)]
    hub.custom_scopes = {**_set(hub, "custom_scopes", {}), **CUSTOM_SCOPES}
    hub.load_roles = [*_set(hub, "load_roles", []), *roles(instructors, classes)]
    direct = f"{url.rstrip('/')}/services/{SERVICE_NAME}/"  # the service serves under its hub prefix
    spawner.environment = {**_set(spawner, "environment", {}), env_name("class_service_url"): kernel_url or direct}


def _set(section, name: str, default):
    """A config value already set, else ``default`` (an unset traitlets value is a placeholder, not a list)."""
    return section[name] if name in section else default
