"""Questions as stock ipywidgets: one control builder per type, one view per question, one quiz.

Everything is checked in Python (the answers stay in the kernel) and saved at once to the
progress store. Feedback uses a symbol and words, never colour alone; every control has a label.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from pakru.progress import Record, Store
from pakru.quiz.model import (
    LETTERS,
    Bank,
    Chronology,
    Matching,
    MultipleChoice,
    Numeric,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
    Verdict,
    normalise,
)
from pakru.quiz.static import Tried, bank_html, bank_text, prompt_html
from pakru.quiz.types import of
from pakru.render import render
from pakru.show import passage_html

if TYPE_CHECKING:
    from pakru.corpus import Corpus



def stable_rng(*parts: object) -> random.Random:
    """A random generator seeded by text, the same in every kernel (``hash()`` is salted per process)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return random.Random(int(digest[:16], 16))


_SHARED: dict[tuple, w.Widget] = {}


def shared(kind: type[w.Widget], **traits: Any) -> w.Widget:
    """One Layout or Style model for every widget that looks alike, instead of one of each per widget.

    Left to itself, ipywidgets gives every widget its own Layout and Style model: each is an object to
    build and a comm message to send, and they were two thirds of a quiz's ~300 models. Nothing changes
    a widget's layout or style after it is made, so widgets that look alike can share one. A model closed
    since (``Widget.close_all()``) is replaced by a fresh one.
    """
    key = (kind, tuple(sorted(traits.items())))
    model = _SHARED.get(key)
    if model is None or model.comm is None:
        model = _SHARED[key] = kind(**traits)
    return model


def wide() -> w.Layout:
    """As wide as its content, never wider than the output area."""
    return shared(w.Layout, width="auto", max_width="100%")


def plain() -> w.Layout:
    return shared(w.Layout)


def style(widget: type[w.Widget], **traits: Any) -> w.Widget:
    """The shared style model of a widget class (each class has its own kind of Style)."""
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


def single_control(q: SingleChoice, rng: random.Random | None, name: str) -> Control:
    options = list(q.options)
    if rng:
        rng.shuffle(options)
    choices = answer_list([(o, o) for o in options], name, q.prompt)

    def fill(answer: Any) -> None:
        choices.value = answer if answer in options else None

    return Control(choices, lambda: choices.value, fill)


def multiple_control(q: MultipleChoice, rng: random.Random | None, name: str) -> Control:
    options = list(q.options)
    if rng:
        rng.shuffle(options)
    boxes = [w.Checkbox(value=False, description=o, indent=False, layout=wide(),
                        style=style(w.Checkbox)) for o in options]

    def fill(answer: Any) -> None:
        for box in boxes:
            box.value = box.description in (answer or [])

    return Control(vbox(boxes), lambda: [b.description for b in boxes if b.value], fill)


def truefalse_control(q: TrueFalse, rng: random.Random | None, name: str) -> Control:
    choices = answer_list([("True", True), ("False", False)], name, q.prompt)

    def fill(answer: Any) -> None:
        choices.value = answer if isinstance(answer, bool) else None

    return Control(choices, lambda: choices.value, fill)


LATE_ANSWER = 0.5
"""Seconds after a Check in which a change from the browser is the answer that Check was pressed for."""


def answer_parts(widget: w.Widget) -> list[w.Widget]:
    """The widgets inside a control that hold part of the answer (anything with a value but text on show)."""
    if isinstance(widget, w.Box):
        return [part for child in widget.children for part in answer_parts(child)]
    return [] if isinstance(widget, w.HTML | w.Label) or not widget.has_trait("value") else [widget]


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


def numeric_control(q: Numeric, rng: random.Random | None, name: str) -> Control:
    hint = f"a number, in {q.unit}" if q.unit else "a number"
    box = typed_field(name, hint, q.prompt)
    parts = [box] + ([w.Label(q.unit, layout=plain(), style=style(w.Label))] if q.unit else [])

    def fill(answer: Any) -> None:
        box.value = "" if answer is None else str(answer)

    return Control(hbox(parts), lambda: box.value, fill)


def text_control(q: ShortText, rng: random.Random | None, name: str) -> Control:
    box = typed_field(name, "type your answer", q.prompt)

    def fill(answer: Any) -> None:
        box.value = "" if answer is None else str(answer)

    return Control(box, lambda: box.value, fill)


