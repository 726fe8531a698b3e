"""Launch links: Binder and JupyterHub (nbgitpuller) links for every lesson and exercise notebook.

One function per link so the README, the guides, the static site and ``python -m pakru links``
agree. Formats:

- mybinder.org: ``https://mybinder.org/v2/gh/<owner>/<repo>/<ref>?urlpath=lab/tree/<path>`` (GitHub);
  other git hosts use ``/v2/git/<url-encoded clone URL>/<ref>``.
- nbgitpuller: ``<hub>/hub/user-redirect/git-pull?repo=<url>&branch=<b>&urlpath=lab/tree/<dir>/<path>``,
  where ``<dir>`` is the folder nbgitpuller clones into: the last ``/``-separated part of the repo URL,
  exactly as given (``nbgitpuller/handlers.py``: ``repo.split('/')[-1]``; a ``.git`` suffix stays).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

BINDER = "https://mybinder.org"
BADGE = "https://mybinder.org/badge_logo.svg"
_GITHUB = re.compile(r"^(?:https?://github\.com/|git@github\.com:)(?P<owner>[^/]+)/(?P<repo>[^/]+?)/?$")


@dataclass(frozen=True)
class Launch:
    """Where a notebook can be opened: its path in the repository and its links."""

    path: str
    binder: str
    hub: str | None
    badge: str


def clone_dir(repo_url: str) -> str:
    """The folder nbgitpuller clones ``repo_url`` into (its last path part, ``.git`` kept)."""
    name = repo_url.split("/")[-1]
    if not name:
        raise ValueError(f"{repo_url!r} ends with '/': nbgitpuller would clone into the home folder itself; "
                         "give the URL without the trailing slash")
    return name


def binder_url(repo_url: str, ref: str, path: str) -> str:
    """A mybinder.org link that opens ``path`` in JupyterLab."""
    github = _GITHUB.match(repo_url)
    target = "urlpath=" + quote(f"lab/tree/{path}", safe="/")
    if github:
        repo = github["repo"].removesuffix(".git")
        spec = f"gh/{quote(github['owner'], safe='')}/{quote(repo, safe='')}/{quote(ref, safe='')}"
    else:
        spec = f"git/{quote(repo_url, safe='')}/{quote(ref, safe='')}"
    return f"{BINDER}/v2/{spec}?{target}"


def hub_url(hub: str, repo_url: str, branch: str, path: str) -> str:
    """A JupyterHub link that pulls the course with nbgitpuller and opens ``path`` in JupyterLab."""
    query = urlencode({"repo": repo_url, "branch": branch, "urlpath": f"lab/tree/{clone_dir(repo_url)}/{path}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def badge(repo_url: str, ref: str, path: str) -> str:
    """A Markdown "Launch on Binder" badge for one notebook."""
    return f"[![Launch on Binder]({BADGE})]({binder_url(repo_url, ref, path)})"


def origin(root: Path) -> str | None:
    """The repository's ``origin`` remote as a web URL (``git@github.com:o/r.git`` → ``https://github.com/o/r``)."""
    try:
        done = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True,
                              text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    url = done.stdout.strip()
    if done.returncode != 0 or not url:
        return None
    ssh = re.match(r"^git@github\.com:(.+?)(?:\.git)?$", url)
    return f"https://github.com/{ssh[1]}" if ssh else url


def notebooks(root: Path) -> list[str]:
    """Every lesson and exercise notebook a learner opens, as paths inside the repository."""
    found = sorted((root / "notebooks").glob("*.ipynb")) + sorted((root / "exercises").glob("*.ipynb"))
    return [p.relative_to(root).as_posix() for p in found]


def launches(root: Path, repo_url: str, ref: str = "HEAD", hub: str | None = None,
             branch: str = "main") -> list[Launch]:
    """Links for every notebook of the course in ``root``."""
    return [Launch(path, binder_url(repo_url, ref, path), hub_url(hub, repo_url, branch, path) if hub else None,
                   badge(repo_url, ref, path)) for path in notebooks(root)]


def main(repo: str | None, branch: str | None, hub: str | None) -> int:
    """``python -m pakru links``: print every notebook's links; one line saying what is missing otherwise."""
    import sys

    from pakru.paths import course

    root = course().root
    repo = repo or origin(root)
    if not repo:
        print("links: no git remote 'origin' here; give the published repository with --repo URL", file=sys.stderr)
        return 1
    try:
        found = launches(root, repo, ref=branch or "HEAD", hub=hub, branch=branch or "main")
    except ValueError as exc:
        print(f"links: {exc}", file=sys.stderr)
        return 1
    for launch in found:
        print(f"{launch.path}\n  Binder: {launch.binder}")
        if launch.hub:
            print(f"  JupyterHub: {launch.hub}")
        print(f"  badge: {launch.badge}")
    if not hub:
        print("(add --hub https://your.hub to print the JupyterHub links)")
    return 0
