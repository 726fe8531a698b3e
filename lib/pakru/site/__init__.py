"""The static course site: ``python -m pakru site --out DIR``.

Built from the executed lessons, so a teacher deciding whether to adopt the course (or a learner without a
kernel) reads exactly what a lesson shows: an index with each lesson's objectives and time, one page per lesson
(readings, figures, discussion prompts, key points, and a self-check quiz that works in the page), the sources
with how each date and attribution is known, and the timeline. Every page has "Launch on Binder" and "Open on a
JupyterHub" buttons for its notebook (``pakru.links``).

Everything is made offline from installed packages: nbclient runs the notebooks, the package's own templates
(``pakru.render``) make the pages, and the stylesheet and the quiz script are copied beside them, so opening a
page requests nothing from another host. Execution dominates the build time; ``bench/site.py`` prints the ratio.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from markupsafe import Markup

from pakru.download import SITE_NOTE, is_results_button
from pakru.render import render, style_tag, stylesheet

if TYPE_CHECKING:
    from pakru.corpus import Corpus

QUIZ_CALL = re.compile(r"""quiz\.show\(\s*["']([^"']+)["']""")
WIDGET = "application/vnd.jupyter.widget-view+json"


class SiteError(Exception):
    """The site could not be built; the message names the notebook and cell."""


@dataclass
class Built:
    """What a build wrote and how long its parts took."""

    out: Path
    pages: list[Path] = field(default_factory=list)
    executing: float = 0.0
    """Seconds spent executing the lesson notebooks."""
    total: float = 0.0


# -- progress ---------------------------------------------------------------------------------------------------
def progress_printer(stream=None) -> Callable[[int, int, str], None]:
    """A progress bar on stderr: ``[#####.....] 3/9 executing 02_thaw_2003``."""
    stream = stream or sys.stderr
    live = hasattr(stream, "isatty") and stream.isatty()

    def show(done: int, total: int, what: str) -> None:
        width = 20
        filled = int(width * done / max(total, 1))
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what}"
        if live:
            stream.write("\r" + line.ljust(78)[:120] + ("\n" if done == total else ""))
        else:
            stream.write(line + "\n")
        stream.flush()

    return show


# -- executing --------------------------------------------------------------------------------------------------
class _SignalsLeftToCaller(asyncio.SelectorEventLoop):
    """An event loop that takes no signal handlers, so nbclient leaves Ctrl-C to ``execute``.

    nbclient asks the loop to handle SIGINT itself (it stops the kernel from under the running cell and
    the run then fails as if the kernel had died) and goes on without when the loop declines.
    """

    def add_signal_handler(self, sig, callback, *args) -> None:
        raise RuntimeError("Ctrl-C is handled by pakru.site.execute")


def execute(path: Path, workdir: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook in a fresh python3 kernel (in its own folder) and return it with its outputs.

    Ctrl-C stops the run cleanly: the run is cancelled, the kernel shut down, and ``KeyboardInterrupt``
    reaches the caller, so the command line says one line and exits 130. (It used to print nbclient's
    ``DeadKernelError: Kernel died``, which nbclient makes of any cancelled cell, or an ``AssertionError``
    from its clean-up racing the cell, and exit 1 as if the lesson were broken.) The kernel's own log
    (its stderr) is kept out of the command's output and shown only when the run fails.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout,
                            resources={"metadata": {"path": str(workdir)}})
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as kernel_log:
        try:
            if _loop_running():  # called from a notebook: nbclient runs it on a thread of its own
                client.execute(stderr=kernel_log)
            else:
                _run_interruptibly(client, kernel_log)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            kernel_log.seek(0)
            said = kernel_log.read()[-800:].strip()
            raise SiteError(f"{path.name} did not run: {type(exc).__name__}: {str(exc)[-800:]}"
                            + (f"\nthe kernel said:\n{said}" if said else "")) from None
    return nb


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _run_interruptibly(client, kernel_log) -> None:
    """``client.execute()``, but Ctrl-C cancels the run, stops the kernel and then raises ``KeyboardInterrupt``
    (whatever the cancelled run ended in: nbclient makes a cancelled cell a ``DeadKernelError``)."""
    kernel = client.km = client.create_kernel_manager()  # kept here: nbclient forgets it mid-way through stopping
    kernel.client_factory = _ClientWithoutHeartbeat
    interrupted: list[bool] = []
    with asyncio.Runner(loop_factory=_SignalsLeftToCaller) as runner:
        running: list[asyncio.Task] = []

        async def run() -> None:
            running.append(asyncio.current_task())
            await client.async_execute(stderr=kernel_log)

        def on_ctrl_c(signum, frame) -> None:
            if interrupted:  # a second Ctrl-C: stop waiting for the clean-up
                raise KeyboardInterrupt
            interrupted.append(True)
            runner.get_loop().call_soon_threadsafe(lambda: [task.cancel() for task in running])

        with _sigint_handled_by(on_ctrl_c):
            try:
                runner.run(run())
            except BaseException:
                if not interrupted:
                    raise
            finally:
                runner.run(_stop_kernel(client, kernel))
    if interrupted:
        raise KeyboardInterrupt


@contextmanager
def _sigint_handled_by(handler: Callable) -> Iterator[None]:
    """``handler`` for SIGINT for a moment, where Ctrl-C would raise ``KeyboardInterrupt`` (the main thread,
    Python's own handler in place); elsewhere nothing changes."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class _ClientWithoutHeartbeat(AsyncKernelClient):
    """A kernel client that starts no heartbeat thread.

    Why: a heartbeat thread stopped before it first runs (Ctrl-C just after the kernel started, on a busy
    machine) spins, opening sockets until there are none left, and dies with a traceback (jupyter_client 8).
    Nothing here needs the heartbeat: a client its kernel manager made asks the manager, which watches the
    kernel's process, whether the kernel is alive.
    """

    def start_channels(self, shell: bool = True, iopub: bool = True, stdin: bool = True, hb: bool = False,
                       control: bool = True) -> None:
        super().start_channels(shell, iopub, stdin, False, control)


async def _stop_kernel(client, kernel) -> None:
    """Shut down the ``kernel`` of a run cancelled before or during nbclient's own clean-up (nothing if it ran).

    A run cancelled while the kernel was starting or stopping leaves it running, the client's channels open
    and nbclient's exit hook registered, which would then wait on the closed channels at exit: all three are
    undone here.
    """
    import atexit

    hook = getattr(client, "_cleanup_kernel", None)  # nbclient's exit hook for this run (a private name)
    if hook is not None:
        atexit.unregister(hook)
    if client.kc is not None:
        client.kc.stop_channels()
        client.kc = None
    if kernel.has_kernel:
        await kernel.shutdown_kernel(now=True)
    client.km = None


@contextmanager
def scratch_progress(learner: str, **more: str) -> Iterator[str]:
    """Kernels started inside save quiz answers in a temporary folder, as ``learner``, never in the user's own.

    nbclient starts kernels from this process, so they inherit its environment; ``more`` adds other
    variables (e.g. ``PAKRU_ROOT``). Everything is put back afterwards, and the folder removed.
    """
    from pakru.settings import env_name

    folder_env, learner_env = env_name("progress_dir"), env_name("learner")
    saved = {k: os.environ.get(k) for k in (folder_env, learner_env, *more)}
    with tempfile.TemporaryDirectory(prefix=f"pakru-{learner}-") as scratch:
        os.environ.update({folder_env: scratch, learner_env: learner, **more})
        try:
            yield scratch
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


# -- converting a notebook into page blocks ---------------------------------------------------------------------
def markdown(text: str) -> Markup:
    """Markdown from a notebook cell as HTML (raw HTML in it is escaped, not passed through)."""
    import mistune

    md = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
    return Markup(md(text))


def output_html(output: dict, where: str) -> Markup | None:
    """One cell output as HTML for the page; an error stops the build."""
    output_type = output.get("output_type")
    if output_type == "error":
        raise SiteError(f"{where}: {output.get('ename')}: {output.get('evalue')}")
    if is_results_button(output):  # no kernel, no results on a static page
        return markdown(SITE_NOTE)
    if output_type == "stream":
        if output.get("name") == "stderr":
            return None
        return render("site_text.html.j2", text=output.get("text", ""), standalone=False)
    data = output.get("data", {})
    if "text/html" in data:
        html = data["text/html"]
        html = "".join(html) if isinstance(html, list) else html
        # The page links the stylesheet once; each output's own copy is dropped. The HTML was made by the
        # package's escaping templates (or pandas, which escapes) when the notebook ran.
        return Markup(html.replace(str(style_tag()), ""))
    if "text/markdown" in data:
        return markdown(data["text/markdown"])
    if "image/png" in data:
        return render("site_image.html.j2", png_base64=data["image/png"],
                      alt=data.get("text/plain", "Figure"), standalone=False)
    if "text/plain" in data:
        return render("site_text.html.j2", text=data["text/plain"], standalone=False)
    return None


def blocks(nb: nbformat.NotebookNode, name: str, quiz_view: Callable[[str], dict]) -> list[dict]:
    """The notebook as page blocks, each a ``part``: markdown, each code cell's source (folded) and outputs, quizzes."""
    out = []
    for n, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            out.append({"part": "markdown", "html": markdown(cell.source)})
            continue
        if cell.cell_type != "code":
            continue
        quiz = QUIZ_CALL.search(cell.source)
        if quiz:
            out.append({"part": "quiz", "quiz": quiz_view(quiz.group(1))})
            continue
        out.append({"part": "code", "source": cell.source})
        for output in cell.get("outputs", []):
            html = output_html(output, f"{name} cell {n}")
            if html:
                out.append({"part": "output", "html": html})
    return out


# -- the pages --------------------------------------------------------------------------------------------------
def _nav(lessons, current: str) -> list[dict]:
    items = [{"href": "index.html", "text": "Course", "current": current == "index"}]
    items += [{"href": f"{item.id}.html", "text": f"{n}. {item.title.split(':')[0]}", "current": current == item.id}
              for n, item in enumerate(lessons)]
    items += [{"href": "sources.html", "text": "Sources", "current": current == "sources"},
              {"href": "timeline.html", "text": "Timeline", "current": current == "timeline"}]
    return items


def _launch(path: str, repo: str, branch: str, hub: str | None) -> dict:
    from pakru.links import binder_url, hub_url

    return {"path": path, "binder": binder_url(repo, branch, path),
            "hub": hub_url(hub, repo, branch, path) if hub else None}


def source_cards(corpus: Corpus) -> list[dict]:
    """The catalogue cards as the sources page shows them: what we know and how we know it."""
    cards = []
    for doc in corpus.documents.values():
        e = doc.entry
        date_how = ("printed in the text" if e.date_basis == "stated"
                    else f"inferred by us: {e.date_reasoning}")
        publisher_how = ("named in the text" if e.publisher_basis == "stated"
                         else f"inferred by us: {e.publisher_reasoning}")
        cards.append({"id": e.id, "title": e.title, "publisher": e.publisher_label(), "publisher_basis": publisher_how,
                      "date": e.date_label(), "date_basis": date_how, "kind": e.kind, "era": e.era,
                      "byline": e.byline, "audience": e.audience, "place": e.place, "url": e.url,
                      "copies": [{"url": c.url, "supports": list(c.supports), "note": c.note} for c in e.copies],
                      "notes": e.notes, "paragraphs": len(doc.paragraphs)})
    return cards


def timeline_rows(corpus: Corpus) -> list[list[str]]:
    from pakru import dates

    rows = []
    for row in corpus.timeline.itertuples():
        when = dates.label(row.date) + (f"–{dates.label(row.end)}" if isinstance(row.end, str) else "")
        rows.append([when, row.date_basis, row.title, row.entry, row.citation])
    return rows


def build(out: Path, repo: str, branch: str = "main", hub: str | None = None, only: list[str] | None = None,
          progress: Callable[[int, int, str], None] | None = None) -> Built:
    """Execute the lessons and write the site into ``out`` (created; existing pages are replaced)."""
    from pakru.corpus import load
    from pakru.lessons import course_text, course_words, lessons
    from pakru.paths import course
    from pakru.quiz import load_bank
    from pakru.site.quiz import quiz_context
    from pakru.timeline import plot

    started = time.perf_counter()
    progress = progress or (lambda done, total, what: None)
    root = course().root
    every = lessons()
    chosen = [item for item in every if not only or item.id in only]
    if only and len(chosen) != len(set(only)):
        known = ", ".join(item.id for item in every)
        raise SiteError(f"unknown lesson id in {', '.join(only)}; lessons are: {known}")
    corpus = load()
    built = Built(out)
    out.mkdir(parents=True, exist_ok=True)
    assets = out / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "pakru.css").write_text(stylesheet(minify=False), encoding="utf-8")
    script = resources.files("pakru.render").joinpath("static", "pakru-site.js").read_text(encoding="utf-8")
    (assets / "pakru-site.js").write_text(script, encoding="utf-8")
    title, intro = course_text(corpus)
    common = {"course": title, "words": course_words(corpus, every), "root": "", "standalone": False}
    total = len(chosen) + 3
    quizzes: dict[str, dict] = {}

    def quiz_view(bank_id: str) -> dict:
        if bank_id not in quizzes:
            quizzes[bank_id] = quiz_context(load_bank(bank_id, corpus), corpus)
        return quizzes[bank_id]

    def write(name: str, html: Markup) -> None:
        path = out / name
        path.write_text(str(html), encoding="utf-8")
        built.pages.append(path)

    with scratch_progress("site-build", PAKRU_ROOT=str(root)):  # the kernels read this course
        for n, item in enumerate(chosen):
            progress(n, total, f"executing {item.id}")
            t0 = time.perf_counter()
            nb = execute(root / "notebooks" / f"{item.id}.ipynb", root / "notebooks")
            built.executing += time.perf_counter() - t0
            page = render("site_lesson.html.j2", title=item.title, nav=_nav(every, item.id),
                          launch=_launch(f"notebooks/{item.id}.ipynb", repo, branch, hub),
                          blocks=blocks(nb, item.id, quiz_view), **common)
            write(f"{item.id}.html", page)
    progress(len(chosen), total, "index")
    start_here = _launch("notebooks/00_start_here.ipynb", repo, branch, hub)
    summaries = [{"href": f"{item.id}.html", "title": item.title, "minutes": item.minutes, "teaching": item.teaching,
                  "exercises": item.exercises, "objectives": list(item.objectives)} for item in every]
    write("index.html", render("site_index.html.j2", title="Course", nav=_nav(every, "index"), launch=start_here,
                               intro=intro, lessons=summaries, **common))
    progress(len(chosen) + 1, total, "sources")
    write("sources.html", render("site_sources.html.j2", title="Sources", nav=_nav(every, "sources"),
                                 launch=start_here, sources=source_cards(corpus), **common))
    progress(len(chosen) + 2, total, "timeline")
    figure = Markup(plot(corpus).html(standalone=False))
    write("timeline.html", render("site_timeline.html.j2", title="Timeline", nav=_nav(every, "timeline"),
                                  launch=_launch("notebooks/05_synthesis.ipynb", repo, branch, hub),
                                  figure=figure, rows=timeline_rows(corpus), **common))
    progress(total, total, "done")
    built.total = time.perf_counter() - started
    return built


def main(out: str, repo: str | None, branch: str | None, hub: str | None, only: list[str] | None = None) -> int:
    """``python -m pakru site --out DIR``: build the site; one line saying what went wrong otherwise."""
    from pakru.links import origin
    from pakru.paths import course

    repo = repo or origin(course().root)
    if not repo:
        print("site: no git remote 'origin' here; give the published repository with --repo URL "
              "(the pages' Binder and JupyterHub buttons point at it)", file=sys.stderr)
        return 1
    target = Path(out)
    try:
        built = build(target, repo, branch or "main", hub, only, progress=progress_printer())
    except KeyboardInterrupt:
        if sys.stderr.isatty():
            sys.stderr.write("\n")  # the progress bar's line ends before the command says it was interrupted
        raise
    except (SiteError, ValueError, KeyError) as exc:
        print(f"site: {exc}", file=sys.stderr)
        return 1
    print(f"site: {len(built.pages)} pages in {target} (executing the lessons {built.executing:.1f} s, "
          f"everything {built.total:.1f} s); open {target / 'index.html'}")
    return 0

