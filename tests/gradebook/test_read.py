"""The read stage: each file format parsed as data, and the archive names read as each LMS writes them.

Canvas "Download Submissions" names each file lastfirst[_LATE]_<userid>_<attachmentid>_<file>.
Moodle "Download all submissions" (mod/assign/classes/downloader.php in moodle/moodle): folders named
<Full Name>_<participantid>_assignsubmission_file/, or flat files ..._assignsubmission_file_<file>.
"""

from __future__ import annotations

import json

from pakru.gradebook.read.archive import canvas_owner, moodle_owner
from pakru.gradebook.read.formats import parse_export, parse_notebook, parse_progress
from pakru.progress import Store, export_csv


def test_a_progress_file_is_read_by_the_progress_reader(tmp_path):
    store = Store(tmp_path, learner="ayesha", session="s1")
    store.record("02_thaw_2003", "visit-gap", kind="quiz", answer=["33 years"], correct=True)
    found, problems, ours = parse_progress(store.path.read_bytes(), "a.json")
    assert ours and problems == []
    assert [(g.kind, g.learner, g.answer, g.correct, g.session) for g in found] == [
        ("quiz", "ayesha", ["33 years"], True, "s1")]
    assert parse_progress(b'{"format": "other"}', "b.json") == ([], ["b.json: foreign JSON file (not "
                                                                     "pakru-progress/1); skipped"], False)
    found, problems, ours = parse_progress(b"{", "c.json")
    assert ours and found == [] and "c.json: damaged progress file" in problems[0]


def test_an_export_csv_keeps_answers_as_json(tmp_path):
    store = Store(tmp_path, learner="bilal")
    store.record("02_thaw_2003", "visit-gap", kind="quiz", answer={"a": [1, 2]}, correct=False)
    found, problems, ours = parse_export(export_csv(tmp_path / "e.csv", store).read_bytes(), "e.csv")
    assert ours and problems == [] and found[0].answer == {"a": [1, 2]} and found[0].correct is False
    assert parse_export(b"name,mark\nx,1\n", "f.csv")[2] is False


def test_a_notebook_gives_verdicts_that_cannot_be_regraded():
    from pakru.exercises import check_results as result

    bundle = {"format": result.FORMAT, "results": [{"exercise": "02_thaw_2003", "task": "q4", "learner": "a",
                                                    "status": "passed", "score": 2, "answer": "x"}]}
    nb = {"cells": [{"outputs": [{"data": {result.MIME: bundle}}]}], "metadata": {}}
    found, problems, ours = parse_notebook(json.dumps(nb).encode(), "n.ipynb")
    assert ours and problems == [] and [(g.question, g.regradable, g.correct) for g in found] == [
        ("q4", False, True)]
    assert parse_notebook(json.dumps({"cells": [], "metadata": {}}).encode(), "m.ipynb")[2] is False


def test_canvas_file_names_are_read_as_canvas_writes_them():
    owner, name = canvas_owner("smithbob_LATE_340934_208490284_pakru-results.json")
    assert (owner.ids["canvas_id"], owner.name, name) == ("340934", "smithbob", "pakru-results.json")
    assert canvas_owner("wellslane_334244_394803489_My_Results_1.csv")[1] == "My_Results_1.csv"
    assert canvas_owner("results.csv") is None


def test_moodle_folder_and_flat_layouts():
    owner, name = moodle_owner("Ayesha Khan_123456_assignsubmission_file/pakru-results.json")
    assert (owner.ids["full_name"], owner.ids["moodle_participant"], name) == ("Ayesha Khan", "123456",
                                                                               "pakru-results.json")
    owner, name = moodle_owner("Ayesha Khan_123456_assignsubmission_file_pakru-results.json")
    assert (owner.key, name) == ("moodle:123456", "pakru-results.json")
    assert moodle_owner("Ayesha Khan/pakru-results.json") is None


def test_only_regular_files_are_read_and_no_link_is_followed(tmp_path):
    import os

    import pytest

    from pakru.gradebook.read.files import Refused, read_regular, walk

    (tmp_path / "a.json").write_bytes(b"{}")
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "link.json").symlink_to(tmp_path / "a.json")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_bytes(b"x" * 10)
    (tmp_path / "dirlink").symlink_to(tmp_path / "sub")
    (tmp_path / ".hidden.json").write_bytes(b"{}")
    assert read_regular(tmp_path / "a.json").data == b"{}"
    for name, why in (("fifo.json", "not a regular file"), ("link.json", "a link")):
        with pytest.raises(Refused, match=why):
            read_regular(tmp_path / name)
    with pytest.raises(Refused, match="larger than any results file"):
        read_regular(tmp_path / "sub" / "b.json", limit=5)
    assert {p.relative_to(tmp_path).as_posix(): why for p, why in walk(tmp_path)} == {
        "a.json": None, "dirlink": "a link", "fifo.json": "not a regular file", "link.json": "a link",
        "sub/b.json": None}
    assert [p.name for p, _ in walk(tmp_path, depth=0)] == ["a.json", "dirlink", "fifo.json", "link.json"]
