"""The class service seam: per hub user a progress file's bytes, read as the homes are."""

from __future__ import annotations

from dataclasses import replace

from pakru.gradebook.config import progress_in_home
from pakru.gradebook.read.homes import from_homes
from pakru.gradebook.read.service import from_service
from pakru.gradebook.review import screen
from pakru.progress import Store


def answer(root, learner, session):
    store = Store(root, learner=learner, session=session)
    store.record("02_thaw_2003", "visit-gap", kind="quiz", answer=["33 years"], correct=True)
    return store.path


def test_the_service_gives_what_the_homes_give(tmp_path):
    homes = tmp_path / "home"
    files = {user: answer(homes / user / progress_in_home(), user, f"s-{user}") for user in ("ayesha", "bilal")}
    from_disk = from_homes(homes)
    served = from_service({user: path.read_bytes() for user, path in files.items()})
    assert served.owners == from_disk.owners and served.problems == from_disk.problems == []
    for key in from_disk.given:  # the same records; only the file each is shown under differs
        assert [replace(g, file="") for g in served.given[key]] == [replace(g, file="") for g in from_disk.given[key]]


def test_a_served_file_of_another_learner_is_set_aside_and_junk_is_reported(tmp_path):
    served = from_service({"ayesha": answer(tmp_path, "bilal", "s1").read_bytes(), "chen": b"{",
                           "dana": "not bytes"})
    kept, review = screen(served)
    assert not kept.given["home:ayesha"] and "recorded for learner 'bilal'" in review[0][3]
    assert any(p.startswith("service:chen: damaged progress file") for p in served.problems)
    assert any(p.startswith("service:dana: not the bytes") for p in served.problems)
