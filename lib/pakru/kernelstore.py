"""The store a kernel's answers go to, connected to the class service when one is configured.

Why a module of its own: the progress store sits below everything and must not know the class service; the
service's sender sits above the store (it listens to it). The quiz and the exercises, which sit above both, ask
here for their store, so the one place that joins the two is this small module, and the layers still point down.
"""

from __future__ import annotations

from pakru.progress import Store, default_store


def kernel_store(learner: str | None = None) -> Store:
    """This kernel's store for the learner (``progress.default_store``), its answers also sent to the class
    service when the ``class_service_url`` setting names one (``pakru.classservice.connect``; nothing otherwise)."""
    store = default_store(learner)
    from pakru.classservice import connect  # imports nothing heavy; returns at once when no service is set

    connect(store)
    return store
