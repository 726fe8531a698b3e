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

Each question is rewritten as a bank entry and validated by the same models as YAML banks (each type's entry
model, ``pakru.quiz.types``: ``feedback`` per option, numeric ``answers``/``precision``, text ``answers``);
such questions carry no evidence. Problems name the question's line, found by reading the JSON again as
YAML (JSON is YAML) only when there is a problem to report, so a large good bank is read once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pakru.problems import Problem, ProblemError, display_path
from pakru.quiz.model import Bank, Question
from pakru.schema import validate
from pakru.yamlfile import load_yaml, parse_json, read_text_strict

SUPPORTED = ("multiple_choice", "many_choice", "numeric", "string")

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
    """One jupyterquiz question, rewritten as a bank entry and validated by the same entry models as YAML banks
    (each type's module in ``pakru.quiz.types``; only explanation and evidence are not asked for)."""
    from pakru.quiz.types import registry

    if not isinstance(item, dict):
        bad("must be an object with question, type and answers")
        return None
    their_type = item.get("type")
    if their_type not in SUPPORTED:
        bad(f"type {their_type!r} is not supported (supported: {', '.join(SUPPORTED)})")
        return None
    answers = item.get("answers")
    if not isinstance(answers, list) or not answers or not all(isinstance(a, dict) for a in answers):
        bad("`answers` must be a non-empty list of objects")
        return None
    entry: dict[str, Any] = {"id": qid, "prompt": item.get("question"), "code": item.get("code", "")}
    if their_type == "numeric":
        fields = _numeric(item, answers, bad)
    elif their_type == "string":
        fields = _string(answers, bad)
    else:
        fields = _choice(answers, bad)
    if fields is None:
        return None
    entry.update(fields)
    model = registry()[entry["type"]].entry
    found, problems = validate(entry, model, "", {"imported": True})
    for problem in problems:
        bad(problem.message)
    return found.question() if found is not None else None


def _feedback(answer: dict) -> Any:
    return answer.get("feedback", "")


def _choice(answers: list[dict], bad: Report) -> dict[str, Any] | None:
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
        if "feedback" in answer:
            feedback[text] = _feedback(answer)
    if not right:
        bad("no answer is marked correct, so the question cannot be answered")
        return None
    if len(right) == 1:  # jupyterquiz decides by the number of right answers, not by the type's name
        return {"type": "single", "options": options, "answer": right[0], "feedback": feedback}
    return {"type": "multiple", "options": options, "answer": right, "feedback": feedback}


def _numeric(item: dict, answers: list[dict], bad: Report) -> dict[str, Any] | None:
    rules: list[dict[str, Any]] = []
    default: Any = ""
    for answer in answers:
        if "value" not in answer and "range" not in answer:
            if answer.get("type") == "default":
                default = _feedback(answer)
                continue
            bad("a numeric answer is {value: N, correct: …}, {range: [LOW, HIGH], correct: …} "
                "or {type: default, feedback: …}")
            return None
        rule = {key: answer[key] for key in ("value", "range", "correct", "feedback") if key in answer}
        if "value" in rule:
            rule.pop("range", None)  # jupyterquiz looks at `value` first
        bounds = rule.get("range")
        if isinstance(bounds, list) and len(bounds) == 2 and all(_is_number(v) for v in bounds) \
                and bounds[0] >= bounds[1]:
            bad(f"range {bounds!r} holds no number (a range is LOW <= x < HIGH, as in jupyterquiz)",
                severity="warning")
        rules.append(rule)
    fields: dict[str, Any] = {"type": "numeric", "answers": rules, "default_feedback": default}
    if item.get("precision") is not None:
        fields["precision"] = item["precision"]
    return fields


def _string(answers: list[dict], bad: Report) -> dict[str, Any] | None:
    rules: list[dict[str, Any]] = []
    default: Any = ""
    for answer in answers:
        if answer.get("type") == "default":
            default = _feedback(answer)
            continue
        rules.append({key: answer[key] for key in ("answer", "correct", "feedback", "match_case", "fuzzy_threshold")
                      if key in answer})
    return {"type": "text", "answers": rules, "default_feedback": default}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
