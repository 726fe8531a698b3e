"""Banks in jupyterquiz's JSON format, so authors can bring questions they already have.

Supported: ``multiple_choice`` (→ single), ``many_choice`` (→ multiple) and ``numeric``
(answers of type ``value``, ``range`` and ``default``, optional ``precision``). Such questions
carry no evidence. Lines in problems come from reading the JSON again as YAML (JSON is YAML).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pakru.problems import Problem, ProblemError, display_path
from pakru.quiz.model import Bank, MultipleChoice, Numeric, NumericRule, Question, SingleChoice
from pakru.yamlfile import load_yaml, read_text_strict

SUPPORTED = ("multiple_choice", "many_choice", "numeric")


def read_json_bank(path: Path) -> tuple[Bank | None, list[Problem]]:
    """Parse a jupyterquiz JSON list of questions into a Bank; every fault a Problem with its line."""
    shown = display_path(path)
    try:
        text = read_text_strict(path)
    except ProblemError as exc:
        return None, exc.problems
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(shown, f"JSON syntax: {exc.msg}", exc.lineno)]
    lines = _lines(path)
    if not isinstance(data, list) or not data:
        return None, [Problem(shown, "a jupyterquiz bank is a non-empty JSON list of questions", 1)]
    problems: list[Problem] = []
    questions: list[Question] = []
    for n, item in enumerate(data, 1):
        line = lines[n - 1] if n - 1 < len(lines) else None
        question = _question(item, f"q{n}", line, shown, problems)
        if question is not None:
            questions.append(question)
    return Bank(path.stem, path.stem.replace("_", " "), questions, file=shown), problems


def _lines(path: Path) -> list[int | None]:
    """The line each question starts on, or nothing if the JSON is not also readable as YAML."""
    try:
        data = load_yaml(path)
    except ProblemError:
        return []
    return [getattr(item, "line", None) for item in data] if isinstance(data, list) else []


def _question(item: Any, qid: str, line: int | None, shown: str, problems: list[Problem]) -> Question | None:
    def bad(message: str) -> None:
        problems.append(Problem(shown, f"question {qid[1:]}: {message}", line))

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
    answers = item.get("answers")
    if not isinstance(answers, list) or not answers or not all(isinstance(a, dict) for a in answers):
        bad("`answers` must be a non-empty list of objects")
        return None
    if kind == "numeric":
        return _numeric(item, answers, qid, prompt, line, bad)
    return _choice(kind, answers, qid, prompt, line, bad)


def _choice(kind: str, answers: list[dict], qid: str, prompt: str, line: int | None, bad: Any) -> Question | None:
    options, right, feedback = [], [], {}
    for answer in answers:
        text = answer.get("answer", answer.get("code"))
        if not isinstance(text, str) or not isinstance(answer.get("correct"), bool):
            bad("each answer needs `answer` (text) and `correct` (true or false)")
            return None
        options.append(text)
        if answer["correct"]:
            right.append(text)
        if isinstance(answer.get("feedback"), str):
            feedback[text] = answer["feedback"]
    if len(set(options)) != len(options):
        bad("two answers have the same text")
        return None
    if kind == "multiple_choice":
        if len(right) != 1:
            bad(f"a multiple_choice question needs exactly one correct answer, not {len(right)}")
            return None
        return SingleChoice(id=qid, prompt=prompt, line=line, options=options, answer=right[0], feedback=feedback)
    if not right:
        bad("a many_choice question needs at least one correct answer")
        return None
    return MultipleChoice(id=qid, prompt=prompt, line=line, options=options, answer=right, feedback=feedback)


def _numeric(item: dict, answers: list[dict], qid: str, prompt: str, line: int | None, bad: Any) -> Question | None:
    rules: list[NumericRule] = []
    default = ""
    for answer in answers:
        kind, feedback = answer.get("type"), str(answer.get("feedback", ""))
        if kind == "default":
            default = feedback
            continue
        correct = answer.get("correct")
        if not isinstance(correct, bool):
            bad("each numeric answer needs `correct` (true or false)")
            return None
        if kind == "value" and _is_number(answer.get("value")):
            rules.append(NumericRule(float(answer["value"]), float(answer["value"]), correct, feedback))
        elif kind == "range" and isinstance(answer.get("range"), list) and len(answer["range"]) == 2 \
                and all(_is_number(v) for v in answer["range"]):
            low, high = sorted(float(v) for v in answer["range"])
            rules.append(NumericRule(low, high, correct, feedback))
        else:
            bad("a numeric answer is {type: value, value: N} or {type: range, range: [LOW, HIGH]} "
                "or {type: default}")
            return None
    if not any(r.correct for r in rules):
        bad("a numeric question needs at least one correct value or range")
        return None
    precision = item.get("precision")
    if precision is not None and (not isinstance(precision, int) or isinstance(precision, bool) or precision < 1):
        bad(f"`precision` must be a whole number of significant digits, not {precision!r}")
        precision = None
    return Numeric(id=qid, prompt=prompt, line=line, rules=rules, precision=precision, default_feedback=default)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
