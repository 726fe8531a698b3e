"""Review against the class service: a handed-in record that contradicts what the learner's own kernel sent.

Why: a file can be edited or copied; an answer the class service received from a learner's kernel, under
the hub user whose token sent it, at the time it was given, cannot. So where the service holds a learner's
answers (``--service`` beside handed-in files or homes), a handed-in record of theirs is set aside (it earns
nothing) and listed when

- its kernel session never sent the service anything as that hub user, although the service holds other
  answers of theirs (another learner's file renamed, or records made elsewhere); or
- the service holds the same (activity, question) for that hub user with another answer, score or verdict
  (an edited file, or one exported before the learner answered again: the instructor decides).

Files that are what the service holds give no row. A learner the service holds nothing for is left to the
other review rules (their kernel may have had no service configured). The student's hub user is the home's
user, else the folder's or roster's login when the service knows that user, else the hub user most of the
student's records name.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict

from pakru.gradebook.model import Given, Handed, Owner
from pakru.gradebook.read.roster import Person, match

Row = tuple[str, str, str, str]
"""(student, file, ``activity:question``, what to check), as ``review.Row``."""


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def held_by_user(reference: Handed) -> dict[str, list[Given]]:
    """Folded hub user → the records the service holds for them (``read.service`` names each owner by hub user)."""
    held: dict[str, list[Given]] = defaultdict(list)
    for key, records in reference.given.items():
        held[_fold(reference.owners[key].ids.get("hub_user") or reference.owners[key].name)] += records
    return held


def student_hub_user(owner: Owner, records: list[Given], known: set[str],
                     people: list[Person] | None = None) -> str | None:
    """The hub user whose answers the service should hold for this student (folded), or None when unknown."""
    if owner.ids.get("hub_user"):
        return _fold(owner.ids["hub_user"])
    candidates = [owner.ids.get("login", "")] if not owner.key.startswith(("canvas:", "moodle:")) else []
    if people:
        person = match(owner, people)[0]
        candidates.append(person.login if person else "")
    for candidate in candidates:
        if candidate and _fold(candidate) in known:
            return _fold(candidate)
    named = Counter(_fold(r.hub_user) for r in records if r.hub_user)
    return named.most_common(1)[0][0] if named else None


def _same_number(a: float | None, b: float | None) -> bool:
    return a is None or b is None or math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def differences(given: Given, held: Given) -> list[str]:
    """What differs between a handed-in record and the service's record of the same question (empty: nothing)."""
    found = []
    if given.answer != held.answer:
        found.append("answer")
    if not _same_number(given.score, held.score):
        found.append(f"score ({given.score:g} handed in, {held.score:g} received)")
    if given.correct is not None and held.correct is not None and given.correct != held.correct:
        found.append(f"verdict ({'right' if given.correct else 'wrong'} handed in, "
                     f"{'right' if held.correct else 'wrong'} received)")
    return found


def against_service(handed: Handed, reference: Handed,
                    people: list[Person] | None = None) -> tuple[Handed, list[Row], int]:
    """The records that agree with the service (a copy of ``handed``), a review row for each one set aside, and
    how many students the service held answers for (the others were not checked)."""
    held = held_by_user(reference)
    kept = Handed(owners=dict(handed.owners), files=handed.files, problems=list(handed.problems),
                  exposed=dict(handed.exposed))
    rows: list[Row] = []
    checked = 0
    for student, records in handed.given.items():
        owner = handed.owners[student]
        user = student_hub_user(owner, records, set(held), people)
        theirs = held.get(user, []) if user else []
        if not theirs:
            kept.given[student] += records
            continue
        checked += 1
        sessions = {g.session for g in theirs if g.session}
        latest = {(g.activity, g.question): g for g in sorted(theirs, key=lambda g: g.timestamp)}
        for given in records:
            where = f"{given.activity}:{given.question}"
            same = latest.get((given.activity, given.question))
            if given.session and given.session not in sessions:
                rows.append((owner.name, given.file, where, f"kernel session {given.session!r} never sent the class "
                             f"service an answer as hub user {user!r}, who sent {len(theirs)} from other sessions: "
                             "another learner's file, or made elsewhere? not counted"))
            elif same is not None and differences(given, same):
                rows.append((owner.name, given.file, where, f"the class service received another "
                             f"{', '.join(differences(given, same))} from {user!r}'s kernel (at {same.timestamp}; "
                             f"handed in: {given.timestamp}): an edited or older file? not counted"))
            else:
                kept.given[student].append(given)
    return kept, rows, checked
