"""Problems are data: every loader reports what is wrong as records naming the file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, precise enough to go and fix it."""

    file: str
    """Path of the file at fault, relative to the project root where possible."""
    message: str
    """What is wrong and, where we know it, what to do next."""
    line: int | None = None
    """1-based line number, when the fault sits on a line."""
    severity: str = "error"
    """``"error"`` fails ``check``; ``"warning"`` is reported but does not."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {tag}{self.message}"


class ProblemError(Exception):
    """Raised when input is too broken to go on; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def _render_traceback_(self) -> list[str]:
        """What IPython shows in a notebook instead of a traceback: the problems are the whole message.

        (IPython's ``showtraceback`` uses this method when an exception has it; the cell still fails,
        so the cells after it do not run on broken data.)
        """
        return ["The course files have problems; fix them, then run this cell again:"] + [
            f"  {p}" for p in self.problems]


def display_path(path: Path | str) -> str:
    """Show a path relative to the project root when it lies inside it, so messages stay short."""
    from pakru.paths import PROJECT_ROOT

    path = Path(path)
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def errors(problems: list[Problem]) -> list[Problem]:
    """Keep only the problems that should fail a check."""
    return [p for p in problems if p.severity == "error"]
