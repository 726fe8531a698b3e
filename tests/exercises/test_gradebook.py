"""The gradebook from generated submissions equals what the inputs imply; bad files are reported, never run."""

from __future__ import annotations

import csv
import json
import random

import pytest

from pakru.exercises import gradebook
from pakru.exercises.result import FORMAT, MIME

SPECS = gradebook.load_specs()
EX = "02_thaw_2003"
MAX = {t.id: t.max_score for t in SPECS[EX].tasks if t.max_score is not None}  # from the task file
COLUMNS = [f"{EX}:{q}" for q in MAX]


def check_output(task, score, stamp, status=None, answer=None, exercise=EX):
    """One check cell's saved output, as a kernel writes it."""
    record = {"exercise": exercise, "task": task, "kind": "code", "score": score, "max_score": MAX.get(task),
              "status": status or ("passed" if score == MAX.get(task) else "not yet"), "answer": answer,
              "learner": "x", "timestamp": stamp}
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/plain": "result", MIME: {"format": FORMAT, "results": [record]}}}


def notebook(outputs, pakru=True):
    cells = [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": i + 1, "source": "check()",
              "outputs": [out]} for i, out in enumerate(outputs)]
    meta = {"pakru": {"exercise": EX, "version": "student"}} if pakru else {}
    return {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


@pytest.fixture
def classroom(tmp_path):
    """Good, partial, empty, damaged and foreign submissions, plus a progress file and an export."""
    root = tmp_path / "class"
    good = [check_output(q, MAX[q], f"2026-03-01T10:00:0{i}Z") for i, q in enumerate(MAX)]
    good.insert(0, check_output("q1", 1.0, "2026-03-01T09:00:00Z"))  # an earlier, worse attempt: later one wins
    good.append(check_output("q6", None, "2026-03-01T11:00:00Z", status="collected", answer="=My answer here"))
    write(root / "ayesha" / f"{EX}.ipynb", notebook(good))
    partial = [check_output("q1", 1.0, "2026-03-02T10:00:00Z"), check_output("q2", 2.0, "2026-03-02T10:00:01Z"),
               check_output("q3", 0.0, "2026-03-02T10:00:02Z"), check_output("q4", 99.0, "2026-03-02T10:00:03Z")]
    write(root / "bilal" / f"{EX}.ipynb", notebook(partial))
    write(root / "chen" / f"{EX}.ipynb", notebook([]))
    write(root / "dana" / f"{EX}.ipynb", json.dumps(notebook(good))[:200])
    write(root / "erin" / "other-course.ipynb", notebook([], pakru=False) | {"cells": [
        {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": 1, "source": "import os", "outputs": [
            {"output_type": "stream", "name": "stdout", "text": "hello"}]}]})
    write(root / "notes.txt", "please grade kindly")
    write(root / "farid" / "session.json", {"format": "pakru-progress/1", "learner": "farid", "session": "s",
                                            "records": [
        {"learner": "farid", "activity": EX, "question": "q5", "kind": "exercise", "answer": "2003-02-05",
         "correct": True, "attempts": 2, "score": 4.0, "max_score": 4.0, "timestamp": "2026-03-03T10:00:00Z"},
        {"learner": "farid", "activity": EX, "question": "q42", "kind": "exercise", "answer": None,
         "correct": False, "attempts": 1, "score": 0.0, "max_score": 1.0, "timestamp": "2026-03-03T10:00:00Z"}]})
    write(root / "gul.csv", "learner,activity,question,kind,correct,attempts,score,max_score,timestamp,answer\n"
                            f"gul,{EX},q2,exercise,True,1,2.0,2.0,2026-03-04T10:00:00Z,\"\"\"voa-2003 ¶3\"\"\"\n"
                            f"gul,{EX},q6,exercise,True,1,0.0,0.0,2026-03-04T10:00:01Z,\"\"\"A reply\"\"\"\n")
    write(root / "hana" / "export.csv", "name,mark\nhana,10\n")
    write(root / ".ipynb_checkpoints" / "x.ipynb", "not read")
    return root


def test_is_the_gradebook_what_the_submissions_imply(classroom, tmp_path, capsys):
    assert gradebook.main([str(classroom), "--out", str(tmp_path / "out")]) == 0
    with open(tmp_path / "out" / "gradebook.csv", encoding="utf-8") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    full = sum(MAX.values())
    expected = {  # student: {question: score}, from how each submission was made above
        "ayesha": dict(MAX),
        "bilal": {"q1": 1.0, "q2": 2.0, "q3": 0.0, "q4": MAX["q4"]},  # 99 is clamped to the task's maximum
        "chen": {}, "dana": {},  # empty and damaged: listed, nothing scored
        "farid": {"q5": 4.0},
        "gul": {"q2": 2.0},
    }
    assert sorted(rows) == sorted(expected)  # erin (foreign), hana (foreign CSV), notes.txt: not students
    for student, scores in expected.items():
        row = rows[student]
        assert {c: row[c] for c in COLUMNS} == {f"{EX}:{q}": (f"{scores[q]:g}" if q in scores else "")
                                                for q in MAX}, student
        assert float(row["total"]) == sum(scores.values())
        assert float(row["max_total"]) == full
    with open(tmp_path / "out" / "written.csv", encoding="utf-8") as handle:
        written = [(r["student"], r["question"], r["answer"]) for r in csv.DictReader(handle)]
    assert written == [("ayesha", f"{EX}:q6", "'=My answer here"), ("gul", f"{EX}:q6", "A reply")]
    err = capsys.readouterr().err
    for name, words in (("dana", "damaged notebook"), ("erin", "foreign notebook"), ("notes.txt", "foreign file"),
                        ("hana", "foreign CSV"), ("farid", "q42 is not a task")):
        assert any(name in line and words in line for line in err.splitlines()), (name, err)
    assert "checkpoints" not in err
    assert (tmp_path / "out" / "scores.png").stat().st_size > 0


def test_does_the_figure_put_the_hardest_question_first_with_title_and_labels(classroom):
    book = gradebook.collect(classroom, SPECS)
    fig = gradebook.summary_figure(book)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    labels = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])]
    # mean share of the points per question over the 6 students, from the classroom above:
    # q3 1/6 (ayesha) < q1 (1 + 1/3)/6 < q4 2/6 = q5 2/6 (ties keep task order) < q2 3/6 (ayesha, bilal, gul)
    assert labels == [f"{EX}:{q}" for q in ("q3", "q1", "q4", "q5", "q2")]


def test_are_three_hundred_submissions_graded_exactly(tmp_path):
    rng = random.Random(5)
    truth = {}
    for n in range(300):
        student = f"s{n:03d}"
        scores = {q: float(rng.randint(0, int(top))) for q, top in MAX.items() if rng.random() < 0.8}
        truth[student] = scores
        outputs = [check_output(q, s, f"2026-03-05T10:{i:02d}:00Z") for i, (q, s) in enumerate(scores.items())]
        write(tmp_path / "class" / student / f"{EX}.ipynb", notebook(outputs))
    book = gradebook.collect(tmp_path / "class", SPECS)
    assert book.students == sorted(truth) and book.problems == []
    for student, scores in truth.items():
        assert book.total(student) == sum(scores.values())
        assert {q: book.score(student, f"{EX}:{q}") for q in MAX} == {q: scores.get(q) for q in MAX}


def test_does_an_empty_folder_write_nothing_and_say_so(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    assert gradebook.main([str(tmp_path / "class"), "--out", str(tmp_path / "out")]) == 1
    assert "no readable submissions" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
