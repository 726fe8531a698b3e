"""The site's page and Python grade alike: every question of every bank (the lessons', the demo, the jupyterquiz
sample, and a jupyterquiz bank with string rules), each answered right, wrong and incompletely, is graded by the
question's Python check and by the real pakru-site.js under Node.js, reading the rule the page holds; the
verdicts (right or not, counted or not) and the feedback words must be the same."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import needs
import pytest

import pakru.render
from pakru.paths import QUIZZES_DIR
from pakru.quiz import SUFFIXES, check_bank
from pakru.quiz.types import of
from pakru.site.quiz import quiz_context

SCRIPT = Path(pakru.render.__file__).parent / "static" / "pakru-site.js"
STRINGS = [  # a jupyterquiz bank with string answers (rules, feedback, match_case, fuzzy), which no lesson bank has
    {"question": "Who was Russia's foreign minister in 2011?", "type": "string", "answers": [
        {"answer": "Lavrov", "correct": True, "feedback": "Yes: Sergey Lavrov.", "fuzzy_threshold": 0.8},
        {"answer": "Sergey Lavrov", "correct": True, "match_case": True, "feedback": "Full name, well done."},
        {"answer": "Shoigu", "correct": False, "feedback": "Shoigu was the defence minister."},
        {"type": "default", "feedback": "Look at the 2011 report again."}]},
    {"question": "Which city hosted the talks?", "type": "string", "answers": [
        {"answer": "Moscow", "correct": True}]},
]
EXTRA = ["lavrof", "LAVROV", "sergey lavrov", "Sergey Lavrov", "  Shoigu ", "Putin", "", "Moskow", "moscow"]


def banks(tmp_path: Path, corpus) -> list:
    paths = sorted(p for p in QUIZZES_DIR.iterdir() if p.suffix in SUFFIXES)
    (tmp_path / "strings.json").write_text(json.dumps(STRINGS), encoding="utf-8")
    found = []
    for path in [*paths, tmp_path / "strings.json"]:
        bank, problems = check_bank(path, corpus)
        assert bank is not None and not [p for p in problems if p.severity == "error"], (path, problems)
        found.append(bank)
    return found


def cases(bank, corpus) -> list[dict]:
    """Each sample answer: the page's rule (as the page's JSON holds it), the answer as the page's controls give
    it, and what Python says."""
    rules = json.loads(json.dumps(quiz_context(bank, corpus)["key"]["questions"]))
    found = []
    for question in bank.questions:
        qtype = of(question)
        tried = qtype.samples(question) + (EXTRA if bank.id == "strings" else [])
        for answer in tried:
            said = question.check(answer)
            found.append({"where": f"{bank.id}/{question.id}: {answer!r}", "rule": rules[question.id],
                          "response": qtype.to_page(question, answer),
                          "python": [said.correct, said.counts, said.note]})
    return found


def graded_in_the_page(found: list[dict], tmp_path: Path) -> list[list]:
    node = shutil.which("node")
    if node is None:
        needs.missing("Node.js is not installed: the page's script cannot be run", "PAKRU_REQUIRE_NODE")
    data = tmp_path / "cases.json"
    data.write_text(json.dumps(found), encoding="utf-8")
    program = ("const site = require(process.argv[1]); const cases = JSON.parse(require('fs').readFileSync("
               "process.argv[2], 'utf8')); process.stdout.write(JSON.stringify(cases.map(c => { "
               "const v = site.grade(c.rule, c.response); return [v.correct, v.counts, v.note]; })));")
    done = subprocess.run([node, "-e", program, str(SCRIPT), str(data)], capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout)


def test_does_the_page_grade_every_banks_answers_as_python_does(tmp_path, corpus):
    found = [case for bank in banks(tmp_path, corpus) for case in cases(bank, corpus)]
    page = graded_in_the_page(found, tmp_path)
    differ = [f"{c['where']}: Python {c['python']}, page {p}" for c, p in zip(found, page, strict=True)
              if p != c["python"]]
    assert differ == []
    # the samples reach every outcome, so agreement is not only agreement on one kind of answer
    outcomes = {(c["rule"]["compare"], tuple(c["python"][:2])) for c in found}
    for compare in {c["rule"]["compare"] for c in found}:
        assert {(compare, (True, True)), (compare, (False, True)), (compare, (False, False))} <= outcomes, compare
    notes = {c["python"][2] for c in found}
    assert any("of" in n and "right" in n for n in notes), "counted feedback (2 of 4 …) was compared"
    assert any("was not understood as a number" in n for n in notes)
    assert any(n.startswith("(Fuzzy)") for n in notes)


@pytest.mark.parametrize("typed", ["x" * 45, "zwölf Jahre 🙂" * 4, "12 parsecs"])
def test_is_an_unreadable_number_repeated_alike_however_long(tmp_path, corpus, typed):
    """Python cuts the repeated text at a number of characters; the page cuts at the same place (not halfway
    through an emoji, which is two JavaScript characters)."""
    [bank] = [b for b in banks(tmp_path, corpus) if b.id == "demo"]
    [question] = [q for q in bank.questions if q.question_type == "numeric"]
    case = cases(bank, corpus)[0] | {"rule": of(question).rule(question), "response": typed}
    [page] = graded_in_the_page([case], tmp_path)
    said = question.check(typed)
    assert page == [said.correct, said.counts, said.note] and not said.counts
