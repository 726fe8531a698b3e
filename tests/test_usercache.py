"""The user cache (pakru.usercache) and the figures kept in it: a figure is drawn again whenever anything it is
made from changes, a damaged entry is ignored, writers running at once never leave a half-written entry, and a
folder that cannot be written changes nothing but speed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pakru import figures, timeline, usercache
from pakru.corpus import Corpus
from pakru.plotstyle import CACHE_KIND


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own."""
    monkeypatch.setenv("PAKRU_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def entries(cache: Path) -> list[Path]:
    where = cache / CACHE_KIND
    return sorted(where.iterdir()) if where.exists() else []


def test_is_a_figure_drawn_again_the_same_picture_as_when_it_was_first_drawn(cache, corpus):
    first = figures.who_speaks(["toi-2018"], corpus=corpus)
    [entry] = entries(cache)
    again = figures.who_speaks(["toi-2018"], corpus=corpus)
    assert entries(cache) == [entry]
    assert again.svg() == first.svg() and again.alt == first.alt
    assert (again.title, again.xlabel, again.ylabel) == (first.title, first.xlabel, first.ylabel)
    # the matplotlib figure behind a cached one is drawn on demand, and is the same figure
    assert again.axes.get_title() == first.title
    assert [t.get_text() for t in again.axes.get_yticklabels()] == [t.get_text() for t in first.axes.get_yticklabels()]


def test_does_a_figure_of_other_data_get_its_own_entry(cache, corpus):
    one = figures.term_counts(["India"], corpus=corpus)
    other = figures.term_counts(["Taliban"], corpus=corpus)
    assert len(entries(cache)) == 2 and one.svg() != other.svg()


def test_is_a_figure_drawn_anew_when_a_data_file_changes(cache, corpus, project_copy):
    before = timeline.plot(corpus)
    events = project_copy / "data" / "events.yaml"
    title = corpus.events["title"].iloc[0]
    events.write_text(events.read_text(encoding="utf-8").replace(title, "An event retitled by the author"),
                      encoding="utf-8")
    changed = Corpus.load(project_copy / "seeds", project_copy / "data")
    after = timeline.plot(changed)
    assert "An event retitled by the author" in after.alt and after.svg() != before.svg()
    assert len(entries(cache)) == 2
    assert any(t.get_text().startswith("An event retitled") for t in after.axes.get_yticklabels())


def test_does_a_changed_style_draw_a_new_figure(cache, corpus):
    from pakru import plotstyle

    normal = figures.mentions("person", corpus=corpus)
    try:
        plotstyle.present(True)
        large = figures.mentions("person", corpus=corpus)
    finally:
        plotstyle.present(False)
    assert len(entries(cache)) == 2 and large.svg() != normal.svg()
    # drawn on demand after the style changed back, the large one is still drawn large
    assert large.figure.get_size_inches()[0] > normal.figure.get_size_inches()[0]


def test_is_a_damaged_entry_ignored_and_made_again(cache, corpus):
    fresh = figures.publication_dates(corpus).svg()
    [entry] = entries(cache)
    for damage in (entry.read_bytes()[:5000], entry.read_bytes().replace(b"<path", b"<nope"), b"", b"\x00" * 10):
        entry.write_bytes(damage)
        assert figures.publication_dates(corpus).svg() == fresh
        assert usercache.read(CACHE_KIND, entry.name) is not None, "the damaged entry was written again"


def test_does_changing_a_figure_show_the_change_and_leave_the_cache_alone(cache, corpus):
    mine = figures.who_speaks(["voa-2003"], corpus=corpus)
    kept = entries(cache)[0].read_bytes()
    mine.axes.set_title("My own title")
    assert mine.title == "My own title" and mine.svg() != figures.who_speaks(["voa-2003"], corpus=corpus).svg()
    assert entries(cache)[0].read_bytes() == kept
    assert figures.who_speaks(["voa-2003"], corpus=corpus).title.startswith("Who speaks in voa-2003")


def test_does_a_folder_that_cannot_be_written_change_nothing_but_speed(tmp_path, monkeypatch, corpus):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PAKRU_CACHE_DIR", str(blocked / "cache"))
    fig = figures.who_speaks(["toi-2018"], corpus=corpus)
    assert "<svg" in fig.svg().decode("utf-8") and fig.title.startswith("Who speaks")
    assert not usercache.write("figures", "x.json", b"content")


WRITER = textwrap.dedent("""
    import sys
    from pakru import usercache
    mark = sys.argv[1].encode()
    for _ in range(200):
        usercache.write("race", "entry", mark * 200_000)
""")


def test_do_two_processes_writing_one_entry_at_once_leave_it_whole(cache):
    env = {**__import__("os").environ, "PAKRU_CACHE_DIR": str(cache)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, mark], env=env) for mark in "ab"]
    seen = set()
    while any(w.poll() is None for w in writers):
        content = usercache.read("race", "entry")
        if content is not None:
            assert content in (b"a" * 200_000, b"b" * 200_000)
            seen.add(content[:1])
    assert all(w.wait() == 0 for w in writers)
    assert usercache.read("race", "entry") in (b"a" * 200_000, b"b" * 200_000)
    assert seen, "the reader never saw an entry"
    assert [p.name for p in (cache / "race").iterdir()] == ["entry"], "no temporary file is left behind"


