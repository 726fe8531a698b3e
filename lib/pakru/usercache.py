"""A per-user cache of work that depends only on its inputs (drawn figures), so a lesson run again is quick.

Where: ``$PAKRU_CACHE_DIR``, else ``$XDG_CACHE_HOME/pakru``, else ``~/.cache/pakru``; never the course
folder (the repository, a learner's pulled copy). Why a cache is safe here: an entry's name is a hash of
everything its content was made from (the caller's job: see ``plotstyle.drawn``), so a changed input is a
different name and an old entry is simply never asked for again.

What keeps it from ever doing harm:

- an entry is written to a temporary file beside it and moved into place (``os.replace``), so a reader
  sees a whole entry or none, and two kernels writing the same entry at once each move a whole file;
- each entry starts with the SHA-256 of its content; a damaged or truncated entry fails the check and
  reads as missing (and is made again);
- a folder that cannot be written (a read-only home) only means nothing is kept: every call still works;
- each kind of entry keeps at most ``LIMIT`` files, the oldest removed first;
- an entry another user wrote, or one anyone but its owner could have rewritten (group or world write
  bit), is never read. The checksum only tells a damaged entry from a whole one: anyone who can write an
  entry can write its checksum too. Entries are data (SVG and labels as JSON, validated files as JSON,
  ``pakru.schema.stored``), except compiled templates (``pakru.render``), which are Python bytecode and so
  trusted exactly as far as the user's own ``.pyc`` files are: written by this user, writable by nobody else.

A second, read-only layer sits beside the installed environment (``shared_folder``): an image build fills it
(``python -m pakru warm --shared``, run by ``postBuild``) and a kernel reads it when its own cache has no
entry. On a hub whose persistent home volumes hide the image's ``~/.cache``, a learner's first run of a
lesson still finds its figures drawn. Its entries are trusted as the installed package is: owned by the
environment's owner (or root) and writable by nobody else; anyone who could write them could change the
package's code as well.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from pathlib import Path

MAGIC = b"pakru-cache 1 "
LIMIT = 200
"""Entries kept per kind: a few lessons' figures many times over, at a few hundred kB each."""


def folder() -> Path | None:
    """The cache folder (it may not exist yet), or None when there is no home folder to put it in.

    The ``cache_dir`` setting (``pakru.settings``: ``$PAKRU_CACHE_DIR``, else ``$XDG_CACHE_HOME/pakru``, else
    ``~/.cache/pakru``). A relative folder is ignored (it would land in whatever folder a kernel starts in, the
    course folder among them), as is a home folder that cannot be found.
    """
    from pakru import settings

    return settings.current().cache_path


def shared_folder() -> Path:
    """The read-only layer an image build fills: the ``shared_cache_dir`` setting (``$PAKRU_SHARED_CACHE``, else
    ``<prefix>/share/pakru/cache``)."""
    from pakru import settings

    return settings.current().shared_cache_path


def _trusted(stat: os.stat_result, layer: Path, own: bool) -> bool:
    """Whether an entry may be read: the user's own (``own``), or in the shared layer, as the installed package.

    Either way nobody but its owner may be able to write it (no group or world write bit): an entry of the
    user's own left writable by their group (a shared home, a umask of 002) could have been rewritten by any
    member, checksum and all, since the checksum only tells a damaged entry from a whole one.
    """
    if not hasattr(os, "getuid"):
        return True  # no user ids (Windows): the folder's permissions decide
    if stat.st_mode & 0o022:
        return False
    if own:
        return stat.st_uid == os.getuid()
    try:
        installers = {0, os.stat(sys.prefix).st_uid, os.stat(layer).st_uid}
    except OSError:
        return False
    return stat.st_uid in installers


def key(*parts: str | bytes) -> str:
    """A file-name-safe hash of ``parts`` (each part is kept apart from the next, so ``("ab", "c") != ("a", "bc")``)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@functools.cache
def code_hash() -> str:
    """A hash of the package's own source: any change to the code that made an entry is a new name."""
    package = Path(__file__).parent
    return key(*(p.read_bytes() for p in sorted(package.rglob("*.py"))))


def read(kind: str, name: str) -> bytes | None:
    """The content stored under ``kind/name``, or None when there is none, it is damaged, or it is not trusted.

    The user's own cache first, then the shared layer. Only the user's own entries that nobody else can
    write are read from their cache (where the system has user ids): a cache folder shared with others by
    mistake, or a group-writable entry, cannot hand this user's kernel a compiled template someone else made;
    the shared layer is read as the installed package is trusted.
    """
    from pakru import settings

    now = settings.current()  # both folders from one reading of the settings: reads sit on a lesson's start-up
    own = now.cache_path
    for layer in ([own] if own is not None else []) + [now.shared_cache_path]:
        try:
            with open(layer / kind / name, "rb") as handle:
                if not _trusted(os.fstat(handle.fileno()), layer, own=layer == own):
                    continue
                stored = handle.read()
        except OSError:
            continue
        head, _, content = stored.partition(b"\n")
        if head.startswith(MAGIC) and head[len(MAGIC):] == hashlib.sha256(content).hexdigest().encode("ascii"):
            return content
    return None


def write_whole(target: Path, content: bytes) -> None:
    """Write ``target`` whole or not at all: a temporary file beside it, moved into place (``os.replace``).

    A reader sees the old file or the new one, never half of one, and two writers each move a whole file.
    The file is readable by everyone and writable by its owner only (0644): the shared layer and a JupyterLab
    setting installed into the environment are read by other users. Used for cache entries and by
    ``pakru.labsettings``; raises ``OSError`` when the folder cannot be written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".writing-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(kind: str, name: str, content: bytes) -> bool:
    """Store ``content`` under ``kind/name``, atomically; False (and nothing kept) when the folder is not writable."""
    if folder() is None:
        return False
    where = folder() / kind
    try:
        write_whole(where / name, MAGIC + hashlib.sha256(content).hexdigest().encode("ascii") + b"\n" + content)
    except OSError:
        return False
    prune(where)
    return True


def prune(where: Path | str) -> None:
    """Remove the oldest entries beyond ``LIMIT`` (another process may be removing them too: that is fine)."""
    try:
        entries = [p for p in Path(where).iterdir() if not p.name.startswith(".")]
        if len(entries) <= LIMIT:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for old in entries[: len(entries) - LIMIT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
