""""Download my results": one button that hands the learner their results file, in any notebook.

Why a data: link: on Binder (and on a laptop) a learner's files are lost when the session ends, and
the instructor needs the file in the LMS. A button press writes the learner's results with
``pakru.progress.export_csv`` (the same file as ``python -m pakru export``) and shows a link whose
``href`` holds that file as a ``data:`` URI with a ``download`` name: the browser saves it without
any server route, extension or injected script. The link is made fresh on every press, so it holds
every answer saved up to that moment.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

UPLOAD = "Upload this file to your course's assignment (or hand it to your instructor)."
MARK = "pakru-results-button"
"""Put in the button's output metadata so that a page built from an executed notebook (``python -m pakru site``,
which has no kernel and no results) can tell the button from other outputs and say so instead."""
SITE_NOTE = "Your answers are saved, and can be downloaded, only when you run the lesson in JupyterLab."


def is_results_button(output: dict) -> bool:
    """Whether a stored notebook output is the "Download my results" button."""
    return (output.get("metadata") or {}).get(MARK) is True


def filename(learner: str) -> str:
    """The results file's name, the same for the button and ``python -m pakru export``."""
    from pakru.progress import default_export_name

    return default_export_name(learner)


def results_link(store=None):
    """The rendered link (``Markup``) carrying the learner's current results as a CSV ``data:`` URI."""
    from pakru.progress import default_store, export_csv
    from pakru.render import render

    store = store or default_store()
    with tempfile.TemporaryDirectory() as tmp:
        data = export_csv(Path(tmp) / "results.csv", store).read_bytes()
    count = len(store.latest())
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    return render("download.html.j2", filename=filename(store.learner), href=href, count=count,
                  learner=store.learner, where=UPLOAD)


class ResultsButton:
    """A "Download my results" button and the place its link appears (stock ipywidgets only)."""

    def __init__(self, store=None):
        import ipywidgets as widgets

        self._store = store
        self.button = widgets.Button(description="Download my results", icon="download",
                                     tooltip="Save your quiz and exercise results as a file to hand in")
        self.link = widgets.HTML()
        self.button.on_click(lambda _: self.refresh())
        self.widget = widgets.VBox([self.button, self.link])

    def refresh(self) -> None:
        """Write the results now and show the link to save them."""
        try:
            self.link.value = str(results_link(self._store))
        except (OSError, ValueError) as exc:
            from pakru.render import render

            self.link.value = str(render("notice.html.j2", text=f"Your results could not be prepared ({exc}); "
                                                                "run `python -m pakru export` in a terminal."))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        bundle = self.widget._repr_mimebundle_() or {}
        bundle["text/plain"] = ("Download my results: a button in JupyterLab; in a terminal, "
                                "`python -m pakru export` writes the same file.")
        display(bundle, raw=True, metadata={MARK: True})


class WithDownload:
    """Shows ``shown`` (any displayable: key points, an exercise summary) and then the results button."""

    def __init__(self, shown, store=None):
        self.shown = shown
        self._store = store

    def __getattr__(self, name):  # the wrapped object's attributes (e.g. a summary's rows) stay reachable
        return getattr(self.shown, name)

    def __repr__(self) -> str:
        return repr(self.shown)

    def _repr_html_(self):
        return self.shown._repr_html_() if hasattr(self.shown, "_repr_html_") else None

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.shown)
        display(ResultsButton(self._store))
