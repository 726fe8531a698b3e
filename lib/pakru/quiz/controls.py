"""The widget pieces every question type's control is built from (stock ipywidgets): shared layout and style
models, the ``Control`` record a type hands the quiz view, a list box, a typed field and their labels.

Each type's ``control`` (in its module under ``pakru.quiz.types``) builds its answer part from these; the quiz
view around it (``pakru.quiz.widgets``) is the same for every type.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from pakru.render import render


def stable_rng(*parts: object) -> random.Random:
    """A random generator seeded by text, the same in every kernel (``hash()`` is salted per process)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return random.Random(int(digest[:16], 16))


_SHARED: dict[tuple, w.Widget] = {}


def shared(widget_class: type[w.Widget], **traits: Any) -> w.Widget:
    """One Layout or Style model for every widget that looks alike, instead of one of each per widget.

    Left to itself, ipywidgets gives every widget its own Layout and Style model: each is an object to
    build and a comm message to send, and they were two thirds of a quiz's ~300 models. Nothing changes
    a widget's layout or style after it is made, so widgets that look alike can share one. A model closed
    since (``Widget.close_all()``) is replaced by a fresh one.
    """
    key = (widget_class, tuple(sorted(traits.items())))
    model = _SHARED.get(key)
    if model is None or model.comm is None:
        model = _SHARED[key] = widget_class(**traits)
    return model


def wide() -> w.Layout:
    """As wide as its content, never wider than the output area."""
    return shared(w.Layout, width="auto", max_width="100%")


def plain() -> w.Layout:
    return shared(w.Layout)


def style(widget: type[w.Widget], **traits: Any) -> w.Widget:
    """The shared style model of a widget class (each class has its own Style class)."""
    return shared(widget.class_traits()["style"].klass, **traits)


def initial(widget: type[w.Widget]) -> w.Widget:
    """A style whose description (the control's label) is as wide as its text, not cut at a fixed width."""
    return style(widget, description_width="initial")


def html(value: str = "") -> w.HTML:
    return w.HTML(value, layout=plain(), style=style(w.HTML))


def hbox(children: list) -> w.HBox:
    return w.HBox(children, layout=plain())


def vbox(children: list) -> w.VBox:
    return w.VBox(children, layout=plain())


@dataclass
class Control:
    """The answer part of a question view: its widget, how to read it and how to fill it in again."""

    widget: w.Widget
    read: Callable[[], Any]
    fill: Callable[[Any], None]
    problem: Callable[[], str] = lambda: ""
    """A reason the answer cannot be checked yet (e.g. two events in one place), or ''."""


def answer_list(options: list[tuple[str, Any]], name: str, prompt: str) -> w.Select:
    """One choice from a list: a list box (``Select``), one Tab stop in which the arrow keys move.

    Why not ``RadioButtons`` or toggle buttons: ipywidgets renders its radios without a ``name``, so a browser
    does not treat them as one group (with arrows let through, Chromium moved from one question's last option
    into the next question's first), and toggle buttons are separate Tab stops with no name of their own. A
    list box is a single control the keyboard knows (arrows, Home, End, typing an option's first letter),
    named by its ``<label>``: here the question itself, so a screen reader says "Answer to Q1: <the
    question>, list box, <option>, 1 of 3". The label is kept out of sight (the prompt is shown just above);
    JupyterLab's arrow and letter shortcuts leave it alone (pakru.labsettings).
    """
    choices = w.Select(options=options, value=None, rows=len(options), description=f"{name}: {prompt}",
                       layout=wide(), style=style(w.Select))
    choices.add_class("pakru-answer-list")
    return choices


def answer_label(name: str, about: str) -> str:
    """A control's label: ``name`` on screen ("Answer to Q4:"), and what it is about for screen readers too.

    ipywidgets names a control by its ``<label>``, and no stock widget can group several controls under a
    question: in JupyterLab pakru's extension (pakru.labextension) makes each ``.pakru-question`` box a group
    named by its prompt, but another front end has no such group, so each name carries its own context too
    ("Place of A: <the event>"); shown with ``description_allow_html``, the text escaped by the template.
    """
    return str(render("answer_label.html.j2", name=name, prompt=about))


def typed_field(name: str, hint: str, prompt: str) -> w.Text:
    """A text field that sends its value once, when it loses the focus (or on Enter).

    Why not on every keystroke: the widget JavaScript sends a model's state at most once per kernel round trip
    and holds later keystrokes back until the kernel is idle, while the Check click belongs to another widget
    and goes at once. On a busy kernel "542" would be checked as "5". One message on leaving the field always
    reaches the kernel before the click that follows it.
    """
    return w.Text(value="", description=answer_label(name, prompt), description_allow_html=True, placeholder=hint,
                  continuous_update=False, layout=plain(), style=initial(w.Text))
