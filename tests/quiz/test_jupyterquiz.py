"""Banks in jupyterquiz's JSON format load as our questions (without evidence); bad ones are Problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pakru import quiz
from pakru.problems import ProblemError
from pakru.progress import Store
from pakru.quiz import check_all_banks, load_bank
from pakru.quiz.types.multiple import MultipleChoice
from pakru.quiz.types.numeric import Numeric
from pakru.quiz.types.single import SingleChoice

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
    assert "Show in source" not in view.feedback.value, "never point to a button that stays disabled"
    assert view.source_button not in view.box.children[2].children
    view.control.widget.value = "Voice of America"
    view.check_button.click()
    assert "✔ Correct" in view.feedback.value


def test_problems_name_the_question_and_its_line(tmp_path, corpus):
    bad = [UPSTREAM[0],
           {"question": "None right?", "type": "multiple_choice",
            "answers": [{"answer": "a", "correct": False}, {"answer": "b", "correct": False}]},
           {"question": "Drag", "type": "match", "answers": [{"answer": "x", "correct": True}]},
           {"question": "N", "type": "numeric", "answers": [{"type": "value", "value": "three", "correct": True}]}]
    lines = write(tmp_path, "bad.json", bad).read_text("utf-8").splitlines()

    def opening(prompt: str) -> int:
        """The 1-based line of the `{` that opens the question with this prompt."""
        return next(n for n, line in enumerate(lines, 1) if f'"question": "{prompt}"' in line) - 1

    found = [(Path(p.file).name, p.line, p.message) for p in check_all_banks(corpus, tmp_path)]
    assert ("bad.json", opening("None right?"),
            "question 2: no answer is marked correct, so the question cannot be answered") in found
    assert any(line == opening("Drag") and "question 3: type 'match' is not supported" in m
               for _, line, m in found)
    assert ("bad.json", opening("N"), "question 4: `value` must be a number, not 'three'") in found


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


# Parity with jupyterquiz's own checking code, read in github.com/jmshea/jupyterquiz:
#   jupyterquiz/js/numeric.js  check_numeric(): a '/' divides; with "precision" the submission becomes
#       Number(Number(x).toPrecision(p)) and a `value` answer is compared as value.toPrecision(p);
#       'value' in answer -> equality; 'range' in answer -> range[0] <= x < range[1]; type "default" -> feedback;
#       answers are tried in order and the first that holds decides.
#   jupyterquiz/js/string.js   check_string(): trimmed text, toLowerCase() unless match_case, then
#       1 - levenshtein / max(len) >= fuzzy_threshold ("(Fuzzy) " + feedback); type "default" -> feedback.
#   jupyterquiz/js/multiple_choice.js  the number of correct answers (not the type name) makes it many-choice.
#   jupyterquiz/js/helpers.js  a question's `code` is shown under it.
# Each bank below is in that JSON format; each expected verdict is worked out from those rules by hand.

def load_one(tmp_path, question: dict):
    [q] = load_bank(write(tmp_path, "one.json", [question])).questions
    return q


def numeric(answers: list[dict], **extra) -> dict:
    return {"question": "N?", "type": "numeric", "answers": answers, **extra}


def test_precision_rounds_the_expected_value_too(tmp_path):
    q = load_one(tmp_path, numeric([{"type": "value", "value": 3.14159, "correct": True}], precision=3))
    for typed in ("3.14", "3.14159", "3.1416", "22/7"):  # all 3.14 to three significant digits
        assert q.check(typed).correct, typed
    assert not q.check("3.15").correct and q.check("3.15").counts


def test_precision_rounds_half_away_from_zero_like_javascript(tmp_path):
    # (0.125).toPrecision(2) is "0.13" in JavaScript (0.125 is exact in binary); Python's round gives 0.12
    q = load_one(tmp_path, numeric([{"type": "value", "value": 0.13, "correct": True}], precision=2))
    assert q.check("0.125").correct
    assert not q.check("0.1249").correct


def test_without_precision_a_value_must_be_equal(tmp_path):
    q = load_one(tmp_path, numeric([{"type": "value", "value": 3.14, "correct": True},
                                    {"type": "default", "feedback": "Two decimals."}]))
    assert q.check("3.14").correct and q.check("3.140").correct
    verdict = q.check("3.14159")
    assert not verdict.correct and verdict.counts and verdict.note == "Two decimals."


def test_ranges_are_half_open(tmp_path):
    q = load_one(tmp_path, numeric([{"type": "range", "range": [1, 2], "correct": True, "feedback": "In."},
                                    {"type": "range", "range": [2, 3], "correct": False, "feedback": "Too big."},
                                    {"type": "default", "feedback": "Out."}]))
    assert q.check("1").correct and q.check("1.999").correct
    assert q.check("2").note == "Too big." and not q.check("2").correct
    assert q.check("3").note == "Out."


def test_the_first_answer_that_holds_decides(tmp_path):
    q = load_one(tmp_path, numeric([{"value": 5, "correct": False, "feedback": "Not exactly 5."},
                                    {"type": "range", "range": [0, 10], "correct": True}]))
    assert q.check("5").note == "Not exactly 5." and not q.check("5").correct
    assert q.check("6").correct


def test_fractions_and_exponents_are_read_and_nothing_is_truncated(tmp_path):
    q = load_one(tmp_path, numeric([{"type": "value", "value": 1000, "correct": True},
                                    {"type": "value", "value": 0.5, "correct": False, "feedback": "A half?"}]))
    assert q.check("1e3").correct and q.check("1E3").correct and q.check("1000.0").correct
    assert q.check("1/2").note == "A half?"
    for typed in ("1/2/3", "1e3e3", "10 apples", "1/0"):
        verdict = q.check(typed)
        assert not verdict.counts and "not understood" in verdict.note, typed


def test_string_answers_as_jupyterquiz_checks_them(tmp_path):
    q = load_one(tmp_path, {"question": "Who?", "type": "string", "answers": [
        {"answer": "Lavrov", "correct": True, "feedback": "Yes."},
        {"answer": "Shoigu", "correct": False, "feedback": "He ran defence."},
        {"answer": "USSR", "correct": True, "match_case": True},
        {"answer": "Musharraf", "correct": True, "feedback": "Right.", "fuzzy_threshold": 0.8},
        {"type": "default", "feedback": "Read ¶3 again."}]})
    assert q.check("  lavrov ").correct and q.check("LAVROV").note == "Yes."
    assert q.check("shoigu").note == "He ran defence." and not q.check("shoigu").correct
    assert q.check("Lavrov.").note == "Read ¶3 again."  # no punctuation folding in jupyterquiz
    assert q.check("USSR").correct and not q.check("ussr").correct
    fuzzy = q.check("Musharaf")  # 1 edit in 9 letters: 1 - 1/9 >= 0.8
    assert fuzzy.correct and fuzzy.note == "(Fuzzy) Right."
    assert not q.check("Mush").correct
    assert q.answer_text() == "Lavrov / USSR / Musharraf"


def test_the_number_of_right_answers_makes_a_choice_question_single_or_multiple(tmp_path):
    many_with_one = load_one(tmp_path, {"question": "?", "type": "many_choice", "answers": [
        {"answer": "a", "correct": True}, {"answer": "b", "correct": False}]})
    multiple_with_two = load_one(tmp_path, {"question": "?", "type": "multiple_choice", "answers": [
        {"answer": "a", "correct": True}, {"answer": "b", "correct": True}, {"answer": "c", "correct": False}]})
    assert isinstance(many_with_one, SingleChoice) and many_with_one.check("a").correct
    assert isinstance(multiple_with_two, MultipleChoice) and multiple_with_two.check(["a", "b"]).correct


def test_question_code_is_kept_and_shown(tmp_path):
    # jupyterquiz's examples/questions.json: "Determine the output of the following Python code:"
    q = load_one(tmp_path, {"question": "Determine the output of the following Python code:",
                            "code": "a=\"1\"\nb=\"2\"\nprint(a+b)", "type": "multiple_choice",
                            "answers": [{"answer": "3", "correct": False}, {"answer": "12", "correct": True}]})
    assert q.code == 'a="1"\nb="2"\nprint(a+b)'
    shown = quiz.show(tmp_path / "one.json", store=Store(tmp_path / "p", "t"))
    assert "<pre" in shown.views[0].prompt.value and "print(a+b)" in shown.views[0].prompt.value
    assert "a=&quot;1&quot;" in shown.views[0].prompt.value or "a=&#34;1&#34;" in shown.views[0].prompt.value


def test_a_reversed_range_is_a_warning_and_holds_nothing(tmp_path, corpus):
    write(tmp_path, "r.json", [numeric([{"type": "range", "range": [3, 1], "correct": True},
                                        {"type": "value", "value": 2, "correct": True}])])
    [problem] = check_all_banks(corpus, tmp_path)
    assert problem.severity == "warning" and "holds no number" in problem.message
    q = load_bank(tmp_path / "r.json").questions[0]
    assert not q.check("1.5").correct and q.check("2").correct


def test_markdown_links_become_links_and_nothing_else_does(tmp_path):
    # jupyterquiz/js/helpers.js jaxify(): [label](url) and <http...> become <a> in questions and feedback
    write(tmp_path, "links.json", [{
        "question": "Read [the repository](https://github.com/jmshea/jupyterquiz) first. [x](javascript:alert(1))",
        "type": "multiple_choice",
        "answers": [{"answer": "a", "correct": True}, {"answer": "b", "correct": False,
                                                       "feedback": "See <https://example.org/help>."}]}])
    view = quiz.show(tmp_path / "links.json", store=Store(tmp_path / "p", "t")).views[0]
    assert ('<a href="https://github.com/jmshea/jupyterquiz" target="_blank" rel="noopener noreferrer">'
            "the repository</a>") in view.prompt.value
    assert "javascript:" not in view.prompt.value.split("[x]")[0] and "[x](javascript:alert(1))" in view.prompt.value
    view.control.widget.value = "b"
    view.check_button.click()
    assert '<a href="https://example.org/help"' in view.feedback.value


def test_a_string_answer_with_spaces_around_it_is_refused_with_its_file_and_line(tmp_path, corpus):
    """jupyterquiz trims what the learner types but compares it with the answer as written: ' padded answer '
    never matches there. It must not quietly match here either (the bank model trims text): such a bank is
    refused, naming the file and the question's line, in JSON and in a YAML bank's `answers` rules alike."""
    padded = {"question": "Padded?", "type": "string", "answers": [{"answer": " padded answer ", "correct": True}]}
    lines = write(tmp_path, "padded.json", [UPSTREAM[0], padded]).read_text("utf-8").splitlines()
    opening = next(n for n, line in enumerate(lines, 1) if '"question": "Padded?"' in line) - 1
    found = [(Path(p.file).name, p.line, p.message) for p in check_all_banks(corpus, tmp_path)]
    assert found == [("padded.json", opening, "question 2: answer ' padded answer ' has spaces around it: "
                      "jupyterquiz trims what the learner types, not the answer, so it would never match; "
                      "remove the spaces")]
    with pytest.raises(ProblemError):
        load_bank(tmp_path / "padded.json")

    (tmp_path / "padded.json").unlink()
    yaml_bank = ("id: padded\ntitle: Padded\nquestions:\n  - id: q\n    type: text\n    prompt: Padded?\n"
                 "    explanation: e\n    evidence: [{cite: voa-2003 ¶2, text: more than 30 years}]\n"
                 "    answers:\n      - answer: ' padded answer '\n        correct: true\n")
    (tmp_path / "padded.yaml").write_text(yaml_bank, encoding="utf-8")
    [problem] = check_all_banks(corpus, tmp_path)
    assert (Path(problem.file).name, problem.line) == ("padded.yaml", 10)
    assert "' padded answer ' has spaces around it" in problem.message
