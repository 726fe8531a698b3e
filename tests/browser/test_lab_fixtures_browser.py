"""The browser fixtures themselves: a wait that cannot end fails in bounded time and says why."""

from __future__ import annotations

import time

import nbformat
import pytest

pytestmark = pytest.mark.browser


def test_does_opening_a_notebook_without_a_kernelspec_fail_with_the_dialogs_text(lab, lab_server):
    """Issue: such a notebook makes JupyterLab ask which kernel to use, and `Lab.open` used to wait for ever."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    assert "kernelspec" not in notebook.metadata
    lab_server.write("no_kernelspec.ipynb", nbformat.writes(notebook))
    started = time.monotonic()
    with pytest.raises(pytest.fail.Exception) as failure:
        lab.open("no_kernelspec.ipynb", seconds=10)
    assert time.monotonic() - started < 90
    message = str(failure.value)
    assert message.startswith("no_kernelspec.ipynb: ") and "did not finish in 10s" in message
    assert "a dialog is open: 'Select Kernel" in message, message
