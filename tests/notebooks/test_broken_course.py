"""A lesson run against a broken seed folder shows the clear message in the notebook, not a Python traceback."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def test_a_lesson_on_a_broken_seed_shows_only_the_message(project_copy, monkeypatch):
    seed = project_copy / "seeds" / "002_3a59d508f10717f8.txt"
    seed.write_bytes("Caf\u00e9 au lait\n".encode("cp1252"))
    monkeypatch.setenv("PAKRU_ROOT", str(project_copy))  # the kernel inherits it
    lesson = project_copy / "notebooks" / "02_thaw_2003.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=180,
                            resources={"metadata": {"path": str(lesson.parent)}})
    with pytest.raises(CellExecutionError):
        client.execute()
    [error] = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
               if out.output_type == "error"]
    shown = "\n".join(error.traceback)
    assert error.ename == "ProblemError"
    assert shown.splitlines()[0] == "The course files have problems; fix them, then run this cell again:"
    assert "002_3a59d508f10717f8.txt:1: not valid UTF-8 (byte 0xe9 at offset 3)" in shown
    assert "Traceback" not in shown and "File " not in shown and ".py" not in shown and "\x1b[" not in shown
