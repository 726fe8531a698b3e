"""An LMS bulk-download zip, read in memory (nothing is unpacked): whose file is which, and its records.

Bulk-download archives ("Download Submissions" in Canvas, "Download all submissions" in Moodle):

- Canvas puts every file at the top of the zip as ``<name>_<userid>_<attachmentid>_<filename>``, with
  ``LATE`` after the name for late work (``smithbob_LATE_340934_208490284_results.csv``);
  ``<userid>`` is the Canvas user id, which the gradebook import matches on (column ``ID``).
- Moodle (3.1 and later, "Download submissions in folders", the default) puts each learner's files
  in a folder ``<Full Name>_<participantid>_assignsubmission_file/``; without folders the files are
  ``<Full Name>_<participantid>_assignsubmission_file_<filename>``. The participant id is per
  assignment, not a user id, so a Moodle import needs the roster (email or ID number).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pakru.gradebook.config import MAX_MEMBER
from pakru.gradebook.model import Handed, Owner
from pakru.gradebook.read.formats import add

_CANVAS = re.compile(r"^(?P<name>[^_/]+?)(?P<late>_LATE)?_(?P<uid>\d+)_(?P<att>\d+)_(?P<file>.+)$")
_MOODLE_DIR = re.compile(r"^(?P<name>.+)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)$")
_MOODLE_FLAT = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>file|onlinetext)_(?P<file>.+)$")
_LAYOUT = {"canvas": "name_userid_attachmentid_file", "moodle": "Full Name_id_assignsubmission_file/..."}


@dataclass(frozen=True)
class Member:
    """One file handed in: its owner, its name as shown to the instructor, and a way to read it."""

    owner: Owner | None
    shown: str
    suffix: str
    read: Callable[[], bytes]
    """Returns the bytes (bounded), so nothing is unpacked to disk."""
    problem: str | None = None


def canvas_owner(name: str) -> tuple[Owner, str] | None:
    """(owner, original file name) for a Canvas submission file name, else None."""
    match = _CANVAS.match(Path(name).name)
    if not match:
        return None
    uid = match["uid"]
    return Owner(f"canvas:{uid}", match["name"], {"canvas_id": uid}), match["file"]


def moodle_owner(path: str) -> tuple[Owner, str] | None:
    """(owner, file name) for a path in a Moodle download (folders or flat), else None."""
    parts = Path(path).parts
    folder = _MOODLE_DIR.match(parts[0]) if len(parts) > 1 else None
    if folder:
        name, pid, plugin, rest = folder["name"], folder["pid"], folder["plugin"], "/".join(parts[1:])
    else:
        flat = _MOODLE_FLAT.match(parts[-1]) if len(parts) == 1 else None
        if not flat:
            return None
        name, pid, plugin, rest = flat["name"], flat["pid"], flat["plugin"], flat["file"]
    if plugin != "file":
        rest = f"{rest} (online text)"
    return Owner(f"moodle:{pid}", name, {"moodle_participant": pid, "full_name": name}), rest


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    """Read one member from the already open archive (opening it again per member made reading quadratic)."""

    def read() -> bytes:
        try:
            with archive.open(info) as handle:
                data = handle.read(MAX_MEMBER + 1)
        except zipfile.BadZipFile as exc:  # a bad CRC-32, a damaged header
            raise ValueError(f"damaged in the archive: {exc}") from None
        except RuntimeError as exc:  # encrypted ("password required")
            raise ValueError(f"cannot be opened: {exc}") from None
        except NotImplementedError as exc:  # a compression method zipfile does not support
            raise ValueError(f"cannot be unpacked: {exc}") from None
        except (zlib.error, EOFError, OSError) as exc:  # a corrupt or cut deflate/bzip2/lzma stream
            raise ValueError(f"damaged compressed data ({type(exc).__name__}: {exc})") from None
        if len(data) > MAX_MEMBER:
            raise ValueError("larger than any results file")
        return data

    return read


def read_archive(archive: zipfile.ZipFile, lms: str) -> Iterator[Member]:
    """Every file in an open LMS bulk download, with its owner (None and a problem when the name is foreign)."""
    parse = canvas_owner if lms == "canvas" else moodle_owner
    for info in archive.infolist():
        if info.is_dir() or any(part.startswith(".") or part == "__MACOSX" for part in Path(info.filename).parts):
            continue
        found = parse(info.filename)
        suffix = Path(info.filename).suffix.lower()
        problem = None
        if found is None:
            problem = (f"{info.filename}: not named as {lms.title()} names submission files "
                       f"({_LAYOUT[lms]}); skipped")
        elif info.file_size > MAX_MEMBER:
            problem = f"{info.filename}: {info.file_size} bytes, larger than any results file; skipped"
        yield Member(found[0] if found else None, info.filename, suffix, _member_reader(archive, info), problem)


def from_archive(path: Path, system: str) -> Handed:
    """Every member's records under its owner; a member that cannot be used is reported and the rest read.

    Raises OSError or zipfile.BadZipFile when the file is not a zip archive at all.
    """
    handed = Handed()
    with zipfile.ZipFile(path) as archive:
        for member in read_archive(archive, system):
            if member.problem:
                handed.problems.append(member.problem)
                continue
            add(handed, member.owner, member.shown, member.read, member.suffix)
    return handed