def chronology_control(q: Chronology, rng: random.Random | None, name: str) -> Control:
    shown = list(q.items)
    (rng or stable_rng(q.id)).shuffle(shown)  # never shown in date order: that would give the answer away
    if shown == q.order:
        shown = shown[1:] + shown[:1]
    n = len(shown)
    places = [("– place –", None)] + [(f"{i}{' (earliest)' if i == 1 else ' (latest)' if i == n else ''}", i)
                                      for i in range(1, n + 1)]
    rows, pickers = [], {}
    for letter, event_id in zip(LETTERS, shown, strict=False):
        title = q.events[event_id].title if event_id in q.events else event_id
        picker = w.Dropdown(options=places, value=None, description=answer_label(f"Place of {letter}", title),
                            description_allow_html=True, layout=plain(), style=initial(w.Dropdown))
        pickers[event_id] = picker
        rows.append(hbox([picker, html(str(render("quiz_item.html.j2", letter=letter, text=title)))]))

    def read() -> list[str | None]:
        order: list[str | None] = [None] * n
        for event_id, picker in pickers.items():
            if picker.value is not None:
                order[picker.value - 1] = event_id
        return order

    def problem() -> str:
        chosen = [p.value for p in pickers.values() if p.value is not None]
        twice = sorted({c for c in chosen if chosen.count(c) > 1})
        return f"Two events share place {twice[0]}: give each event its own place." if twice else ""

    def fill(answer: Any) -> None:
        for place, event_id in enumerate(answer or [], 1):
            if event_id in pickers:
                pickers[event_id].value = place

    return Control(vbox(rows), read, fill, problem)


def matching_control(q: Matching, rng: random.Random | None, name: str) -> Control:
    """A text field with the choices as suggestions per item (``Combobox``), not a drop-down.

    A drop-down (``<select>``) focused in a notebook passes typed letters to JupyterLab's command-mode
    shortcuts (M turns the cell into Markdown, A inserts a cell) wherever pakru's JupyterLab setting
    (pakru.labsettings) is not installed: a text field never does, and it takes the name typed in any case
    and spacing.
    """
    lefts = [p.left for p in q.pairs]
    rights = sorted(q.rights)
    if rng:
        rng.shuffle(lefts)
        rng.shuffle(rights)
    known = {normalise(r): r for r in rights}
    rows, boxes = [], {}
    for letter, left in zip(LETTERS, lefts, strict=False):
        box = w.Combobox(options=rights, value="", ensure_option=False, placeholder="type or pick a name",
                         description=answer_label(f"Match for {letter}", left), description_allow_html=True,
                         layout=plain(), style=initial(w.Combobox))
        boxes[left] = box
        rows.append(vbox([html(str(render("quiz_item.html.j2", letter=letter, text=left))), box]))

    def read() -> dict[str, str | None]:
        return {left: known.get(normalise(box.value)) if box.value.strip() else None for left, box in boxes.items()}

    def problem() -> str:
        for letter, box in zip(LETTERS, boxes.values(), strict=False):
            if box.value.strip() and normalise(box.value) not in known:
                typed = box.value.strip()[:40]
                return f"“{typed}” (for {letter}) is not one of the choices: pick a name from the list."
        return ""

    def fill(answer: Any) -> None:
        for left, right in dict(answer or {}).items():
            if left in boxes and right in rights:
                boxes[left].value = right

    return Control(vbox(rows), read, fill, problem)


def feedback_html(verdict: Verdict, attempts: int, explanation: str = "", saved: bool = False,
                  has_source: bool = True, save_error: str = "", answer: str = "") -> str:
    """Symbol and words first, then the note, the explanation (only once right) and the attempts.

    A polite live region, so a screen reader reads it out. ``has_source``: whether "Show in source" can
    help (questions without evidence, e.g. from jupyterquiz, are never pointed at a disabled button).
    ``answer``: the revealed answer, once "Show answer" was pressed.
    """
    state = "unchecked" if not verdict.counts else "correct" if verdict.correct else "wrong"
    return str(render("quiz_feedback.html.j2", state=state, note=verdict.note, explanation=explanation,
                      attempts=attempts, saved=saved, has_source=has_source, save_error=save_error,
                      answer=answer))


