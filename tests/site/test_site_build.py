"""python -m pakru site: the pages a build writes, read as HTML (the browser tests open them in Chromium)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from pakru import site
from pakru.lessons import lessons
from pakru.links import binder_url, hub_url
from pakru.quiz import load_bank
from pakru.site.quiz import question_key

pytestmark = pytest.mark.notebooks
REPO, HUB = "https://github.com/example-org/pakru course", "https://hub.example.edu"
LESSON = "01_cold_war_roots"


class Page(HTMLParser):
    """Tags with attributes, and the visible text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.words: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.words.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    steps = []
    result = site.build(out, REPO, "main", HUB, only=[LESSON], progress=lambda d, t, w: steps.append((d, t, w)))
    return result, steps


def page(built, name: str) -> Page:
    return Page((built[0].out / name).read_text("utf-8"))


def test_does_the_build_write_every_page_and_its_assets(built):
    result, steps = built
    names = sorted(p.name for p in result.pages)
    assert names == sorted([f"{LESSON}.html", "index.html", "sources.html", "timeline.html"])
    assert (result.out / "assets" / "pakru.css").read_text("utf-8").count("--jp-") > 10
    assert "pakru-quiz-key" in (result.out / "assets" / "pakru-site.js").read_text("utf-8")
    assert steps[0][0] == 0 and steps[-1][:2] == (steps[-1][1], steps[-1][1]), "the progress bar reaches the end"
    assert 0 < result.executing < result.total


def test_does_every_page_load_only_files_beside_it(built):
    for path in built[0].pages:
        found = Page(path.read_text("utf-8"))
        loaded = [a.get("src") for a in found.all("script") + found.all("img") if a.get("src")]
        loaded += [a["href"] for a in found.all("link")]
        assert loaded and all(not re.match(r"^[a-z]+://|^//", u) for u in loaded), (path.name, loaded)


def test_does_the_lesson_page_have_readings_figures_discussion_and_key_points(built, corpus):
    found = page(built, f"{LESSON}.html")
    text = found.text
    assert len(found.all("blockquote")) >= 3
    assert re.search(r"— [^—]+¶\d+ \[[a-z0-9-]+ ¶\d+\]", text), "each reading carries its citation line"
    images = found.all("img")
    assert images and all(len(a.get("alt", "")) > 40 for a in images)
    assert "Discussion" in text and "Key points" in text
    # the results button needs a kernel: the page says where results are kept instead of its plain-text fallback
    assert "Download my results" not in text and "a button in JupyterLab" not in text
    assert "Your answers are saved, and can be downloaded, only when you run the lesson in JupyterLab." in text
    assert "Launch on Binder" in text and "Open on a JupyterHub" in text
    links = {a["href"] for a in found.all("a")}
    assert binder_url(REPO, "main", f"notebooks/{LESSON}.ipynb") in links
    assert hub_url(HUB, REPO, "main", f"notebooks/{LESSON}.ipynb") in links


def test_does_the_quiz_work_from_the_page_alone(built, corpus):
    """Every question is a fieldset named by its prompt, with the key the page's script reads."""
    raw = (built[0].out / f"{LESSON}.html").read_text("utf-8")
    found = Page(raw)
    bank = load_bank(LESSON, corpus)
    assert len(found.all("fieldset")) == len(bank.questions)
    key = json.loads(re.search(r'<script type="application/json" class="pakru-quiz-key">(.*?)</script>', raw,
                               re.S).group(1))
    assert set(key["questions"]) == {q.id for q in bank.questions}
    assert key["questions"]["soviet-partner"] == question_key(bank.question("soviet-partner"))
    assert key["reveal_after"] == bank.settings.reveal_after
    assert {q.question_type for q in bank.questions} == {"single", "multiple", "truefalse", "numeric", "text",
                                                         "chronology", "matching"}
    answer_blocks = re.findall(r'<div class="pakru-answer" hidden>', raw)
    assert len(answer_blocks) == len(bank.questions), "answers stay hidden until a try"


def test_does_the_index_give_each_lessons_objectives_and_time(built):
    text = page(built, "index.html").text
    for item in lessons():
        assert item.title in text and f"Time: {item.minutes} minutes" in text
        assert all(" ".join(o.split()[:6]) in text for o in item.objectives)


def test_do_the_source_cards_say_how_dates_and_attributions_are_known(built, corpus):
    text = page(built, "sources.html").text
    for doc in corpus.documents.values():
        e = doc.entry
        assert e.title in text and e.date_label() in text
        if e.date_basis == "inferred":
            assert f"inferred by us: {' '.join(e.date_reasoning.split())}" in text
        if e.publisher_basis == "inferred":
            assert f"inferred by us: {' '.join(e.publisher_reasoning.split())}" in text


def test_does_the_timeline_page_show_the_figure_and_every_entry(built, corpus):
    found = page(built, "timeline.html")
    assert any(a.get("alt", "").startswith("Timeline of") for a in found.all("img"))
    assert len(found.all("tr")) == len(corpus.timeline) + 1
    assert all(c in found.text for c in corpus.timeline["citation"])


def test_does_the_command_say_what_is_missing_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pakru", "site", "--out", str(tmp_path), "--repo", REPO,
                           "--lesson", "99_nope"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("site: unknown lesson id") and "00_start_here" in done.stderr
    assert "Traceback" not in done.stderr


def test_is_markup_in_a_notebooks_markdown_shown_as_text():
    html = site.markdown('Read **this** <script>alert(1)</script> <img src=x onerror="alert(2)">')
    assert "<strong>this</strong>" in html
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