def test_are_old_entries_removed_beyond_the_limit(cache, monkeypatch):
    monkeypatch.setattr(usercache, "LIMIT", 3)
    for n in range(5):
        assert usercache.write("kind", f"e{n}", b"x")
    assert len(list((cache / "kind").iterdir())) == 3


@pytest.fixture
def fresh_environment():
    """A Jinja environment made now (so it uses this test's cache folder), and a fresh one again afterwards."""
    from pakru.render import environment

    environment.cache_clear()
    yield environment
    environment.cache_clear()


def test_are_templates_compiled_once_and_a_damaged_compiled_template_ignored(cache, fresh_environment):
    from pakru.render import render

    shown = str(render("notice.html.j2", text="Careful <here>"))
    compiled = sorted((cache / "templates").iterdir())
    assert compiled, "the compiled templates are kept"
    fresh_environment.cache_clear()
    assert str(render("notice.html.j2", text="Careful <here>")) == shown  # from the kept bytecode
    for path in compiled:
        path.write_bytes(path.read_bytes()[:40])
    fresh_environment.cache_clear()
    assert str(render("notice.html.j2", text="Careful <here>")) == shown
    assert "Careful &lt;here&gt;" in shown


def test_do_templates_render_when_the_cache_folder_cannot_be_written(tmp_path, monkeypatch, fresh_environment):
    from pakru.render import render

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PAKRU_CACHE_DIR", str(blocked / "cache"))
    assert "Careful &lt;here&gt;" in str(render("notice.html.j2", text="Careful <here>"))


SHOW = textwrap.dedent("""
    import sys
    from pakru import figures
    html = figures.who_speaks(["toi-2018"])._repr_html_()
    print("matplotlib" in sys.modules, len(html), hash(html))
""")


def test_does_a_later_process_show_the_same_figure_without_drawing_it(cache):
    env = {**__import__("os").environ, "PAKRU_CACHE_DIR": str(cache), "PYTHONHASHSEED": "0"}
    first, second = (subprocess.run([sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, check=True)
                     for _ in range(2))
    drew, *shown = first.stdout.split()
    kept, *shown_again = second.stdout.split()
    assert (drew, kept) == ("True", "False"), "the second process needs no matplotlib"
    assert shown_again == shown


def test_do_changed_matplotlib_settings_draw_the_figure_again(cache, corpus, tmp_path, monkeypatch):
    import matplotlib

    normal = figures.who_speaks(["toi-2018"], corpus=corpus)
    with matplotlib.rc_context({"axes.facecolor": "#ffff00"}):
        yellow = figures.who_speaks(["toi-2018"], corpus=corpus)
    assert yellow.svg() != normal.svg() and len(entries(cache)) == 2
    monkeypatch.chdir(tmp_path)  # a matplotlibrc in the working folder is read when matplotlib is imported
    (tmp_path / "matplotlibrc").write_text("axes.facecolor: yellow\n", encoding="utf-8")
    figures.who_speaks(["toi-2018"], corpus=corpus)
    assert len(entries(cache)) == 3


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid") or __import__("os").getuid() != 0,
                    reason="only root can give a file to another user")
