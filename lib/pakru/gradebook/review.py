"""The review stage: what the instructor must look at before the marks go anywhere.

Asked around the re-grade:

- before it (``screen``): is each record the student's own? A record of another learner, or saved by
  another hub user than the student's, is set aside (it earns nothing) and listed; so is a kernel
  session (or an answer's exact time) handed in by two students, for both, since the files cannot
  tell who copied whom.
- after it (``verdicts``): does what a record says (``correct``, ``score``) agree with the re-grade?
  Where it does not, the re-graded mark counts and the record is listed, except the expected case of
  answers the student edition could not check (their hashes stay in the instructors' copy): one note.
- ``exposure``: which marks rest on a file anyone could have written.
- with the class service as a reference (``review_service``): does a record contradict what the
  learner's own kernel sent the service? Set aside and listed.

``grade`` runs them all around ``regrade.regrade``; ``hash_notes`` says which marks a student could have
obtained without solving the task.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict

from pakru.exercises.tasks import ExerciseSpec
from pakru.gradebook.model import Given, Gradebook, Handed, Outcome, Owner
from pakru.gradebook.read.roster import Person, match
from pakru.gradebook.regrade import Judge, regrade
from pakru.gradebook.review_service import against_service
from pakru.progress import folder_name

Row = tuple[str, str, str, str]
"""(student, file, ``activity:question``, what to check)."""


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _same_learner(record: str, owner: Owner) -> bool:
    """The record's learner is the owner: the same name (case and Unicode form aside), or the store's folder of it.

    Never through ``safe_name``, which turns every non-Latin name into ``learner`` ("Зоя" and "王芳" alike).
    """
    if not record:
        return False
    candidates = {owner.name, owner.ids.get("login", "")} - {""}
    return any(_fold(record) == _fold(c) or folder_name(record) == c for c in candidates)


def _keys(given: Given) -> list[tuple[str, ...]]:
    """What ties a record to the one kernel that saved it: its session, and its answer's exact time."""
    keys = [("session", given.session)] if given.session else []
    return keys + ([("time", given.activity, given.question, given.timestamp)] if given.timestamp else [])


def _accounts(handed: Handed, people: list[Person] | None) -> dict[str, str]:
    """Folded hub user names of the class's students → whose: the folders' names and the roster's logins."""
    found = {_fold(o.ids.get("login") or o.name): o.name for o in handed.owners.values()
             if not o.key.startswith(("canvas:", "moodle:"))}
    for person in people or []:
        if person.login:
            found.setdefault(_fold(person.login), person.full_name)
    return found


def _own(handed: Handed, people: list[Person] | None) -> tuple[dict[str, list[Given]], list[Row]]:
    """Per student, the records that may be theirs, and a row for each one that cannot be.

    A home's name is its hub user, so a record saved by any other hub user is not the owner's. Elsewhere
    (a folder named by the instructor, an LMS archive) the hub user may differ from the name the student
    is known by; a record is set aside when its hub user is another student's account (another folder's
    name, another roster row's login).
    """
    own: dict[str, list[Given]] = defaultdict(list)
    review: list[Row] = []
    accounts = _accounts(handed, people)
    check_learner = {k for k in handed.owners if not k.startswith(("canvas:", "moodle:"))}
    for student, records in handed.given.items():
        owner = handed.owners[student]
        mine = {_fold(owner.ids.get("login") or owner.name)}
        if student not in check_learner:
            person = match(owner, people)[0] if people else None
            mine = {_fold(person.login)} if person and person.login else set()
        learners = Counter(r.learner for r in records if r.learner)
        usual = learners.most_common(1)[0][0] if learners else ""
        for given in records:
            where = f"{given.activity}:{given.question}"
            hub = _fold(given.hub_user or "")
            if student in check_learner and not _same_learner(given.learner, owner):
                review.append((owner.name, given.file, where,
                               f"recorded for learner {given.learner!r}, handed in by {owner.name!r}; not counted"))
            elif hub and hub not in mine and (owner.key.startswith("home:") or hub in accounts):
                whose = f", the account of {accounts[hub]!r}" if hub in accounts else ""
                review.append((owner.name, given.file, where, f"saved on the hub by user {given.hub_user!r}{whose}, "
                                                              f"handed in by {owner.name!r}; not counted"))
            elif student not in check_learner and len(learners) > 1 and given.learner != usual:
                review.append((owner.name, given.file, where, f"recorded for learner {given.learner!r}, unlike the "
                                                              f"rest of this submission ({usual!r}); not counted"))
            else:
                own[student].append(given)
    return own, review


