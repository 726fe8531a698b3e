"""Banks in jupyterquiz's JSON format, graded as jupyterquiz grades them, so authors can bring what they have.

Read against jupyterquiz's own checking code (github.com/jmshea/jupyterquiz: ``jupyterquiz/js/numeric.js``,
``string.js``, ``multiple_choice.js``, ``helpers.js``, and ``schema/*.json``):

- ``multiple_choice`` and ``many_choice`` behave alike there: one right answer makes a choose-one
  question, several make a choose-all (→ ``single`` / ``multiple``). Each answer is ``answer`` text
  and/or ``code``, ``correct`` and optional ``feedback``.
- ``numeric``: answers are tried in order and the first that holds decides: ``value`` (equal; with the
  question's ``precision`` both numbers are rounded to that many significant digits), ``range`` (half-open,
  ``low <= x < high``), and ``{type: default, feedback}`` for anything else. Fractions (``22/7``) are read.
- ``string``: trimmed text equal to an ``answer`` (case ignored unless ``match_case``), or similar enough
  (``fuzzy_threshold``); first match decides; ``default`` feedback otherwise.
- A question's ``code`` is shown under it.

Such questions carry no evidence. Problems name the question's line, found by reading the JSON again as
YAML (JSON is YAML) only when there is a problem to report, so a large good bank is read once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pakru.problems import Problem, ProblemError, display_path
from pakru.quiz.model import (
    Bank,
    MultipleChoice,
    Numeric,
    NumericRule,
    Question,
    ShortText,
    SingleChoice,
    TextRule,
)
from pakru.yamlfile import load_yaml, parse_json, read_text_strict

SUPPORTED = ("multiple_choice", "many_choice", "numeric", "string")
MAX_PRECISION = 100
"""JavaScript's ``toPrecision`` takes 1 to 100 digits."""

Report = Callable[..., None]


def read_json_bank(path: Path) -> tuple[Bank | None, list[Problem]]:
    """Parse a jupyterquiz JSON list of questions into a Bank; every fault a Problem with its line."""
    shown = display_path(path)
    try:
        text = read_text_strict(path)
    except ProblemError as exc:
        return None, exc.problems
    try:
        data = parse_json(text, path)
    except ProblemError as exc:
        return None, exc.problems
    if not isinstance(data, list) or not data:
        return None, [Problem(shown, "a jupyterquiz bank is a non-empty JSON list of questions", 1)]
    found: list[tuple[int, str, str]] = []  # (question index, message, severity)
    questions: list[Question] = []
    for n, item in enumerate(data, 1):
        def bad(message: str, severity: str = "error", n: int = n) -> None:
            found.append((n, f"question {n}: {message}", severity))

        question = _question(item, f"q{n}", bad)
        if question is not None:
            questions.append(question)
    lines = _lines(path) if found else []
    problems = [Problem(shown, message, lines[n - 1] if n - 1 < len(lines) else None, severity)
                for n, message, severity in found]
    for question in questions:
        index = int(question.id[1:]) - 1
        question.line = lines[index] if index < len(lines) else None
    return Bank(path.stem, path.stem.replace("_", " "), questions, file=shown), problems


def _lines(path: Path) -> list[int | None]:
    """The line each question starts on, or nothing if the JSON is not also readable as YAML."""
    try:
        data = load_yaml(path)
    except (ProblemError, RecursionError):
        return []
    return [getattr(item, "line", None) for item in data] if isinstance(data, list) else []


def _question(item: Any, qid: str, bad: Report) -> Question | None:
    if not isinstance(item, dict):
        bad("must be an object with question, type and answers")
        return None
    kind = item.get("type")
    if kind not in SUPPORTED:
        bad(f"type {kind!r} is not supported (supported: {', '.join(SUPPORTED)})")
        return None
    prompt = item.get("question")
    if not isinstance(prompt, str) or not prompt.strip():
        bad("`question` must be text")
        prompt = ""
    code = item.get("code", "")
    if not isinstance(code, str):
        bad("`code` must be text")
        code = ""
    answers = item.get("answers")
    if not isinstance(answers, list) or not answers or not all(isinstance(a, dict) for a in answers):
        bad("`answers` must be a non-empty list of objects")
        return None
    common = {"id": qid, "prompt": prompt, "code": code}
    if kind == "numeric":
        return _numeric(item, answers, common, bad)
    if kind == "string":
        return _string(answers, common, bad)
    return _choice(answers, common, bad)


