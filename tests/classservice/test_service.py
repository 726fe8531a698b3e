"""The class service on a real JupyterHub: identity from the token, each answer once, classes kept apart."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from pakru.classservice.client import ServiceError, fetch_progress
from pakru.progress import parse


def record(question: str, *, user: str | None, answer="Putin", correct=True, attempts=1, session=None) -> dict:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {"learner": user or "someone", "activity": "02_thaw_2003", "question": question, "kind": "quiz",
            "answer": answer, "correct": correct, "attempts": attempts, "score": float(correct),
            "max_score": 1.0, "timestamp": stamp, "hub_user": user, "session": session or uuid.uuid4().hex}


def post(hub, token: str | None, records: list[dict], **headers):
    if token:
        headers["Authorization"] = f"token {token}"
    return hub.http.post(hub.service_url + "api/answers", json={"records": records}, headers=headers, timeout=30)


def get(hub, token: str | None, path: str, **params):
    headers = {"Authorization": f"token {token}"} if token else {}
    return hub.http.get(hub.service_url + path, params=params, headers=headers, timeout=30, allow_redirects=False)


def test_an_answer_is_stored_once_under_the_token_owner_however_often_it_is_sent(hub):
    token = hub.token("learner1")
    mine = [record("q1", user="learner1", session="s-once"), record("q2", user="learner1", session="s-once")]
    first = post(hub, token, mine)
    assert first.status_code == 200, first.text
    assert first.json() | {} == {"user": "learner1", "stored": 2, "duplicates": 0, "refused": []}
    again = post(hub, token, mine)
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 2
    documents = fetch_progress(hub.service_url, hub.token("instructor"))
    records, warnings = parse(documents["learner1"], "learner1")
    assert warnings == []
    assert {(r.question, r.session, r.learner, r.hub_user) for r in records if r.session == "s-once"} == {
        ("q1", "s-once", "learner1", "learner1"), ("q2", "s-once", "learner1", "learner1")}


def test_the_payload_cannot_name_someone_else(hub):
    # learner2's token sends a record claiming to be learner3's: refused; one with no hub user is learner2's
    token = hub.token("learner2")
    response = post(hub, token, [record("q3", user="learner3"), record("q3", user=None, answer="mine")])
    body = response.json()
    assert body["stored"] == 1 and len(body["refused"]) == 1 and "learner3" in body["refused"][0]["reason"]
    documents = fetch_progress(hub.service_url, hub.token("instructor"))
    assert "learner3" not in documents or all(  # learner3's own exercise task q3 (other tests) is no quiz answer
        r.question != "q3" or r.kind != "quiz" for r in parse(documents["learner3"], "x")[0])
    assert any(r.answer == "mine" for r in parse(documents["learner2"], "x")[0])


def test_bad_records_are_refused_one_by_one_and_the_rest_kept(hub):
    token = hub.token("learner1")
    bad = record("q4", user="learner1") | {"attempts": -1}
    response = post(hub, token, [bad, record("q4", user="learner1", session="s-bad")])
    assert response.json()["stored"] == 1
    assert "attempts" in response.json()["refused"][0]["reason"]


@pytest.mark.parametrize("path", ["api/class", "api/progress", ""])
def test_a_learner_reads_nothing_of_the_class(hub, path):
    assert get(hub, hub.token("learner1"), path).status_code == 403
    assert get(hub, None, path).status_code in (302, 403)  # no token: to the login (page) or refused (API)


def test_sending_needs_a_token_with_the_send_scope(hub):
    no_token = post(hub, None, [record("q1", user="learner1")])
    assert no_token.status_code == 403
    # a token of the same learner restricted to reading their own model has no send scope
    narrow = hub.api("post", "users/learner1/tokens", json={"scopes": ["read:users:name!user=learner1"]}).json()
    assert post(hub, narrow["token"], [record("q1", user="learner1")]).status_code == 403


def test_an_instructor_of_one_group_reads_that_group_only(hub):
    post(hub, hub.token("learner3"), [record("q1", user="learner3", answer="Lavrov")])
    post(hub, hub.token("learner1"), [record("q1", user="learner1", answer="Putin")])
    teacher = hub.token("teacher-a")
    mine = get(hub, teacher, "api/class")
    assert mine.status_code == 200, mine.text
    assert mine.json()["group"] == "class-a"
    assert len(mine.json()["learners"]) == 2  # learner1, learner2 (members, answered or not)
    assert set(fetch_progress(hub.service_url, teacher)) <= {"learner1", "learner2"}
    assert get(hub, teacher, "api/class", group="class-b").status_code == 403
    with pytest.raises(ServiceError, match="403"):
        fetch_progress(hub.service_url, teacher, group="class-b")
    everyone = get(hub, hub.token("instructor"), "api/class").json()
    assert everyone["group"] is None and len(everyone["learners"]) >= 3


def test_the_projected_view_names_nobody_unless_asked(hub):
    token = hub.token("instructor")
    anonymous = json.dumps(get(hub, token, "api/class").json())
    assert "learner1" not in anonymous and "learner 1" in anonymous
    named = get(hub, token, "api/class", names="1").json()
    assert "learner1" in {le["name"] for le in named["learners"]}