def screen(handed: Handed, people: list[Person] | None = None) -> tuple[Handed, list[Row]]:
    """The records that may count (a copy of ``handed``), and a review row for each one set aside.

    Set aside: a record of another learner or saved by another hub user than the one who handed it
    in; and a record whose kernel session (or exact answer time) turns up under two students, for
    both of them, since the files cannot tell who copied whom (the instructor decides).
    """
    own, review = _own(handed, people)
    kept = Handed(owners=dict(handed.owners), files=handed.files, problems=list(handed.problems),
                  exposed=dict(handed.exposed))
    holders: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for student, records in own.items():
        for given in records:
            for key in _keys(given):
                holders[key].add(student)
    shared: dict[frozenset[str], list[Given]] = defaultdict(list)
    for student, records in own.items():
        for given in records:
            students = set().union(*(holders[k] for k in _keys(given) if len(holders[k]) > 1))
            if students:
                shared[frozenset(students)].append(given)
            else:
                kept.given[student].append(given)
    for students, records in shared.items():
        names = ", ".join(sorted(handed.owners[s].name for s in students))
        what = "kernel sessions" if any(g.session for g in records) else "answers, to the microsecond,"
        review.append((names, "", "", f"the same {what} handed in by several students ({names}): a copied or "
                                      f"renamed file? {len(records)} record(s) not counted for any of them"))
    claimed: dict[str, set[str]] = defaultdict(set)
    for student, records in handed.given.items():
        for given in records:
            if given.learner:
                claimed[given.learner].add(student)
    for learner, students in claimed.items():
        if len(students) > 1 and frozenset(students) not in shared:
            names = ", ".join(sorted(handed.owners[s].name for s in students))
            review.append((names, "", "", f"records of learner {learner!r} were handed in by several students "
                                          f"({names}): copied files?"))
    return kept, review


def exposure(book: Gradebook, exposed: dict[str, str]) -> list[Row]:
    """One row per counted file that anyone could have written, naming the marks that rest on it."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for outcome in book.outcomes:
        if outcome.given.file in exposed:
            found[(outcome.student, outcome.given.file)].append(f"{outcome.given.activity}:{outcome.given.question}")
    return [(book.names[student], file, "", f"{exposed[file]}: the marks for {', '.join(wheres)} rest on a file "
                                            "others could have changed")
            for (student, file), wheres in found.items()]


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
    if given.score is not None and outcome.points is not None and abs(given.score - outcome.points) > 1e-9 \
            and not from_instructors_copy(outcome):
        return (name, given.file, where, f"recorded {given.score:g} of {outcome.max_score:g} points, re-graded "
                                         f"{outcome.points:g}: the re-graded score counts")
    return None


def from_instructors_copy(outcome: Outcome) -> bool:
    """The record is what the student edition's ``check()`` gives this answer: every check the same,
    except those against salted hashes, which it withholds and scores 0. Expected, not a disagreement."""
    given = outcome.given
    return (outcome.hashed_points > 0 and given.score is not None and outcome.points is not None
            and abs(given.score - (outcome.points - outcome.hashed_points)) <= 1e-9)


def verdicts(book: Gradebook) -> list[Row]:
    """One row per counted record whose verdict the re-grade does not bear out."""
    rows = [verdict(book.names[o.student], o) for o in book.outcomes]
    return [r for r in rows if r is not None]


def withheld_note(book: Gradebook) -> str | None:
    """One line for the answers re-graded from the instructors' copy (expected in a student edition)."""
    found = [o for o in book.outcomes if o.given.score is not None and o.points is not None
             and abs(o.given.score - o.points) > 1e-9 and from_instructors_copy(o)]
    if not found:
        return None
    students = len({o.student for o in found})
    tasks = sorted({f"{o.given.activity}:{o.given.question}" for o in found})
    return (f"{len(found)} answer(s) of {students} student(s) re-graded from the instructors' copy "
            f"({', '.join(tasks)}): the student edition withholds those checks' hashes, so check() recorded "
            "fewer points; expected, nothing to review")


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


def grade(handed: Handed, specs: dict[str, ExerciseSpec], judge: Judge | None = None,
          people: list[Person] | None = None, reference: Handed | None = None) -> Gradebook:
    """Screen, re-grade, compare: the gradebook with everything the instructor should look at in ``review``.

    ``reference``: the class service's answers (``read.service``), which handed-in records must not contradict."""
    kept, review = screen(handed, people)
    checked = None
    if reference is not None:
        kept, contradicted, checked = against_service(kept, reference, people)
        review += contradicted
    book = regrade(kept, specs, judge)
    exposed = exposure(book, handed.exposed)
    book.review = review + verdicts(book) + exposed
    book.notes = hash_notes(book)
    if checked is not None:
        book.notes.append(f"checked against the class service: {checked} of {len(handed.given)} student(s)' files "
                          "compared with what their kernels sent (the service holds nothing of the others)")
    withheld = withheld_note(book)
    if withheld:
        book.notes.append(withheld)
    if exposed:
        book.notes.append(f"{len(exposed)} file(s) that anyone could have written hold marks: review.csv names them "
                          "and the marks; ask the learners to run `chmod 600` on their progress files")
    return book
