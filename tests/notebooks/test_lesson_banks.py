"""The six lesson banks: enough questions of enough kinds, every answer backed by text found verbatim."""

from __future__ import annotations

import pytest
from lesson_helpers import BANKS, LESSON_IDS

from pakru.citations import Citation
from pakru.yamlfile import load_yaml


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_does_the_bank_have_six_questions_of_three_types(path):
    data = load_yaml(path)
    assert data["id"] == path.stem
    kinds = [q["type"] for q in data["questions"]]
    assert len(kinds) >= 6 and len(set(kinds)) >= 3


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_is_every_evidence_text_verbatim_in_the_cited_paragraph(path, corpus):
    for question in load_yaml(path)["questions"]:
        assert question.get("evidence"), f"{question['id']} has no evidence"
        for ev in question["evidence"]:
            cite = Citation.parse(ev["cite"])
            assert corpus.resolves(cite), f"{question['id']}: {cite}"
            assert ev["text"] in corpus.cite(cite).text, f"{question['id']}: evidence not verbatim in {cite}"


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_does_the_quiz_package_load_the_bank_without_problems(path, corpus):
    from pakru.quiz.banks import check_evidence, read_yaml_bank, resolve_events

    bank, problems = read_yaml_bank(path)
    assert bank is not None and problems == [], [str(p) for p in problems]
    assert check_evidence(bank, corpus) + resolve_events(bank, corpus) == []


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_is_every_choice_answer_one_of_its_options(path):
    for q in load_yaml(path)["questions"]:
        if q["type"] == "single":
            assert q["answer"] in q["options"], q["id"]
        if q["type"] == "multiple":
            assert set(q["answer"]) < set(q["options"]), q["id"]


def test_does_lesson_2_let_students_find_the_disagreement_on_the_visit_gap():
    bank = load_yaml(BANKS[LESSON_IDS.index("02_thaw_2003")])
    gap = next(q for q in bank["questions"] if q["id"] == "visit-gap")
    cited = {ev["cite"] for ev in gap["evidence"]}
    assert {"voa-2003 ¶2", "latimes-2003 ¶1", "moscowtimes-2011 ¶6"} <= cited
    assert len(gap["answer"]) >= 3, "every figure the sources give counts as right: no single winner"
