"""A new question type is one module: registering tests/quiz/yeartype.py (a type the package does not have) is
enough for bank validation (with file:line problems), the published schema, the live widget, the static page and
the site's page, whose script grades it as Python does without a line of it knowing the type."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import needs
import pytest
import yeartype

import pakru.render
from pakru.problems import ProblemError
from pakru.progress import Store
from pakru.quiz import check_all_banks, load_bank, show, types
from pakru.quiz.bankfile import bank_model
from pakru.quiz.static import bank_html
from pakru.render import render
from pakru.site.quiz import quiz_context

SCRIPT = Path(pakru.render.__file__).parent / "static" / "pakru-site.js"
BANK = """\
id: {id}
title: Years
questions:
  - id: visit-year
    type: year
    prompt: In what year did Musharraf visit Moscow, as Voice of America reports?
    answer: {answer}
    explanation: Voice of America (voa-2003 ¶2) reports the visit.
    evidence:
      - cite: voa-2003 ¶2
        text: more than 30 years since a Pakistani leader has traveled to Moscow
"""


@pytest.fixture
def year_type():
    types.add(yeartype)
    yield yeartype
    types.remove(yeartype)


def write(folder: Path, bank_id: str, answer: str) -> Path:
    path = folder / f"{bank_id}.yaml"
    path.write_text(BANK.format(id=bank_id, answer=answer), encoding="utf-8")
    return path


def test_an_unregistered_type_is_refused_and_a_registered_one_is_validated(tmp_path, corpus):
    write(tmp_path, "years", "2003")
    [problem] = check_all_banks(corpus, tmp_path)
    assert problem.line == 4 and problem.message.startswith("unknown question type 'year'")

    types.add(yeartype)
    try:
        assert check_all_banks(corpus, tmp_path) == []
        write(tmp_path, "bad", "soon")
        [problem] = check_all_banks(corpus, tmp_path)
        assert (Path(problem.file).name, problem.line) == ("bad.yaml", 7) and "answer" in problem.message
        schema = bank_model().model_json_schema()
        assert "year" in json.dumps(schema["$defs"]["YearEntry"]), "its JSON Schema comes from its entry model"
        with pytest.raises(ValueError, match="registered already"):
            types.add(yeartype)
    finally:
        types.remove(yeartype)
    assert "year" not in types.registry()


def test_the_live_quiz_and_the_static_page_show_and_check_it(tmp_path, corpus, year_type):
    path = write(tmp_path, "years", "2003")
    quiz = show(path, store=Store(tmp_path / "progress", learner="ada"), corpus=corpus)
    view = quiz.view("visit-year")
    view.control.fill("1999")
    assert "That is not the year." in view.check().note and view.attempts == 1
    view.control.fill(" 2003 ")
    assert view.check().correct
    page = bank_html(load_bank(path, corpus), {})
    assert "years (e.g. 1972)" in page and "Give a year" in page and "2003" not in page


class Controls(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.inputs: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def test_the_sites_page_asks_it_and_its_script_grades_it_as_python_does(tmp_path, corpus, year_type):
    bank = load_bank(write(tmp_path, "years", "2003"), corpus)
    context = quiz_context(bank, corpus)
    page = str(render("site_quiz.html.j2", block={"quiz": context}))
    assert Controls(page).inputs == [{"type": "text", "name": "years-visit-year", "inputmode": "numeric",
                                      "autocomplete": "off"}]
    question = bank.question("visit-year")
    rule = json.loads(json.dumps(context["key"]["questions"]["visit-year"]))
    node = shutil.which("node")
    if node is None:
        needs.missing("Node.js is not installed: the page's script cannot be run", "PAKRU_REQUIRE_NODE")
    answers = yeartype.samples(question)
    program = ("const site = require(process.argv[1]); const [rule, answers] = JSON.parse(process.argv[2]); "
               "process.stdout.write(JSON.stringify(answers.map(a => { const v = site.grade(rule, a); "
               "return [v.correct, v.counts, v.note]; })));")
    done = subprocess.run([node, "-e", program, str(SCRIPT), json.dumps([rule, answers])], capture_output=True,
                          text=True, timeout=60, check=True)
    python = [[v.correct, v.counts, v.note] for v in map(question.check, answers)]
    assert json.loads(done.stdout) == python
    assert [p[:2] for p in python] == [[True, True], [False, True], [True, True], [False, False], [False, False],
                                       [False, False]]


def test_a_bank_with_the_type_is_refused_again_once_it_is_removed(tmp_path, corpus):
    path = write(tmp_path, "years", "2003")
    with pytest.raises(ProblemError):
        load_bank(path, corpus)
