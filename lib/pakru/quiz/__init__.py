"""Quizzes: question banks (YAML or jupyterquiz JSON) shown as ipywidgets. (Placeholder until built.)"""

from __future__ import annotations


def check_all_banks(corpus) -> list:
    """Validate every bank in notebooks/quizzes/; returns Problems."""
    return []
