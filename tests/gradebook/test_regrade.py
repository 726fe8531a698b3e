"""The re-grade stage: a snapshot re-graded gives what check() gave (real check() calls, real progress files)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from exercise_helpers import EXERCISES, solution_namespace
from gradebook_helpers import EX, MAX, SPECS, work

from pakru.corpus import load
from pakru.exercises import snapshot
from pakru.exercises.session import Exercise
from pakru.gradebook.model import Given, Handed, Owner
from pakru.gradebook.regrade import Judge, regrade
from pakru.progress import Store


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.fixture(scope="module")
def judge(corpus):
    found = Judge(SPECS)
    found._corpus = corpus
    return found


@pytest.mark.parametrize("exercise", EXERCISES)
def test_regrading_a_snapshot_gives_what_check_gave(exercise, tmp_path, corpus, judge):
    # Every task of every exercise, solved: the score re-computed from the saved snapshot equals check()'s.
    store = work(tmp_path / "stores", corpus, "amna", solution_namespace(exercise), exercise)
    spec = SPECS[exercise]
    records = store.latest(exercise)
    for task in spec.tasks:
        if task.max_score is None:
            continue
        record = records[(exercise, task.id)]
        points, _ = judge.exercise(spec, task, record.answer)
        assert points == record.score == task.max_score, (exercise, task.id)


def test_a_wrong_answer_regrades_to_what_check_said(tmp_path, corpus, judge):
    solution = solution_namespace(EX)
    wrong = dict(solution, gap_voa=31, latimes_outcomes=["latimes-2003 ¶1", "latimes-2003 ¶2"],
                 musharraf_quotes=solution["musharraf_quotes"].iloc[:-1])
    store = work(tmp_path / "stores", corpus, "bilal", wrong)
    for (_, question), record in store.latest(EX).items():
        task = SPECS[EX].task(question)
        if task.max_score is not None:
            assert judge.exercise(SPECS[EX], task, record.answer)[0] == record.score, question
    assert store.latest(EX)[(EX, "q4")].score < MAX["q4"]


def test_snapshot_restores_what_each_rule_reads():
    import pandas as pd
    from matplotlib.figure import Figure

    table = pd.DataFrame({"doc_id": ["voa-2003"] * 3, "paragraph": [1, 2, 3], "text": ["a", "b", "c"]})
    back = snapshot.restore(snapshot.capture(table, ["doc_id", "paragraph"]))
    assert list(back.columns) == ["doc_id", "paragraph", "text"]
    assert back[["doc_id", "paragraph"]].values.tolist() == table[["doc_id", "paragraph"]].values.tolist()
    series = pd.Series({"voa-2003": 4, "toi-2018": 2})
    assert snapshot.restore(snapshot.capture(series)).to_dict() == {"voa-2003": 4, "toi-2018": 2}
    fig = Figure()
    ax = fig.add_subplot()
    ax.bar(["India", "US"], [1, 2])
    ax.set_title("t")
    ax.set_xlabel("x")
    back = snapshot.restore(snapshot.capture(fig))
    assert back.axes[0].get_title() == "t" and back.axes[0].get_ylabel() == ""
    assert {"India", "US"} <= {t.get_text() for t in back.axes[0].get_xticklabels()}
    assert snapshot.restore(snapshot.capture((1, "b"))) == (1, "b")
    with pytest.raises(snapshot.Unrestorable):
        snapshot.restore(snapshot.capture("x" * (snapshot.MAX_TEXT + 1)))
    assert snapshot.capture(pd.DataFrame({"a": range(snapshot.MAX_ROWS + 5)}), ["a"])["cut"] is True


DEFENSIBLE = yaml.safe_load((Path(__file__).parents[1] / "exercises" / "fixtures" / "defensible.yaml")
                            .read_text("utf-8"))
ALTERNATIVES = [(e, t, n, a) for e, tasks in DEFENSIBLE.items() for t, answers in tasks.items()
                for n, a in enumerate(answers)]


@pytest.mark.parametrize(("exercise", "task", "n", "answer"), ALTERNATIVES,
                         ids=[f"{e}-{t}-{n}" for e, t, n, _ in ALTERNATIVES])
def test_every_defensible_answer_regrades_to_what_check_gave(exercise, task, n, answer, tmp_path, corpus, judge):
    # the snapshot keeps what every rule reads, for the alternatives the checks accept too
    import pandas as pd

    namespace = {"pd": pd, **solution_namespace(exercise)}
    for name, expression in answer.items():
        namespace[name] = eval(expression, namespace)  # noqa: S307 - our own fixture, not a submission
    store = Store(tmp_path / "s", learner="amna")
    result = Exercise(exercise, namespace=namespace, corpus=corpus, store=store).check(task)
    record = store.latest(exercise)[(exercise, task)]
    spec = SPECS[exercise]
    assert judge.exercise(spec, spec.task(task), record.answer)[0] == result.score == result.max_score


def given(question="q4", kind="exercise", timestamp="2026-01-01T00:00:00.000000Z", regradable=True, answer=None):
    return Given(kind, EX, question, "ayesha", answer, True, 2.0, timestamp, "f.json", regradable)


def test_the_latest_regradable_answer_counts_and_kinds_stay_apart(judge):
    # a bare verdict (a notebook's output) loses to any answer that can be re-graded, whatever its date;
    # a record of an unknown kind is reported, not counted
    owner = Owner("folder:ayesha", "ayesha")
    handed = Handed(owners={owner.key: owner})
    handed.given[owner.key] += [given(timestamp="2026-01-02T00:00:00.000000Z", answer={"x": 1}),
                                given(timestamp="2026-01-03T00:00:00.000000Z", regradable=False),
                                given(kind="survey")]
    book = regrade(handed, SPECS, judge)
    assert [o.given.timestamp for o in book.outcomes] == ["2026-01-02T00:00:00.000000Z"]
    assert book.outcomes[0].failure  # no snapshot in the answer: cannot be re-graded, 0 points
    assert book.marks[(owner.key, f"{EX}:q4")].score == 0
    assert any("records of kind 'survey'" in p for p in book.problems)


def test_a_partly_right_citations_answer_regrades_to_the_share_check_gave(tmp_path, corpus, judge):
    """check() gives a citations answer with one disputed paragraph its share; the re-grade must give the same."""
    exercise = "01_cold_war_roots"
    namespace = dict(solution_namespace(exercise),
                     afghan_war_evidence=["voa-2003 ¶4", "latimes-2003 ¶5", "nation-forum-2015 ¶8"])
    store = work(tmp_path / "stores", corpus, "sana", namespace, exercise)
    record = store.latest(exercise)[(exercise, "q3")]
    assert 0 < record.score < SPECS[exercise].task("q3").max_score
    assert judge.exercise(SPECS[exercise], SPECS[exercise].task("q3"), record.answer)[0] == record.score
