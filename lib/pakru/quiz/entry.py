"""What every question's bank entry shares, on the schema layer: id, prompt, code, explanation and evidence.

Each question type's own entry model (its fields, their validation and JSON Schema, and ``question()``, which
makes the checking object) subclasses ``QuestionEntry`` in the type's module (``pakru.quiz.types``); the bank
file that holds them all is ``pakru.quiz.bankfile``. Helpers more than one type uses (options) are here too.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field, StringConstraints, ValidationInfo, model_validator

from pakru.quiz.model import Evidence
from pakru.schema import Cite, Model, Text, fail

QuestionId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
"""A question id: lower-case letters, digits, '-' or '_'; unique in its bank."""
Asks = Literal["recall", "interpret", "compare", "evaluate"]
Code = Annotated[str, StringConstraints(strip_whitespace=False)]


class EvidenceEntry(Model):
    """The exact words in one cleaned paragraph that support the answer."""

    model_config = ConfigDict(title="evidence entry")

    cite: Cite
    """``doc-id ¶N``"""
    text: Text
    """Words found verbatim in that paragraph (copy them, quote marks included)."""


def _required_for_authors(schema: dict[str, Any], model: type) -> None:
    """In the published schema explanation and evidence stay required (only the jupyterquiz importer relaxes them)."""
    names = ("explanation", "evidence") if getattr(model, "evidence_required", False) else ("explanation",)
    required = schema.setdefault("required", [])
    for name in names:
        if name in schema.get("properties", {}) and name not in required:
            required.append(name)
    if "evidence" in names and "evidence" in schema.get("properties", {}):
        schema["properties"]["evidence"]["minItems"] = 1
    if "explanation" in schema.get("properties", {}):
        schema["properties"]["explanation"]["minLength"] = 1


class QuestionEntry(Model):
    """What every question has (each type adds its own fields)."""

    model_config = ConfigDict(title="question", json_schema_extra=_required_for_authors)

    id: QuestionId
    asks: Asks | None = None
    """What the question asks of the learner: recall, interpret, compare (sources) or evaluate (a source)."""
    prompt: Text
    code: Code = ""
    """Code shown under the prompt (a `|` block keeps its lines)."""
    explanation: str = ""
    """Why, in one or two sentences, citing the source (required, except in banks imported from jupyterquiz)."""
    evidence: list[EvidenceEntry] = []
    """At least one (required, except in banks imported from jupyterquiz, which cite nothing)."""

    @model_validator(mode="after")
    def _explained_and_cited(self, info: ValidationInfo) -> QuestionEntry:
        if (info.context or {}).get("imported"):
            return self
        if not self.explanation:
            raise fail(f"{getattr(self, 'type', 'a')} question is missing `explanation`")
        if not self.evidence and self.evidence_required:
            raise fail("`evidence` must list at least one {cite: 'doc-id ¶N', text: exact words}", "evidence")
        return self

    evidence_required: ClassVar[bool] = True

    def common(self) -> dict[str, Any]:
        """The fields every Question takes."""
        return {"id": self.id, "prompt": self.prompt, "explanation": self.explanation, "line": self.line,
                "asks": self.asks, "code": self.code.rstrip("\n"),
                "evidence": [Evidence(e.cite, e.text, e.line) for e in self.evidence]}


def two_or_more_options(options: list[str]) -> list[str]:
    """A choice question's options: at least two, all different (single and multiple choice)."""
    if len(options) < 2:
        raise fail("a choice question needs at least two options")
    if len(set(options)) != len(options):
        raise fail("options repeat; each option must be different")
    return options


def feedback_on_options(feedback: dict[str, str], options: list[str]) -> None:
    """Words per option name only options the question has."""
    for option in feedback:
        if option not in options:
            raise fail(f"feedback for {option!r}, which is not one of the options", "feedback")
