"""Who the answers belong to, and the folder their files live in.

``identity()``: the ``learner`` setting (``$PAKRU_LEARNER``), else ``$JUPYTERHUB_USER``, else the OS user (a guess,
said so wherever answers are shown or exported). ``folder_name`` keeps every learner's folder apart, whatever
the name's script or case; ``safe_name`` is the older folder name, still read so earlier answers are kept.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass

from pakru import settings

HUB_ENV = "JUPYTERHUB_USER"
"""Set by JupyterHub in every learner's server: the hub's user name."""
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")

@dataclass(frozen=True)
class Identity:
    """Who the answers belong to, and how we know."""

    learner: str
    source: str
    """``learner setting`` (``$PAKRU_LEARNER``, a config file), ``JUPYTERHUB_USER``, ``OS user`` (a guess) or
    ``given`` (passed in by the caller)."""
    hub_user: str | None
    """``$JUPYTERHUB_USER`` when running on a JupyterHub."""

    @property
    def guessed(self) -> bool:
        """True when the id is only the operating-system login, which on a hub or in a container is shared."""
        return self.source == "OS user"

    def describe(self) -> str:
        """One sentence for notebooks and ``export``: whose answers, from where, and a warning if guessed."""
        where = {"learner setting": "from $PAKRU_LEARNER", "JUPYTERHUB_USER": "your JupyterHub user name",
                 "given": "as given", "OS user": "guessed from the computer's login name"}[self.source]
        text = f"Answers are saved for learner {self.learner!r} ({where})."
        if self.guessed:
            text += (" ⚠ If this is not you, or several people share this login, set PAKRU_LEARNER to your "
                     "name before starting (e.g. `%env PAKRU_LEARNER=your-name` in a notebook).")
        return text


def identity(learner: str | None = None) -> Identity:
    """The learner: ``learner`` if given, else the ``learner`` setting (``$PAKRU_LEARNER``), else
    ``$JUPYTERHUB_USER``, else the OS user."""
    hub_user = os.environ.get(HUB_ENV) or None
    if learner:
        return Identity(learner, "given", hub_user)
    given = settings.current().learner
    if given:
        return Identity(given, "learner setting", hub_user)
    if hub_user:
        return Identity(hub_user, "JUPYTERHUB_USER", hub_user)
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "learner"
    return Identity(name or "learner", "OS user", hub_user)


def default_learner() -> str:
    """``$PAKRU_LEARNER``, else ``$JUPYTERHUB_USER``, else the login name, else ``learner``."""
    return identity().learner


_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_PLAIN = re.compile(r"[a-z0-9_-]{1,64}")
_HASHED = re.compile(r".*-[0-9a-f]{10}")


def folder_name(name: str) -> str:
    """The folder of a learner's files: the name itself when it is plain, else a readable slug + hash of the name.

    Plain means lower-case ASCII letters, digits, ``-`` and ``_`` (so case-insensitive disks and ``.``/``..``
    cannot merge two learners); every other name keeps a readable part and a hash of the whole name, so
    "Зоя" and "王芳", "Zoë" and "Zoé", and names sharing their first 64 characters all stay apart.

    >>> folder_name("ayesha"), folder_name("Zoë")[:4], folder_name("Zoë") != folder_name("Zoé")
    ('ayesha', 'Zoe-', True)
    >>> folder_name("..").startswith("learner-"), len(folder_name("..")) == len("learner-") + 10
    (True, True)
    """
    if _PLAIN.fullmatch(name) and not _HASHED.fullmatch(name) and name not in _RESERVED:
        return name
    ascii_part = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _SAFE.sub("_", ascii_part).strip("._-")[:40] or "learner"
    return f"{slug}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:10]}"


def safe_name(name: str) -> str:
    """The folder name the store used before ``folder_name`` (read still, so earlier answers are kept).

    >>> safe_name("Ayesha K./../x")
    'Ayesha_K._.._x'
    """
    return (_SAFE.sub("_", name).strip("._") or "learner")[:80]
