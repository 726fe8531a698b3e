""""Download my results": the link carries exactly the file `python -m pakru export` writes, under its name."""

from __future__ import annotations

import base64
import re
import subprocess
import sys

from pakru import download
from pakru.progress import Store, default_export_name, export_csv


def test_link_holds_the_export_file_and_names_it(tmp_path):
    store = Store(tmp_path / "progress", learner="Zoë K.")
    store.record("02_thaw_2003", "visit-gap", kind="quiz", answer=["33 years"], correct=True)
    html = str(download.results_link(store))
    name = re.search(r'download="([^"]+)"', html)[1]
    # the name `python -m pakru export` writes by default (a readable slug of the learner, kept unique)
    assert name == default_export_name("Zoë K.") and name.startswith("pakru-results-Zoe_K") and name.endswith(".csv")
    data = base64.b64decode(re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html)[1])
    assert data == export_csv(tmp_path / "x.csv", store).read_bytes()
    assert "1 answer of Zoë K." in html and "Upload this file" in html


def test_learner_text_is_escaped_in_the_link(tmp_path):
    store = Store(tmp_path / "progress", learner='<img src=x onerror="alert(1)">')
    html = str(download.results_link(store))
    assert "<img" not in html and "&lt;img" in html


def test_button_refreshes_the_link_with_every_answer_saved_so_far(tmp_path):
    store = Store(tmp_path / "progress", learner="amna")
    button = download.ResultsButton(store)
    assert button.link.value == ""
    store.record("01_cold_war_roots", "q1", kind="quiz", answer="x", correct=False)
    button.button.click()
    assert "1 answer of amna" in button.link.value
    store.record("01_cold_war_roots", "q2", kind="quiz", answer="y", correct=True)
    button.button.click()
    assert "2 answers of amna" in button.link.value


def test_export_names_the_same_file_and_says_where_it_went(tmp_path):
    env = {"PAKRU_PROGRESS_DIR": str(tmp_path / "p"), "PAKRU_LEARNER": "amna", "PATH": "/usr/bin:/bin"}
    import os

    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    Store(tmp_path / "p", learner="amna").record("01_cold_war_roots", "q1", kind="quiz", answer="x")
    done = subprocess.run([sys.executable, "-m", "pakru", "export"], cwd=tmp_path, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pakru-results-amna.csv").is_file()
    assert "to pakru-results-amna.csv" in done.stdout and f"The file is in {tmp_path}" in done.stdout
    assert "Upload it to your course's assignment" in done.stdout
    helptext = subprocess.run([sys.executable, "-m", "pakru", "export", "--help"], env=env, capture_output=True,
                              text=True).stdout
    assert "pakru-results-<learner>.csv" in helptext
