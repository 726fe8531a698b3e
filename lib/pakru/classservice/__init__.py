"""The class service: a JupyterHub service that receives every answer as it is given.

Learners' kernels send each answer (after saving it locally, off the Check path) to the service, which keeps
them in a database (SQLite by default, PostgreSQL by URL) and shows the instructor a live view of the class.
Who sent an answer comes from the hub token the kernel sends with, never from the answer itself.

Rooms: ``scopes`` (names and the read filter), ``db`` (the database), ``summary`` (the live view's numbers;
item statistics from ``pakru.itemstats``, shared with the gradebook), ``app`` (the tornado service), ``sender``
(the kernel side), ``client`` (reading a class for the gradebook). This module itself imports nothing heavy:
a kernel with no service configured only runs ``connect`` below, which returns at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pakru.progress import Store

SERVICE_NAME = "pakru-class"
"""The service's name on the hub (its URL prefix is ``/services/pakru-class/``)."""


def service_url() -> str:
    """Where this kernel sends answers: the ``class_service_url`` setting (``$PAKRU_CLASS_SERVICE_URL``); '' = off.

    Off unless set, on purpose: Binder runs on a JupyterHub too, so a default derived from the hub's
    variables would make every Binder kernel try to reach a service that is not there. The deploy files
    set it for the learners' servers (deploy/jupyterhub_config.py, deploy/config.yaml).
    """
    from pakru import settings
    return settings.current().class_service_url


def connect(store: Store) -> None:
    """Start sending this process's answers to the class service, if one is configured (else do nothing)."""
    url = service_url()
    if not url:
        return
    from pakru.classservice import sender
    sender.start(url, store)
