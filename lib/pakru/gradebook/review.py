"""The review stage: what the instructor must look at before the marks go anywhere.

Two questions, asked around the re-grade:

- before it (``screen``): is each record the student's own? A record of another learner in a file
  handed in by this student, or one learner's records handed in by several students, is set aside
  (it earns nothing) and listed.
- after it (``verdicts``): does what a record says (``correct``, ``score``) agree with the re-grade?
  Where it does not, the re-graded mark counts and the record is listed.

``grade`` runs both around ``regrade.regrade``; ``hash_notes`` says which marks a student could have
obtained without solving the task.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pakru.exercises.tasks import ExerciseSpec
from pakru.gradebook.model import Given, Gradebook, Handed, Outcome, Owner
from pakru.gradebook.regrade import Judge, regrade

Row = tuple[str, str, str, str]
"""(student, file, ``activity:question``, what to check)."""


def _same_learner(record: str, owner: Owner) -> bool:
    from pakru.progress import safe_name

    if not record:
        return False
    candidates = {owner.name, owner.ids.get("login", "")} - {""}
    return any(record == c or safe_name(record) == safe_name(c) for c in candidates)


def screen(handed: Handed) -> tuple[Handed, list[Row]]:
    """The records that may count (a copy of ``handed``), and a review row for each one set aside."""
    review: list[Row] = []
    kept = Handed(owners=dict(handed.owners), files=handed.files, problems=list(handed.problems))
    claimed: dict[str, set[str]] = defaultdict(set)
    check_learner = {k for k in handed.owners if not k.startswith(("canvas:", "moodle:"))}
    for student, records in handed.given.items():
        owner = handed.owners[student]
        learners = Counter(r.learner for r in records if r.learner)
        usual = learners.most_common(1)[0][0] if learners else ""
        for given in records:
            if given.learner:
                claimed[given.learner].add(student)
            if student in check_learner and not _same_learner(given.learner, owner):
                review.append((owner.name, given.file, f"{given.activity}:{given.question}",
                               f"recorded for learner {given.learner!r}, handed in by {owner.name!r}; not counted"))
                continue
            if student not in check_learner and len(learners) > 1 and given.learner != usual:
                review.append((owner.name, given.file, f"{given.activity}:{given.question}",
                               f"recorded for learner {given.learner!r}, unlike the rest of this submission "
                               f"({usual!r}); not counted"))
                continue
            kept.given[student].append(given)
    for learner, students in claimed.items():
        if len(students) > 1:
            names = ", ".join(sorted(handed.owners[s].name for s in students))
            review.append((names, "", "", f"records of learner {learner!r} were handed in by several students "
                                          f"({names}): copied files?"))
    return kept, review


def verdict(name: str, outcome: Outcome) -> Row | None:
    """A review row when a counted record's own verdict disagrees with the re-grade (or it could not be re-graded)."""
    given: Given = outcome.given
    where = f"{given.activity}:{given.question}"
    if given.kind == "quiz":
        if given.correct is None or given.correct == outcome.right:
            return None
        said, truth = ("right" if given.correct else "wrong"), ("right" if outcome.right else "wrong")
        return name, given.file, where, f"quiz answer recorded as {said}, but it is {truth}: re-graded"
    if outcome.failure == "notebook":
        return (name, given.file, where, "a notebook holds only the verdict, not the answer: 0 points; "
                                         "ask for the results file (Download my results)")
    if outcome.failure:
        return name, given.file, where, f"cannot be re-graded ({outcome.failure}): 0 points"
    if given.score is not None and outcome.points is not None and abs(given.score - outcome.points) > 1e-9:
        return (name, given.file, where, f"recorded {given.score:g} of {outcome.max_score:g} points, re-graded "
                                         f"{outcome.points:g}: the re-graded score counts")
    return None


def verdicts(book: Gradebook) -> list[Row]:
    """One row per counted record whose verdict the re-grade does not bear out."""
    rows = [verdict(book.names[o.student], o) for o in book.outcomes]
    return [r for r in rows if r is not None]


def hash_notes(book: Gradebook) -> list[str]:
    """Which marks a student could have obtained without solving the task (issue: hashes in the student edition)."""
    notes = []
    for column in book.columns:
        if column in book.hashed:
            points = sum(r.points for r in book.specs[column.split(":")[0]].task(column.split(":")[1]).rules
                         if r.params.get("accept"))
            notes.append(f"{column}: {points:g} of {book.max_score(column):g} points rest on salted hashes of the "
                         "accepted answers. A student edition (`exercises release`) ships without them and these "
                         "marks are given here only; but a student who has a copy with the hashes (this "
                         "repository, or an edition released before hashes were withheld) could have obtained "
                         "these marks without solving the task (by trying candidate answers)")
    return notes


def grade(handed: Handed, specs: dict[str, ExerciseSpec], judge: Judge | None = None) -> Gradebook:
    """Screen, re-grade, compare: the gradebook with everything the instructor should look at in ``review``."""
    kept, review = screen(handed)
    book = regrade(kept, specs, judge)
    book.review = review + verdicts(book)
    book.notes = hash_notes(book)
    return book
