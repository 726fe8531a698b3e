"""The student edition: everything a class runs, and no solutions or suggested answers."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from pakru.exercises import build
from pakru.exercises.release import MARKER, release
from pakru.exercises.tasks import load_specs
from pakru.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "student-edition"
    result = subprocess.run([sys.executable, "-m", "pakru", "exercises", "release", "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


def text_files(folder):
    for path in folder.rglob("*"):
        if path.is_file():
            try:
                yield path, path.read_text("utf-8")
            except UnicodeDecodeError:
                continue


def test_does_the_edition_leave_out_solutions_and_instructor_guides(edition):
    assert not (edition / "exercises" / "source").exists()
    assert not (edition / "notebooks" / "INSTRUCTOR_GUIDE.md").exists()
    assert not (edition / "exercises" / "INSTRUCTORS.md").exists()
    assert (edition / MARKER).is_file()
    student = sorted(p.name for p in (edition / "exercises").glob("*.ipynb"))
    assert student == sorted(p.name for p in build.SOURCE_DIR.glob("*.ipynb"))


def test_does_no_solution_region_appear_anywhere_in_the_edition(edition):
    built, problems = build.build_all()
    assert not problems
    solution_lines = {line.strip() for one in built for region in one.solutions for line in region.splitlines()
                      if len(line.strip()) > 12 and not line.strip().startswith("#")}
    assert solution_lines, "the sources should have solution code to look for"
    # a last hint may show a line of the solution on purpose: students see hints anyway
    hints = " ".join(h for spec in load_specs().values() for task in spec.tasks for h in task.hints)
    solution_lines = {line for line in solution_lines if line not in hints}
    for path, text in text_files(edition):
        leaked = [line for line in solution_lines if line in text]
        assert not leaked, f"{path.relative_to(edition)} contains solution code: {leaked[:2]}"


def test_does_check_pass_inside_the_edition(edition):
    result = subprocess.run([sys.executable, "-m", "pakru", "check"], capture_output=True, text=True,
                            env={**os.environ, "PAKRU_ROOT": str(edition)})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.notebooks
def test_does_a_student_notebook_run_in_the_edition(edition, monkeypatch):
    monkeypatch.setenv("PAKRU_ROOT", str(edition))  # the kernel inherits it: it reads the edition's files
    path = edition / "exercises" / "02_thaw_2003.ipynb"
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=180,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        pytest.fail(f"{path.name} did not run in the student edition: {type(exc).__name__}: {str(exc)[:1500]}")
    shown = "".join(o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", []))
    assert "not yet" in shown.lower()


def test_does_release_refuse_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        release(tmp_path, PROJECT_ROOT)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_is_a_missing_source_folder_still_an_error_in_the_instructors_copy(tmp_path, corpus):
    from pakru.exercises.validate import check_all_exercises

    problems = check_all_exercises(corpus, source_dir=tmp_path / "source")
    assert any("no source notebooks" in p.message for p in problems)


def test_does_every_content_files_schema_line_point_at_a_schema_in_the_edition(edition):
    from pakru.schema import SCHEMA_COMMENT

    linked = [(path, text.splitlines()[0].removeprefix(SCHEMA_COMMENT)) for path, text in text_files(edition)
              if path.suffix == ".yaml" and text.startswith(SCHEMA_COMMENT)]
    assert len(linked) >= 8
    assert [str(path) for path, target in linked if not (path.parent / target).resolve().is_file()] == []


def test_does_the_edition_link_to_itself_not_to_the_instructors_copy(tmp_path):
    out = tmp_path / "edition"
    release(out, PROJECT_ROOT, repo_url="https://github.com/history-dept/pakru-students", branch="spring")
    badge = ("[![Launch on Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/history-dept/"
             "pakru-students/spring?urlpath=lab/tree/notebooks/00_start_here.ipynb)")
    readme = (out / "README.md").read_text("utf-8")
    assert readme.splitlines()[2] == badge
    launch = (out / "LAUNCH.md").read_text("utf-8")
    assert "exercises/02_thaw_2003.ipynb`: [Binder](https://mybinder.org/v2/gh/history-dept/pakru-students/spring?" \
           "urlpath=lab/tree/exercises/02_thaw_2003.ipynb)" in launch
    assert "exercises/source" not in launch and "OWNER/REPO" not in launch


def test_an_edition_released_without_its_address_says_how_to_make_its_links(tmp_path):
    out = tmp_path / "edition"
    release(out, PROJECT_ROOT)
    assert "python -m pakru links" in (out / "LAUNCH.md").read_text("utf-8")


def test_does_the_edition_keep_the_accepted_answers_in_the_instructors_copy(tmp_path):
    """Issue: answers a student can read out of the student edition (hashes, written-out alternatives)."""
    import re as regex

    from exercise_helpers import solution_namespace

    from pakru.corpus import load
    from pakru.exercises.check_rules import WITHHELD
    from pakru.exercises.session import Exercise
    from pakru.exercises.tasks import load_spec, spec_paths
    from pakru.gradebook.regrade import Judge
    from pakru.progress import Store

    out = tmp_path / "edition"
    release(out, PROJECT_ROOT)
    tasks = out / "exercises" / "tasks"
    for path in spec_paths(tasks):
        text = path.read_text("utf-8")
        assert not regex.search(r"\b[0-9a-f]{64}\b", text), path.name  # no salted hash to try candidates against
        assert "alternatives" not in text, path.name
        assert "examples" not in text, path.name  # a rubric's examples name the paragraphs checked tasks ask for
        assert text.startswith("# yaml-language-server: $schema=")
        spec, problems = load_spec(path)
        assert spec is not None and problems == [], problems
        # a rubric is not an answer: students keep what each criterion rewards
        written = [t for t in spec.tasks if t.kind == "written"]
        assert written and all(t.rubric and all(line.full for line in t.rubric) for t in written), path.name
    # a right answer in the edition: check() cannot tell, says so, and saves the value
    corpus = load()
    store = Store(tmp_path / "progress", learner="amna")
    ex = Exercise("02_thaw_2003", namespace=solution_namespace("02_thaw_2003"), corpus=corpus, store=store,
                  tasks_dir=tasks)
    result = ex.check("q4")
    assert result.status == "not yet" and WITHHELD in repr(result)
    # the instructors' gradebook re-grades it from the hashes it keeps
    specs = load_specs()
    judge = Judge(specs)
    judge._corpus = corpus
    record = store.latest("02_thaw_2003")[("02_thaw_2003", "q4")]
    task = specs["02_thaw_2003"].task("q4")
    assert judge.exercise(specs["02_thaw_2003"], task, record.answer)[0] == task.max_score


def test_the_edition_offers_one_notebook_per_lesson(edition):
    """Learners saw every lesson twice, .ipynb and .md (issue #21); authors keep the pairs, the edition does not."""
    notebooks = edition / "notebooks"
    lessons = sorted(p.stem for p in notebooks.glob("[0-9][0-9]_*.ipynb"))
    assert len(lessons) >= 6
    assert not list(notebooks.glob("*.md")), "a learner should see one file per lesson"
    assert not (notebooks / "jupytext.toml").exists(), "saving a lesson would write its .md back"
    from pakru.paths import NOTEBOOKS_DIR

    assert (NOTEBOOKS_DIR / "jupytext.toml").exists() and (NOTEBOOKS_DIR / f"{lessons[0]}.md").exists()
