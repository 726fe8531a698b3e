"""The live quiz as stock ipywidgets: one view per question around its type's control, one quiz.

Everything is checked in Python (the answers stay in the kernel) and saved at once to the
progress store. Feedback uses a symbol and words, never colour alone; every control has a label.
Each type's control is in its module (``pakru.quiz.types``), built from ``pakru.quiz.controls``.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from pakru.progress import Record, Store
from pakru.quiz.controls import (  # noqa: F401 - answer_label, shared, stable_rng: as before, from here too
    Control,
    answer_label,
    hbox,
    html,
    plain,
    shared,
    stable_rng,
    style,
    vbox,
)
from pakru.quiz.model import VERDICT, Bank, Question, Verdict, attempts_text
from pakru.quiz.static import Tried, bank_html, bank_text, prompt_html
from pakru.quiz.types import of
from pakru.render import render
from pakru.show import passage_html

if TYPE_CHECKING:
    from pakru.corpus import Corpus


LATE_ANSWER = 0.5
"""Seconds after a Check in which a change from the browser is the answer that Check was pressed for."""


def answer_parts(widget: w.Widget) -> list[w.Widget]:
    """The widgets inside a control that hold part of the answer (anything with a value but text on show)."""
    if isinstance(widget, w.Box):
        return [part for child in widget.children for part in answer_parts(child)]
    return [] if isinstance(widget, w.HTML | w.Label) or not widget.has_trait("value") else [widget]


def feedback_html(verdict: Verdict, attempts: int, explanation: str = "", saved: bool = False,
                  has_source: bool = True, save_error: str = "", answer: str = "") -> str:
    """Symbol and words first, then the note, the explanation (only once right) and the attempts.

    A polite live region, so a screen reader reads it out. ``has_source``: whether "Show in source" can
    help (questions without evidence, e.g. from jupyterquiz, are never pointed at a disabled button).
    ``answer``: the revealed answer, once "Show answer" was pressed.
    """
    state = "unchecked" if not verdict.counts else "correct" if verdict.correct else "wrong"
    return str(render("quiz_feedback.html.j2", state=state, note=verdict.note, explanation=explanation,
                      attempts_said=attempts_text(attempts), saved=saved, has_source=has_source,
                      save_error=save_error, answer=answer, verdict_words=VERDICT))


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
        self._late_graded: tuple[Any] | None = None
        """The answer a late change was just counted with, as a Check that had not counted (nothing typed, or not a
        number): the learner's own Check for that answer, right behind it, is graded without a second attempt."""
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
        that same attempt, not as a new one. When that Check had not counted (nothing typed, not a number), the
        late answer counts as its attempt, and the learner's own Check for the same answer, arriving right
        behind it, shows the verdict again without a second attempt.
        """
        problem = self.control.problem()
        response = self.control.read()
        late, self._late_graded = self._late_graded, None
        if not again and late is not None and self._checked_at is not None \
                and time.monotonic() - self._checked_at <= LATE_ANSWER and late[0] == response:
            again = self._press_counted = True  # the Check this late answer was typed for: graded as it already
        verdict = Verdict(False, 0.0, problem, counts=False) if problem else self.question.check(response)
        if verdict.counts:
            if not (again and self._press_counted):
                self.attempts += 1
                if again:
                    self._late_graded = (response,)
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
