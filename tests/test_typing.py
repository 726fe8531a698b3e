"""Every function of the library that takes a corpus says so in its type, so an editor can help the author."""

from __future__ import annotations

import ast
from pathlib import Path

import pakru

LIB = Path(pakru.__file__).parent


def test_is_every_corpus_parameter_typed_as_a_corpus():
    untyped = []
    for path in sorted(LIB.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                for arg in args:
                    if arg.arg == "corpus" and (arg.annotation is None or "Corpus" not in ast.unparse(arg.annotation)):
                        untyped.append(f"{path.relative_to(LIB)}:{node.lineno} {node.name}")
    assert untyped == []


def test_does_the_annotate_layer_know_nothing_of_the_corpus_module():
    """The corpus imports annotate to build its tables; annotate reads a corpus through its own protocol."""
    for path in sorted((LIB / "annotate").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "pakru.corpus", f"{path.name}:{node.lineno} imports pakru.corpus"
