"""Homes checked against the class service's answers (a real SQLite database of the service, no hub needed):
a home that is what the learner's kernel sent gives no row; an edited one, or one the service never heard of, does."""

from __future__ import annotations

import json

from pakru.classservice.db import AnswerDB
from pakru.gradebook.config import progress_in_home
from pakru.gradebook.read.homes import from_homes
from pakru.gradebook.read.service import from_service
from pakru.gradebook.review_service import against_service
from pakru.progress import Store, parse

WRONG, RIGHT = ["25 years"], ["more than 30 years", "33 years", "the first in decades", "in 30 years"]


def test_a_home_that_contradicts_the_service_is_a_review_row(tmp_path):
    homes = tmp_path / "home"
    stores = {user: Store(homes / user / progress_in_home(), learner=user, session=f"s-{user}")
              for user in ("ayesha", "bilal", "chen", "dana")}
    for user, store in stores.items():
        store.record("02_thaw_2003", "visit-gap", kind="quiz", answer=WRONG if user == "bilal" else RIGHT,
                     correct=user != "bilal")
    db = AnswerDB(f"sqlite:///{tmp_path / 'class.db'}")
    for user in ("ayesha", "bilal", "dana"):  # chen's kernel had no service configured
        db.add(user, parse(stores[user].path.read_bytes(), user)[0])
    other = Store(tmp_path / "elsewhere", learner="dana", session="s-elsewhere")
    other.record("02_thaw_2003", "working-group", kind="quiz", answer="A working group to tackle terrorism",
                 correct=True)
    reference = from_service(db.progress_documents())
    db.close()
    data = json.loads(stores["bilal"].path.read_text("utf-8"))  # bilal claims the right answer he never gave
    data["records"][0].update(answer=RIGHT, correct=True, score=1.0)
    stores["bilal"].path.write_text(json.dumps(data), encoding="utf-8")
    extra = json.loads(other.path.read_text("utf-8"))  # dana's home gains records her kernel never sent
    (stores["dana"].path.parent / "extra.json").write_text(json.dumps(extra), encoding="utf-8")

    kept, rows, checked = against_service(from_homes(homes), reference)
    assert checked == 3  # chen: nothing in the service, nothing to compare
    assert sorted((r[0], r[2]) for r in rows) == [("bilal", "02_thaw_2003:visit-gap"),
                                                  ("dana", "02_thaw_2003:working-group")]
    why = {r[0]: r[3] for r in rows}
    assert "another answer, score (1 handed in, 0 received), verdict (right handed in, wrong received)" in why["bilal"]
    assert "'s-elsewhere' never sent the class service an answer as hub user 'dana'" in why["dana"]
    assert [g.question for g in kept.given["home:dana"]] == ["visit-gap"]
    assert not kept.given["home:bilal"] and len(kept.given["home:ayesha"]) == len(kept.given["home:chen"]) == 1