class QuestionView:
    """One question on screen: prompt, control, Check / Show in source / Show answer, feedback."""

    def __init__(self, question: Question, number: int, quiz: Quiz, rng: random.Random | None):
        self.question = question
        self.quiz = quiz
        self.attempts = 0
        self.correct: bool | None = None
        """None until checked; then whether the latest counted answer was right."""
        self.response: Any = None
        """The latest counted answer (what the static fallback shows as "Your answer")."""
        self._verdict: Verdict | None = None
        self._checked_at: float | None = None
        """When the latest Check finished (monotonic seconds), for answers that arrive just after it."""
        self._press_counted = False
        """Whether the latest Check counted as an attempt (a late answer must not count it twice)."""
        self._from_record = False
        self._saved_error = ""
        self._revealed = False
        self.control = of(question).control(question, rng, f"Answer to Q{number}")
        self.prompt = html(prompt_html(question, number))
        self.check_button = w.Button(description="Check", tooltip=f"Check your answer to Q{number}", icon="check",
                                     button_style="primary", layout=plain(), style=style(w.Button))
        self.source_button = w.Button(description="Show in source", icon="book", disabled=True,
                                      tooltip=self._source_tooltip(), layout=plain(), style=style(w.Button))
        reveal = quiz.bank.settings.reveal_after
        self.reveal_button = w.Button(description="Show answer", icon="eye", disabled=reveal != 0,
                                      tooltip="Shown after a few tries" if reveal is not None else "Not available",
                                        layout=plain(), style=style(w.Button))
        self.feedback = html()
        self.source = html()
        self.check_button.on_click(lambda _: self.check())
        self.source_button.on_click(lambda _: self.toggle_source())
        self.reveal_button.on_click(lambda _: self.reveal())
        buttons = hbox([self.check_button] + ([self.source_button] if question.evidence else [])
                         + ([self.reveal_button] if reveal is not None else []))
        for part in answer_parts(self.control.widget):
            part.observe(self._late_answer, names="value")
        self.box = vbox([self.prompt, self.control.widget, buttons, self.feedback, self.source])
        self.box.add_class("pakru-question")  # one group named by its .pakru-prompt (pakru.labextension)
        self.box.add_class(f"pakru-q-{question.id}")
        self._update_reveal()

    def _source_tooltip(self) -> str:
        after = self.quiz.bank.settings.source_after
        if after is None:
            return "Not available in this quiz"
        return "Show the passage this answer comes from" + (" (after your first try)" if after == 1 else
                                                             f" (after {after} tries)" if after else "")

    def check(self, again: bool = False) -> Verdict:
        """Check the current answer, show the feedback, save it, and update the quiz's score.

        ``again``: the answer of the latest Check arrived after it (see ``_late_answer``); it is graded as
        that same attempt, not as a new one.
        """
        problem = self.control.problem()
        response = self.control.read()
        verdict = Verdict(False, 0.0, problem, counts=False) if problem else self.question.check(response)
        if verdict.counts:
            if not (again and self._press_counted):
                self.attempts += 1
            self.correct = verdict.correct
            self.response = response
        self._press_counted = verdict.counts or (again and self._press_counted)
        self._from_record = False
        self._verdict = verdict
        self._saved_error = self.quiz.save(self, response, verdict) if verdict.counts else ""
        self._revealed = False
        self._show_feedback()
        self._update_reveal()
        self.quiz.update_score()
        self._checked_at = time.monotonic()
        return verdict

    def _late_answer(self, change: Any) -> None:
        """Grade again when the browser's last change to the answer arrives just after a Check.

        Why: the widget JavaScript sends a control's state at most once per kernel round trip and holds later
        changes back until the kernel has answered, while the Check click belongs to another widget and goes at
        once. A learner who arrows through a list and presses Check quickly on a busy hub is first graded on an
        option they passed over; the option they stopped on arrives a moment later, and is graded as that same
        Check (no extra attempt). Only changes made in the browser count (ipywidgets applies those under its
        property lock), and only within ``LATE_ANSWER`` seconds: less than anyone needs to read the feedback
        and choose again, so a new choice after reading it still needs its own Check.
        """
        if self._checked_at is None or time.monotonic() - self._checked_at > LATE_ANSWER:
            return
        if not getattr(change.owner, "_property_lock", None):
            return  # set from Python (restoring, revealing), not by the learner
        self.check(again=True)

    def restore(self, record: Record) -> None:
        """Show a saved answer again: the control filled in, the verdict, the attempts so far."""
        try:
            self.control.fill(record.answer)
        except (TypeError, ValueError, KeyError, AttributeError):
            pass  # the question changed since; the saved attempts and verdict still count
        self.attempts = record.attempts
        self.correct = record.correct
        self.response = record.answer
        self._verdict = Verdict(record.correct, record.score)
        self._from_record = True
        self._show_feedback()
        self._update_reveal()

    def _show_feedback(self) -> None:
        verdict = self._verdict
        if verdict is None:
            self.feedback.value = ""
            return
        answer = self.question.answer_text() if self._revealed else ""
        self.feedback.value = feedback_html(verdict, self.attempts, self.question.explanation,
                                            saved=self._from_record, has_source=self._source_allowed(),
                                            save_error=self._saved_error, answer=answer)

    def _source_allowed(self) -> bool:
        """The reveal rule for the source: evidence to show, and enough tries (``settings.source_after``)."""
        after = self.quiz.bank.settings.source_after
        return bool(self.question.evidence) and after is not None and self.attempts >= after

    def _update_reveal(self) -> None:
        reveal = self.quiz.bank.settings.reveal_after
        self.reveal_button.disabled = reveal is None or self.attempts < reveal
        self.source_button.disabled = not self._source_allowed()

    def toggle_source(self) -> None:
        """Show (or hide) each cited paragraph with the evidence highlighted and its citation."""
        if not self._source_allowed():
            return
        if self.source.value:
            self.source.value = ""
            self.source_button.description = "Show in source"
            return
        corpus = self.quiz.corpus()
        by_cite: dict[Any, list[str]] = {}
        for ev in self.question.evidence:
            by_cite.setdefault(ev.cite, []).append(ev.text)
        self.source.value = "".join(passage_html(corpus.cite(cite), texts) for cite, texts in by_cite.items())
        self.source_button.description = "Hide source"

    def reveal(self) -> None:
        """Show the answer and the explanation (only enabled after ``reveal_after`` tries)."""
        if self.reveal_button.disabled or self._revealed:
            return
        self._revealed = True
        if self._verdict is None:
            self._verdict = Verdict(False, 0.0, "", counts=False)
        self._show_feedback()


