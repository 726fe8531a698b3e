"""Reading files a learner controls, safely: regular files only, no links followed, size checked first.

Why: a learner owns the files in their home. ``mkfifo s1.json`` would block a plain ``open()``
forever, a link to ``/dev/zero`` would be read until memory runs out, and a link to another
learner's file would hand in someone else's work. So every file is opened with ``O_NOFOLLOW`` and
``O_NONBLOCK``, checked with ``fstat`` to be a regular file of bounded size, and only then read;
folders are walked without following links.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pakru.gradebook.config import MAX_MEMBER


class Refused(ValueError):
    """A file that is not read: not a regular file, a link, or too large. The message says which."""


@dataclass(frozen=True)
class Content:
    """A file's bytes and its permission bits (who else could have written it)."""

    data: bytes
    mode: int
    folder_mode: int = 0o755
    """The permission bits of the folder holding the file: anyone who may write there may replace it."""

    @property
    def exposure(self) -> str | None:
        """Why anyone could have changed the file (None: only its owner, or a group, could)."""
        if self.mode & stat.S_IWOTH:
            return f"the file is writable by anyone (mode {self.mode:04o})"
        if self.folder_mode & stat.S_IWOTH and not self.folder_mode & stat.S_ISVTX:
            return f"its folder is writable by anyone (mode {self.folder_mode:04o}), so the file can be replaced"
        return None


def read_regular(path: Path, limit: int = MAX_MEMBER) -> Content:
    """The bytes of a regular file at ``path`` (its last part not a link), at most ``limit`` of them."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused("a link") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > limit:
            raise Refused(f"{info.st_size} bytes, larger than any results file")
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise Refused("grew larger than any results file while being read")
        try:
            folder_mode = stat.S_IMODE(os.stat(path.parent).st_mode)
        except OSError:
            folder_mode = 0o755
        return Content(b"".join(chunks), stat.S_IMODE(info.st_mode), folder_mode)
    finally:
        os.close(fd)


def walk(root: Path, depth: int | None = None) -> Iterator[tuple[Path, str | None]]:
    """Every non-hidden entry below ``root`` that is a file to read: (path, None), or (path, why it is skipped).

    Links are never followed (a link is reported, whatever it points to), nor are hidden names
    (``.tmp`` files of a save in progress, ``.ipynb_checkpoints``). ``depth``: how many folder levels
    to go down (None: all); files above that level are not looked at.
    """
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield root, f"cannot be listed ({exc.strerror or exc})"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            yield path, "a link"
        elif entry.is_dir(follow_symlinks=False):
            if depth is None or depth > 0:
                yield from walk(path, None if depth is None else depth - 1)
        elif depth is None or depth == 0:
            yield path, None if entry.is_file(follow_symlinks=False) else "not a regular file"


def inside(path: Path, folder: Path) -> bool:
    """True when ``path``, with every link resolved, lies in ``folder`` (links resolved too)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False
