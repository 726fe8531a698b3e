"""What the live view calls each question: "Q4 · How long had it been …?" instead of ``visit-gap``.

Why: an instructor in the room says "question 4" and reads its prompt; the stored answers hold only ids. The
service reads the course's own quiz banks and exercise task files once, where it runs with a course (the
``course_dir`` setting, or the folder it starts in); without one the view keeps the ids, as before.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Prompt:
    """A question as the class saw it: its number in its bank or exercise and its words."""

    number: int
    text: str

    @property
    def label(self) -> str:
        return f"Q{self.number} · {self.text}"


def course_prompts() -> dict[tuple[str, str], Prompt]:
    """``{(activity as the view lists it, question id): Prompt}`` for every bank and exercise of the course
    (``summary.activity_key``: a lesson's quiz and its exercise share an id); empty without a course.

    Only the files are read (no corpus, no evidence check): a bank with problems still names its questions.
    """
    from pakru.paths import CourseNotFound, course

    try:
        where = course()
    except CourseNotFound:
        return {}
    from pakru.classservice.summary import activity_key
    from pakru.exercises.tasks import load_spec, spec_paths
    from pakru.quiz import bank_files, read_bank_file

    found: dict[tuple[str, str], Prompt] = {}
    for path in bank_files(where.quizzes):
        bank, _ = read_bank_file(path)
        for number, question in enumerate(bank.questions if bank else [], 1):
            found[(activity_key(bank.id, "quiz"), question.id)] = Prompt(number, " ".join(question.prompt.split()))
    for path in spec_paths(where.tasks) if where.tasks.is_dir() else []:
        spec, _ = load_spec(path)
        for number, task in enumerate(spec.tasks if spec else [], 1):
            found[(activity_key(spec.id, "exercise"), task.id)] = Prompt(number, " ".join(task.title.split()))
    return found