def test_is_an_entry_written_by_another_user_never_read(cache):
    import os

    assert usercache.write("kind", "entry", b"content")
    assert usercache.read("kind", "entry") == b"content"
    os.chown(cache / "kind" / "entry", 65534, -1)
    assert usercache.read("kind", "entry") is None


def test_is_a_relative_cache_folder_never_used(tmp_path, monkeypatch, corpus):
    """A relative folder would land wherever a kernel starts (the course folder)."""
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("PAKRU_CACHE_DIR", "relative-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert usercache.folder() == tmp_path / "xdg" / "pakru"
    monkeypatch.setenv("XDG_CACHE_HOME", "also-relative")
    monkeypatch.setenv("HOME", str(home))
    assert usercache.folder() == home / ".cache" / "pakru"
    assert figures.who_speaks(["toi-2018"], corpus=corpus).title.startswith("Who speaks")
    assert list(work.iterdir()) == [], "nothing written in the working folder"
    assert list((home / ".cache" / "pakru" / "figures").iterdir())


@pytest.fixture
def shared(tmp_path, monkeypatch) -> Path:
    """An empty shared layer (what an image build fills) of this test's own."""
    monkeypatch.setenv("PAKRU_SHARED_CACHE", str(tmp_path / "shared"))
    return tmp_path / "shared"


def fill_shared(shared: Path, monkeypatch, kind: str, name: str, content: bytes) -> Path:
    """Write an entry into the shared layer as an image build does (its cache folder pointed there)."""
    with monkeypatch.context() as m:
        m.setenv("PAKRU_CACHE_DIR", str(shared))
        assert usercache.write(kind, name, content)
    return shared / kind / name


def test_is_the_shared_layer_read_when_the_users_own_cache_has_no_entry(cache, shared, monkeypatch):
    fill_shared(shared, monkeypatch, "kind", "entry", b"from the image")
    assert not (cache / "kind").exists()
    assert usercache.read("kind", "entry") == b"from the image"
    assert usercache.write("kind", "entry", b"the user's own")
    assert usercache.read("kind", "entry") == b"the user's own", "the user's own cache comes first"


def test_is_a_shared_entry_others_could_write_never_read(cache, shared, monkeypatch):
    entry = fill_shared(shared, monkeypatch, "kind", "entry", b"from the image")
    entry.chmod(0o666)
    assert usercache.read("kind", "entry") is None
    entry.chmod(0o644)
    assert usercache.read("kind", "entry") == b"from the image"
    entry.write_bytes(entry.read_bytes()[:-3])  # damaged: the checksum no longer matches
    assert usercache.read("kind", "entry") is None


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid") or __import__("os").getuid() != 0,
                    reason="only root can give a file to another user")
def test_is_a_shared_entry_of_a_stranger_never_read(cache, shared, monkeypatch):
    """Trusted as the installed package is: written by the environment's owner (or root), nobody else."""
    import os

    entry = fill_shared(shared, monkeypatch, "kind", "entry", b"from the image")
    os.chown(entry, 65534, -1)
    assert usercache.read("kind", "entry") is None


