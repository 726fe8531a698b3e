"""Banks in jupyterquiz's JSON format load as our questions (without evidence); bad ones are Problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pakru import quiz
from pakru.problems import ProblemError
from pakru.progress import Store
from pakru.quiz import check_all_banks, load_bank
from pakru.quiz.model import MultipleChoice, Numeric, SingleChoice

# The shape of jupyterquiz's own examples/questions.json (github.com/jmshea/jupyterquiz), abridged.
UPSTREAM = [
    {"question": "Choose all of the following that can be included in Jupyter notebooks?", "type": "many_choice",
     "answers": [{"answer": "Typeset mathematics", "correct": True, "feedback": "Correct."},
                 {"answer": "Formatted text", "correct": True, "feedback": "Correct."},
                 {"answer": "Live snakes via Python", "correct": False, "feedback": "I hope not."}]},
    {"question": "Which of these are used to create formatted text in Jupyter notebooks?", "type": "multiple_choice",
     "answers": [{"answer": "Wiki markup", "correct": False, "feedback": "False."},
                 {"answer": "Markdown", "correct": True, "feedback": "Correct."}]},
    {"question": "Enter the value of $\\pi$ to 2 decimal places.", "type": "numeric", "precision": 3,
     "answers": [{"type": "value", "value": 3.14, "correct": True, "feedback": "Correct."},
                 {"type": "range", "range": [3.142857, 3.142858], "correct": True, "feedback": "22/7?"},
                 {"type": "range", "range": [-100000000, 0], "correct": False, "feedback": "Negative? Try again."},
                 {"type": "default", "feedback": "Try again."}]},
]


def write(folder: Path, name: str, data) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=4), encoding="utf-8")
    return path


def test_upstream_format_loads_as_our_questions(tmp_path):
    bank = load_bank(write(tmp_path, "upstream.json", UPSTREAM))
    many, single, number = bank.questions
    assert isinstance(many, MultipleChoice) and many.answer == ["Typeset mathematics", "Formatted text"]
    assert isinstance(single, SingleChoice) and single.answer == "Markdown"
    assert isinstance(number, Numeric) and number.precision == 3
    assert all(q.evidence == [] for q in bank.questions)
    assert [q.id for q in bank.questions] == ["q1", "q2", "q3"]


def test_upstream_checking_and_feedback(tmp_path):
    bank = load_bank(write(tmp_path, "upstream.json", UPSTREAM))
    many, single, number = bank.questions
    assert many.check(["Typeset mathematics", "Formatted text"]).correct
    assert many.check(["Live snakes via Python"]).note == "I hope not."
    assert single.check("Wiki markup").note == "False."
    assert number.check("3.14159").correct
    assert number.check("3.142857").correct
    assert number.check("-1").note == "Negative? Try again."
    assert number.check("10").note == "Try again."


def test_the_project_sample_bank_works_as_a_quiz(tmp_path):
    shown = quiz.show("jupyterquiz_sample", store=Store(tmp_path, "t"))
    view = shown.views[0]
    assert view.source_button.disabled  # no evidence to show
    view.control.widget.value = "The Moscow Times"
    view.check_button.click()
    assert "✘ Not yet" in view.feedback.value and "2011" in view.feedback.value
    view.control.widget.value = "Voice of America"
    view.check_button.click()
    assert "✔ Correct" in view.feedback.value


def test_problems_name_the_question_and_its_line(tmp_path, corpus):
    bad = [UPSTREAM[0],
           {"question": "Two right?", "type": "multiple_choice",
            "answers": [{"answer": "a", "correct": True}, {"answer": "b", "correct": True}]},
           {"question": "Free text", "type": "string", "answers": [{"answer": "x", "correct": True}]},
           {"question": "N", "type": "numeric", "answers": [{"type": "value", "value": "three", "correct": True}]}]
    lines = write(tmp_path, "bad.json", bad).read_text("utf-8").splitlines()

    def opening(prompt: str) -> int:
        """The 1-based line of the `{` that opens the question with this prompt."""
        return next(n for n, line in enumerate(lines, 1) if f'"question": "{prompt}"' in line) - 1

    found = [(Path(p.file).name, p.line, p.message) for p in check_all_banks(corpus, tmp_path)]
    assert ("bad.json", opening("Two right?"),
            "question 2: a multiple_choice question needs exactly one correct answer, not 2") in found
    assert any(line == opening("Free text") and "question 3: type 'string' is not supported" in m
               for _, line, m in found)
    assert any(line == opening("N") and m.startswith("question 4: a numeric answer is") for _, line, m in found)


@pytest.mark.parametrize("text", ["{not json", "[]", "{\"question\": 1}", "[1, 2]",
                                  "[{\"question\": \"q\", \"type\": \"many_choice\", \"answers\": \"x\"}]"])
def test_malformed_json_is_a_problem_never_a_traceback(tmp_path, corpus, text):
    write(tmp_path, "m.json", text)
    found = check_all_banks(corpus, tmp_path)
    assert found and all(Path(p.file).name == "m.json" for p in found)
    with pytest.raises(ProblemError):
        load_bank(tmp_path / "m.json")


def test_json_syntax_error_gives_its_line(tmp_path, corpus):
    write(tmp_path, "s.json", '[\n  {"question": "q",\n   "type": }\n]')
    [problem] = check_all_banks(corpus, tmp_path)
    assert problem.line == 3 and problem.message.startswith("JSON syntax")
