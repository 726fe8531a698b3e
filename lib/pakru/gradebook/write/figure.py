"""``scores.png``: per question, the share of students with full, partial, no points or no attempt."""

from __future__ import annotations

from pathlib import Path

from pakru.gradebook.model import Gradebook

GROUPS = [("full points", "C2", ""), ("some points", "C1", "//"), ("no points", "C3", "xx"),
          ("not attempted", "C7", "..")]
"""(share, Matplotlib colour-cycle colour, hatch): hatches tell the groups apart without colour."""


def write_figure(book: Gradebook, path: Path) -> Path:
    """Save the summary figure as PNG (no pyplot: the figure is drawn and saved on its own canvas)."""
    summary_figure(book).savefig(path, dpi=120)
    return path


def summary_figure(book: Gradebook):
    """Hardest question at the top."""
    from matplotlib.figure import Figure

    columns = sorted(book.columns, key=book.difficulty)
    shares: dict[str, list[float]] = {name: [] for name, _, _ in GROUPS}
    for column in columns:
        fractions = book.fractions(column)
        n = len(fractions) or 1
        shares["full points"].append(sum(1 for f in fractions if f is not None and f >= 1.0) / n)
        shares["some points"].append(sum(1 for f in fractions if f is not None and 0 < f < 1.0) / n)
        shares["no points"].append(sum(1 for f in fractions if f == 0) / n)
        shares["not attempted"].append(sum(1 for f in fractions if f is None) / n)
    fig = Figure(figsize=(9, max(3.0, 0.35 * len(columns) + 1.5)))
    ax = fig.add_subplot()
    left = [0.0] * len(columns)
    positions = list(range(len(columns)))[::-1]
    for name, colour, hatch in GROUPS:
        ax.barh(positions, shares[name], left=left, color=colour, hatch=hatch, edgecolor="black", linewidth=0.3,
                label=name)
        left = [a + b for a, b in zip(left, shares[name], strict=True)]
    ax.set_yticks(positions, columns)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of students (n = {len(book.students)})")
    ax.set_ylabel("question (hardest at the top)")
    ax.set_title("Score distribution per question (re-graded)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 if len(columns) > 3 else -0.25), ncol=4, frameon=False)
    fig.tight_layout()
    return fig
