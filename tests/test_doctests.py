"""The examples in the library's docstrings are run, so they cannot go stale.

Only modules that hold examples are collected: a module without one would be a test that cannot fail.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import pakru

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples(name: str) -> int:
    module = importlib.import_module(name)
    return sum(len(test.examples) for test in doctest.DocTestFinder().find(module))


ALL = sorted(m.name for m in pkgutil.walk_packages(pakru.__path__, "pakru.") if not m.name.endswith("__main__"))
WITH_EXAMPLES = [name for name in ALL if _examples(name)]


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0, f"{result.failed} of {result.attempted} failed in {name}"


def test_the_library_has_examples_to_run():
    assert sum(_examples(name) for name in WITH_EXAMPLES) >= 15