def test_does_a_learner_with_an_empty_home_find_figures_the_image_build_drew(tmp_path, shared, monkeypatch):
    """`warm --shared` (postBuild) fills the shared layer; a learner whose home holds no cache (a hub's fresh
    home volume) then runs the lesson without drawing its figure: nothing is added to their own cache."""
    build = subprocess.run([sys.executable, "-m", "pakru", "warm", "--shared", "00_start_here"], capture_output=True,
                           text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    assert len(list((shared / CACHE_KIND).iterdir())) == 1
    home = tmp_path / "learner-cache"
    monkeypatch.setenv("PAKRU_CACHE_DIR", str(home))
    learner = subprocess.run([sys.executable, "-m", "pakru", "warm", "00_start_here"], capture_output=True,
                             text=True, timeout=600)
    assert learner.returncode == 0, learner.stderr[-2000:]
    assert not (home / CACHE_KIND).exists() or not list((home / CACHE_KIND).iterdir()), \
        "the learner's kernel drew the figure again instead of reading the image's"


def test_are_templates_an_image_build_compiled_read_from_the_shared_layer(tmp_path, shared):
    """A new process whose own cache is empty renders from the shared layer's compiled templates: it compiles
    nothing, so it writes nothing into its own cache."""
    code = "from pakru.render import render; print(render('quiz_score.html.j2', right=1, answered=1, total=2))"
    env = {**__import__("os").environ, "PAKRU_SHARED_CACHE": str(shared)}
    build = subprocess.run([sys.executable, "-c", code], env=env | {"PAKRU_CACHE_DIR": str(shared)},
                           capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    assert list((shared / "templates").iterdir())
    own = tmp_path / "own"
    learner = subprocess.run([sys.executable, "-c", code], env=env | {"PAKRU_CACHE_DIR": str(own)},
                             capture_output=True, text=True, timeout=120)
    assert learner.returncode == 0, learner.stderr
    assert learner.stdout == build.stdout and "Score: 1 of 2 correct" in learner.stdout
    assert not (own / "templates").exists() or not list((own / "templates").iterdir()), \
        "the template was compiled again instead of read from the shared layer"


@pytest.mark.parametrize("mode", [0o664, 0o666, 0o646])
def test_is_an_entry_of_the_users_own_that_others_could_write_never_read(cache, mode):
    """Owned by the learner, but writable by their group or everyone: anyone there could have rewritten it."""
    assert usercache.write("kind", "entry", b"content")
    entry = cache / "kind" / "entry"
    entry.chmod(mode)
    assert usercache.read("kind", "entry") is None
    entry.chmod(0o644)
    assert usercache.read("kind", "entry") == b"content"


def test_is_a_compiled_template_others_could_write_never_loaded(cache, fresh_environment):
    """Compiled templates are Python bytecode: one planted in a group-writable entry would run in the kernel."""
    import hashlib

    import jinja2

    from pakru.render import render

    shown = str(render("notice.html.j2", text="Careful <here>"))
    compiled = sorted((cache / "templates").iterdir())  # notice.html.j2 and the templates it extends
    env = fresh_environment()
    source, _, _ = env.loader.get_source(env, "notice.html.j2")
    bucket = jinja2.bccache.Bucket(env, "notice.html.j2", env.bytecode_cache.get_source_checksum(source))
    bucket.code = compile(env.compile("PLANTED {{ text }}", "notice.html.j2", raw=True), "notice.html.j2", "exec")
    planted = bucket.bytecode_to_string()
    def plant(mode: int) -> None:
        for entry in compiled:  # Jinja takes it only in notice.html.j2's own entry (it checks the template's source)
            entry.chmod(mode)
            entry.write_bytes(usercache.MAGIC + hashlib.sha256(planted).hexdigest().encode("ascii") + b"\n" + planted)
        fresh_environment.cache_clear()

    plant(0o644)  # as the learner's own entry: read, so this is a plant that would work
    assert str(render("notice.html.j2", text="Careful <here>")).startswith("PLANTED")
    plant(0o664)
    assert str(render("notice.html.j2", text="Careful <here>")) == shown
