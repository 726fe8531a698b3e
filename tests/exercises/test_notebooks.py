"""Real kernels: source notebooks pass every check; student versions run top to bottom and say "not yet"."""

from __future__ import annotations

import nbformat
import pytest
from exercise_helpers import EXERCISES
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from pakru.exercises import build
from pakru.exercises.check_results import MIME
from pakru.exercises.tasks import load_specs
from pakru.gradebook.read.folder import from_folder
from pakru.gradebook.review import grade

pytestmark = pytest.mark.notebooks


def execute(path, workdir) -> nbformat.NotebookNode:
    """Run a notebook in a fresh python3 kernel; any error fails the test with the cell that raised."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(workdir)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        pytest.fail(f"{path.name} did not run: {type(exc).__name__}: {str(exc)[:2000]}")
    return nb


def check_records(nb) -> dict[str, dict]:
    """The check results each `check("qN")` cell left in its output, by task."""
    found = {}
    for cell in nb.cells:
        if build.role(cell) == "check":
            bundles = [o["data"][MIME] for o in cell.outputs if MIME in o.get("data", {})]
            assert len(bundles) == 1, cell.source
            found[cell.metadata["pakru"]["task"]] = bundles[0]["results"][0]
    return found


@pytest.mark.parametrize("exercise", EXERCISES)
def test_does_the_source_notebook_pass_every_check_in_a_kernel(exercise, tmp_path):
    nb = execute(build.SOURCE_DIR / f"{exercise}.ipynb", tmp_path)
    records = check_records(nb)
    spec = load_specs()[exercise]
    assert set(records) == {t.id for t in spec.tasks}
    for task in spec.tasks:
        expected = "collected" if task.kind == "written" else "passed"
        assert records[task.id]["status"] == expected, (task.id, records[task.id])
        assert records[task.id]["score"] == task.max_score


@pytest.mark.parametrize("exercise", EXERCISES)
def test_does_the_student_version_run_and_say_not_yet_everywhere(exercise, tmp_path, progress_dir):
    nb = execute(build.STUDENT_DIR / f"{exercise}.ipynb", tmp_path)
    records = check_records(nb)
    assert records and all(r["status"] == "not yet" for r in records.values()), records
    texts = "".join(o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", []))
    assert "Traceback" not in texts and "Hint 1 of" in texts and "not set yet" in texts
    assert any(progress_dir.rglob("*.json")), "check results were not saved to the progress store"


def test_does_the_gradebook_regrade_what_real_kernels_saved(tmp_path, monkeypatch, progress_dir):
    """A class of two runs exercise 2 in real kernels: amina the solutions, boris the student version.

    Each hands in the saved notebook and the kernel's progress file. The progress file is re-graded
    (full marks for amina, none for boris); the notebook alone holds verdicts, not answers, so it
    earns nothing and is listed for review.
    """
    exercise = "02_thaw_2003"
    for student, folder in (("amina", build.SOURCE_DIR), ("boris", build.STUDENT_DIR)):
        monkeypatch.setenv("PAKRU_LEARNER", student)  # the kernel inherits it
        nb = execute(folder / f"{exercise}.ipynb", tmp_path)
        (tmp_path / "class" / student).mkdir(parents=True)
        nbformat.write(nb, tmp_path / "class" / student / f"{exercise}.ipynb")
        (tmp_path / "notebook-only" / student).mkdir(parents=True)
        nbformat.write(nb, tmp_path / "notebook-only" / student / f"{exercise}.ipynb")
        for i, path in enumerate(sorted((progress_dir / student).glob("*.json"))):
            (tmp_path / "class" / student / f"progress-{i}.json").write_bytes(path.read_bytes())
    specs = load_specs()
    marked = [t for t in specs[exercise].tasks if t.max_score is not None]
    book = grade(from_folder(tmp_path / "class"), specs)
    assert book.students == ["folder:amina", "folder:boris"] and book.problems == []
    assert book.total("folder:amina") == sum(t.max_score for t in marked)
    assert book.total("folder:boris") == 0 and all(book.score("folder:boris", c) == 0 for c in book.columns)
    assert [student for student, *_ in book.written] == ["folder:amina"]
    assert book.review == []
    only = grade(from_folder(tmp_path / "notebook-only"), specs)
    assert only.total("folder:amina") == 0
    assert {(r[0], r[2]) for r in only.review} >= {("amina", f"{exercise}:{t.id}") for t in marked}
