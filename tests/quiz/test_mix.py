"""`asks` tags (recall | interpret | compare | evaluate) and the mix `check` reports per bank (issue 14)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pakru.quiz import check_all_banks, load_bank
from pakru.quiz.mix import check_question_mix

QUESTION = """\
  - id: {id}
    type: truefalse
{asks}    prompt: Did VOA say it had been more than 30 years?
    answer: true
    explanation: VOA says so.
    evidence:
      - cite: voa-2003 ¶2
        text: more than 30 years since a Pakistani leader
"""


def bank(folder: Path, name: str, tags: list[str | None]) -> Path:
    body = f"id: {name}\ntitle: T\nquestions:\n" + "".join(
        QUESTION.format(id=f"q{n}", asks=f"    asks: {tag}\n" if tag else "") for n, tag in enumerate(tags))
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def messages(folder: Path) -> list[tuple[str, str, int | None, str]]:
    return [(Path(p.file).name, p.severity, p.line, p.message) for p in check_question_mix(folder)]


def test_the_tag_is_read_and_an_unknown_tag_is_an_error_with_its_line(tmp_path, corpus):
    lines = bank(tmp_path, "t", ["evaluate", "memorise"]).read_text("utf-8").splitlines()
    found = [(p.line, p.message) for p in check_all_banks(corpus, tmp_path)]
    assert found == [(lines.index("    asks: memorise") + 1,
                      "asks must be one of 'recall', 'interpret', 'compare' or 'evaluate', not 'memorise'")]
    bank(tmp_path, "t", ["evaluate", "compare"])
    assert [q.asks for q in load_bank(tmp_path / "t.yaml", corpus).questions] == ["evaluate", "compare"]


def test_a_missing_tag_is_accepted_by_the_model_and_warned_about_by_check(tmp_path, corpus):
    lines = bank(tmp_path, "t", ["recall", None, None]).read_text("utf-8").splitlines()
    assert check_all_banks(corpus, tmp_path) == []
    found = messages(tmp_path)
    assert ("t.yaml", "info", None, "question mix (3 questions): 1 recall, 0 interpret, 0 compare, 0 evaluate, "
            "2 untagged") in found
    assert ("t.yaml", "warning", lines.index("  - id: q1") + 1,
            "2 question(s) without `asks` (recall | interpret | compare | evaluate): q1, q2") in found


def test_a_lesson_bank_of_mostly_recall_is_warned_about(tmp_path):
    bank(tmp_path, "07_lesson", ["recall", "recall", "recall", "interpret", "evaluate"])
    found = {m for _, severity, _, m in messages(tmp_path) if severity == "warning"}
    assert found == {"only 2 of 5 questions go beyond recall; a lesson bank needs at least half (interpret, "
                     "compare or evaluate)",
                     "1 source-criticism question(s) (`asks: evaluate`); a lesson bank needs at least 2"}


def test_a_lesson_bank_meeting_the_goals_gets_only_its_mix(tmp_path):
    bank(tmp_path, "07_lesson", ["recall", "recall", "compare", "evaluate", "evaluate"])
    assert messages(tmp_path) == [("07_lesson.yaml", "info", None, "question mix (5 questions): 2 recall, "
                                   "0 interpret, 1 compare, 2 evaluate")]


def test_other_banks_report_their_mix_but_are_not_held_to_the_lesson_goals(tmp_path):
    bank(tmp_path, "practice", ["recall", "recall", "recall"])
    assert [severity for _, severity, _, _ in messages(tmp_path)] == ["info"]
