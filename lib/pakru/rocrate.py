"""Each lesson's provenance metadata (``rocrate`` in its front matter), generated, never typed.

As GLAM Workbench stamps its notebooks with a script, a lesson's ``rocrate`` block (name, description, and the
sources it mentions with their publisher and date, and how each is known) is made from what it repeats: the
lesson's H1 title, its opening paragraph (citations and markers removed) and the catalogue cards of the
sources its ``pakru.sources`` list names. ``python -m pakru notebooks sync`` writes it into the ``.md`` and
``python -m pakru check`` reports a lesson whose block differs, so an edited intro or a corrected catalogue
date can never leave a stale copy in a notebook's metadata.

>>> opening("# Title\\n\\nIn 2003 Musharraf went to Moscow (voa-2003 ¶1, latimes-2003 ¶1). Why?\\n\\n+++\\n")
('Title', 'In 2003 Musharraf went to Moscow. Why?')
>>> opening("# T\\n\\nTexts from 2003 ([catalogue: voa-2003], [catalogue: toi-2018]) to 2018 [background: a].")[1]
'Texts from 2003 to 2018.'
"""

from __future__ import annotations

import re
from pathlib import Path

from pakru.problems import Problem, display_path

_H1 = re.compile(r"^# (.+)$", re.M)
_ITEM = r"(?:(?:[a-z0-9-]+ )?¶\d+|\[(?:background|catalogue):[^\]]*\])"
_CITES = re.compile(rf"\s*\({_ITEM}(?:\s*[,;]\s*{_ITEM})*\)", re.IGNORECASE)
"""A parenthesis holding only citations and markers: ``(voa-2003 ¶1, ¶2)``, ``([catalogue: toi-2018])``."""
_MARKERS = re.compile(r"\s*\[(?:background|catalogue):[^\]]*\]", re.IGNORECASE)


def opening(body: str) -> tuple[str, str]:
    """The H1 title and the first paragraph after it, as plain prose (citations and markers taken out)."""
    found = _H1.search(body)
    if not found:
        return "", ""
    rest = body[found.end():].lstrip("\n")
    first = re.split(r"\n\s*\n|\n\+\+\+", rest, maxsplit=1)[0]
    text = _MARKERS.sub("", _CITES.sub("", first))
    return found.group(1).strip(), " ".join(text.split())


def metadata(body: str, sources: list[str], catalogue: dict) -> dict:
    """The ``rocrate`` block for a lesson whose Markdown body is ``body`` and which reads ``sources``."""
    name, description = opening(body)
    mentions = []
    for doc_id in sources:
        entry = catalogue[doc_id]
        mentions.append({"@id": doc_id, "dateBasis": entry.date_basis, "datePublished": str(entry.date),
                         "name": entry.title, "publisher": entry.publisher,
                         "publisherBasis": entry.publisher_basis})  # keys sorted, as the YAML writer sorts them
    return {"description": description, "mentions": mentions, "name": name}


def expected(notebook, catalogue: dict) -> dict | None:
    """The ``rocrate`` block a notebook should carry; None for a notebook that is not a lesson (``pakru.lesson``
    and ``pakru.sources``) or that names a source the catalogue lacks (``check`` says which)."""
    meta = notebook.metadata.get("pakru", {})
    sources = meta.get("sources")
    if not sources or "lesson" not in meta or any(s not in catalogue for s in sources):
        return None
    body = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    return metadata(body, list(sources), catalogue)


def stamped(notebook, catalogue: dict):
    """The notebook with its ``rocrate`` block made afresh (lessons only; see ``expected``)."""
    block = expected(notebook, catalogue)
    if block is not None:
        notebook.metadata["rocrate"] = block
    return notebook


def check(path: Path, notebook, catalogue: dict) -> list[Problem]:
    """A problem when a lesson's ``rocrate`` block is not what its title, intro and catalogue cards make."""
    meta = notebook.metadata.get("pakru", {})
    unknown = [s for s in meta.get("sources") or [] if s not in catalogue] if "lesson" in meta else []
    if unknown:
        return [Problem(display_path(path), f"pakru.sources names {', '.join(unknown)}, not in the catalogue")]
    block = expected(notebook, catalogue)
    if block is not None and notebook.metadata.get("rocrate") != block:
        return [Problem(display_path(path), "its rocrate metadata is stale (title, intro or catalogue changed): "
                                            "run `python -m pakru notebooks sync`")]
    return []