def _feedback(answer: dict, bad: Report) -> str:
    feedback = answer.get("feedback", "")
    if not isinstance(feedback, str):
        bad(f"`feedback` must be text, not {feedback!r}")
        return ""
    return feedback


def _choice(answers: list[dict], common: dict, bad: Report) -> Question | None:
    options, right, feedback = [], [], {}
    for answer in answers:
        parts = [answer.get(key) for key in ("answer", "code") if key in answer]
        if not parts or not all(isinstance(p, str) for p in parts) or not isinstance(answer.get("correct"), bool):
            bad("each answer needs `answer` or `code` (text) and `correct` (true or false)")
            return None
        if answer.get("hide"):
            bad("answers with `hide` (survey questions without a right answer) are not supported")
            return None
        text = " ".join(parts)
        options.append(text)
        if answer["correct"]:
            right.append(text)
        if answer.get("feedback") is not None:
            feedback[text] = _feedback(answer, bad)
    if len(set(options)) != len(options):
        bad("two answers have the same text")
        return None
    if not right:
        bad("no answer is marked correct, so the question cannot be answered")
        return None
    if len(right) == 1:  # jupyterquiz decides by the number of right answers, not by the type's name
        return SingleChoice(**common, options=options, answer=right[0], feedback=feedback)
    return MultipleChoice(**common, options=options, answer=right, feedback=feedback)


def _numeric(item: dict, answers: list[dict], common: dict, bad: Report) -> Question | None:
    rules: list[NumericRule] = []
    default = ""
    for answer in answers:
        feedback = _feedback(answer, bad)
        if "value" not in answer and "range" not in answer:
            if answer.get("type") == "default":
                default = feedback
                continue
            bad("a numeric answer is {value: N, correct: …}, {range: [LOW, HIGH], correct: …} "
                "or {type: default, feedback: …}")
            return None
        correct = answer.get("correct")
        if not isinstance(correct, bool):
            bad("each numeric answer needs `correct` (true or false)")
            return None
        if "value" in answer:
            if not _is_number(answer["value"]):
                bad(f"`value` must be a number, not {answer['value']!r}")
                return None
            value = float(answer["value"])
            rules.append(NumericRule(value, value, correct, feedback, kind="value"))
            continue
        bounds = answer["range"]
        if not isinstance(bounds, list) or len(bounds) != 2 or not all(_is_number(v) for v in bounds):
            bad(f"`range` must be [LOW, HIGH], two numbers, not {bounds!r}")
            return None
        low, high = (float(v) for v in bounds)
        if low >= high:
            bad(f"range {bounds!r} holds no number (a range is LOW <= x < HIGH, as in jupyterquiz)",
                severity="warning")
        rules.append(NumericRule(low, high, correct, feedback, kind="range"))
    if not any(r.correct for r in rules):
        bad("a numeric question needs at least one correct value or range")
        return None
    precision = item.get("precision")
    if precision is not None and (not isinstance(precision, int) or isinstance(precision, bool)
                                  or not 1 <= precision <= MAX_PRECISION):
        bad(f"`precision` must be a whole number of significant digits (1 to {MAX_PRECISION}), not {precision!r}")
        precision = None
    return Numeric(**common, rules=rules, precision=precision, default_feedback=default)


def _string(answers: list[dict], common: dict, bad: Report) -> Question | None:
    rules: list[TextRule] = []
    default = ""
    for answer in answers:
        feedback = _feedback(answer, bad)
        if answer.get("type") == "default":
            default = feedback
            continue
        text, correct = answer.get("answer"), answer.get("correct")
        threshold = answer.get("fuzzy_threshold")
        if not isinstance(text, str) or not isinstance(correct, bool):
            bad("each string answer needs `answer` (text) and `correct` (true or false)")
            return None
        if threshold is not None and (not _is_number(threshold) or not 0 < threshold <= 1):
            bad(f"`fuzzy_threshold` must be a number above 0 and at most 1, not {threshold!r}")
            threshold = None
        rules.append(TextRule(text, correct, feedback, answer.get("match_case") is True,
                              float(threshold) if threshold is not None else None))
    if not any(r.correct for r in rules):
        bad("a string question needs at least one correct answer")
        return None
    return ShortText(**common, rules=rules, default_feedback=default)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
