"""One registry of question types: bank validation, widgets and the static page all take their types from it."""

from __future__ import annotations

import subprocess
import sys

import yaml

from pakru.paths import QUIZZES_DIR
from pakru.quiz import check_all_banks, load_bank
from pakru.quiz.questiontype import COMPARES, PAGE_CONTROLS
from pakru.quiz.static import choices_html
from pakru.quiz.types import COMMON, registry


def test_the_bank_model_knows_exactly_the_registered_types():
    import typing

    from pakru.quiz.bankfile import BankFile

    union = typing.get_args(typing.get_args(BankFile.model_fields["questions"].annotation)[0])[0]
    assert list(typing.get_args(union)) == [t.entry for t in registry().values()]
    assert all(set(COMMON) <= set(t.all_fields) for t in registry().values())


def test_every_registered_type_is_in_the_demo_bank_and_renders(corpus):
    bank = load_bank("demo", corpus)
    assert [q.question_type for q in bank.questions] == list(registry())
    for question in bank.questions:
        qtype = registry()[question.question_type]
        assert isinstance(question, qtype.question)
        assert isinstance(choices_html(question), str)
        assert qtype.page(question)["control"] in PAGE_CONTROLS
        assert qtype.rule(question)["compare"] in COMPARES, \
            f"{question.question_type}: the site's script has no such comparison"


def test_bank_validation_lists_the_registry_types_and_fields(tmp_path, corpus):
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"id": "b", "title": "B", "questions": [
        {"id": "x", "type": "essay", "prompt": "Write."},
        {"id": "y", "type": "numeric", "prompt": "How many?", "answer": 2, "digits": 3, "explanation": "e",
         "evidence": [{"cite": "voa-2003 ¶2", "text": "more than 30 years"}]}]}), encoding="utf-8")
    messages = [p.message for p in check_all_banks(corpus, tmp_path)]
    assert f"unknown question type 'essay'; use one of {', '.join(repr(k) for k in registry())}" in messages
    assert any(m.startswith("unknown field `digits` (known: ") and all(f in m for f in registry()["numeric"].all_fields)
               for m in messages)


def test_the_contracts_page_names_every_type():
    notes = (QUIZZES_DIR.parent.parent / "docs" / "contracts.md").read_text("utf-8")
    assert f"# {' | '.join(registry())}" in notes


def test_validating_a_bank_imports_no_widgets():
    """Each type's module holds its widget too, yet checking banks (``python -m pakru check``, the gradebook)
    must not pay for importing ipywidgets: a type's control imports it when a quiz is shown."""
    code = ("import sys; from pakru.quiz import load_bank; load_bank('jupyterquiz_sample'); "
            "from pakru.quiz.bankfile import BankFile; BankFile.model_json_schema(); "
            "print('ipywidgets' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