class Quiz(w.VBox):
    """A whole bank on screen, with a running score and a summary; plain HTML where no kernel runs."""

    def __init__(self, bank: Bank, store: Store, corpus: Corpus | None = None, shuffle_seed: object = None):
        self.bank = bank
        self.store = store
        self._corpus = corpus
        who = getattr(store, "identity", None)  # whose answers this quiz saves, said under its title
        self.title = html(str(render("quiz_title.html.j2", title=bank.title,
                                     whose=who.describe() if who is not None else "")))
        self.warnings = html()
        self.score = html()
        self.summary = html()
        self.views = []
        for number, question in enumerate(bank.questions, 1):
            rng = stable_rng(store.learner, bank.id, question.id, shuffle_seed) if bank.settings.shuffle else None
            self.views.append(QuestionView(question, number, self, rng))
        saved = store.latest(bank.id)
        for view in self.views:
            record = saved.get((bank.id, view.question.id))
            if record is not None:
                view.restore(record)
        self.warnings.value = str(render("quiz_alerts.html.j2", messages=list(store.warnings)))
        super().__init__([self.title, self.warnings, self.score] + [v.box for v in self.views] + [self.summary],
                         layout=plain())
        self.add_class("pakru-quiz")
        self.update_score()

    def corpus(self) -> Any:
        """The corpus the evidence points into (the project's, unless one was given)."""
        if self._corpus is None:
            from pakru.corpus import load

            self._corpus = load()
        return self._corpus

    def view(self, question_id: str) -> QuestionView:
        """The view of one question, by id (handy in tests and notebooks)."""
        for view in self.views:
            if view.question.id == question_id:
                return view
        raise KeyError(f"no question {question_id!r} in {self.bank.id}")

    def save(self, view: QuestionView, response: Any, verdict: Verdict) -> str:
        """Save one checked answer at once; on failure say so in the feedback instead of crashing."""
        try:
            self.store.record(self.bank.id, view.question.id, kind="quiz", answer=response,
                              correct=verdict.correct, attempts=view.attempts, score=verdict.score, max_score=1.0)
        except (OSError, TypeError, ValueError) as exc:
            return str(exc)
        return ""

    def update_score(self) -> None:
        """Running score, and the summary once every question has been checked."""
        total = len(self.views)
        answered = [v for v in self.views if v.correct is not None]
        right = [v for v in answered if v.correct]
        self.score.value = str(render("quiz_score.html.j2", right=len(right), answered=len(answered), total=total))
        rows = [{"number": n, "prompt": v.question.prompt, "correct": v.correct, "attempts": v.attempts}
                for n, v in enumerate(self.views, 1)]
        self.summary.value = str(render("quiz_summary.html.j2", right=len(right), answered=len(answered),
                                        total=total, rows=rows))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        """The live widget where a widget manager runs, plain HTML and text everywhere else."""
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = bank_text(self.bank)
        data["text/html"] = self.static_html()
        return data

    def _repr_html_(self) -> str:
        return self.static_html()

    def static_html(self) -> str:
        """The answer-safe text version: every question, and the learner's own answers to those tried."""
        tried = {v.question.id: Tried(v.response, bool(v.correct), v.attempts)
                 for v in self.views if v.correct is not None}
        return bank_html(self.bank, tried)
