"""Launch links against the formats mybinder.org and nbgitpuller document (and nbgitpuller's own code)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from pakru import links

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("url,folder", [
    ("https://github.com/owner/repo", "repo"),
    ("https://github.com/owner/repo.git", "repo.git"),  # nbgitpuller keeps the suffix: repo.split('/')[-1]
    ("https://gitlab.example.edu/history/pak-ru course.git", "pak-ru course.git"),
    ("http://127.0.0.1:9418/course", "course"),
])
def test_clone_dir_is_what_nbgitpuller_uses(url, folder):
    assert links.clone_dir(url) == folder


def test_trailing_slash_is_refused():
    with pytest.raises(ValueError, match="trailing slash"):
        links.clone_dir("https://github.com/owner/repo/")


def test_binder_link_format_for_github():
    # https://mybinder.readthedocs.io/en/latest/howto/user_interface.html: /v2/gh/<owner>/<repo>/<ref>?urlpath=...
    assert links.binder_url("https://github.com/Ayesha/pak-ru.git", "main", "notebooks/00_start_here.ipynb") == (
        "https://mybinder.org/v2/gh/Ayesha/pak-ru/main?urlpath=lab/tree/notebooks/00_start_here.ipynb")


def test_binder_escapes_names_and_refs():
    url = links.binder_url("https://github.com/o/r%20x", "feature/a b", "exercises/01 x.ipynb")
    assert url == "https://mybinder.org/v2/gh/o/r%2520x/feature%2Fa%20b?urlpath=lab/tree/exercises/01%20x.ipynb"
    other = links.binder_url("https://gitlab.com/g/r.git", "main", "notebooks/a.ipynb")
    assert other.startswith("https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com%2Fg%2Fr.git/main?")


def test_hub_link_format_and_round_trip():
    # https://nbgitpuller.readthedocs.io: <hub>/hub/user-redirect/git-pull?repo=..&branch=..&urlpath=..
    repo = "https://git.example.edu/hist/course name&more.git"
    url = links.hub_url("https://hub.example.edu/", repo, "main", "exercises/02_thaw_2003.ipynb")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    query = parse_qs(parts.query)
    assert query == {"repo": [repo], "branch": ["main"],
                     "urlpath": ["lab/tree/course name&more.git/exercises/02_thaw_2003.ipynb"]}


def test_every_notebook_gets_links_and_a_badge():
    found = links.launches(ROOT, "https://github.com/o/r", hub="https://hub.example.edu")
    paths = [f.path for f in found]
    assert "notebooks/00_start_here.ipynb" in paths and "exercises/02_thaw_2003.ipynb" in paths
    assert not any(p.startswith("exercises/source") for p in paths)
    for launch in found:
        assert launch.badge == f"[![Launch on Binder]({links.BADGE})]({launch.binder})"
        assert launch.hub.endswith(launch.path.replace("/", "%2F"))


def test_command_prints_links_or_says_what_is_missing(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pakru", "links", "--repo", "https://github.com/o/r", "--hub",
                           "https://hub.example.edu"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "https://mybinder.org/v2/gh/o/r/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb" in done.stdout
    assert "git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr&branch=main" in done.stdout


def test_readme_badge_is_generated_or_clearly_a_placeholder():
    readme = (ROOT / "README.md").read_text("utf-8")
    top = readme.split("## ")[0]
    if "OWNER/REPO" in top:  # a placeholder must say it is one and name the one step that replaces it
        assert "placeholder" in top and "python -m pakru links --repo" in top
