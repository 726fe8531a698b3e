"""Hashed answers: a literal answer is stored as a salted SHA-256 of its normalised form, never as text.

Authors make the hashes with ``python -m pakru.exercises.answer_hashes --salt SALT VALUE ...``.
A short answer (a year, a number) can still be guessed by trying values: prefer checks that
compute the expected value from the corpus, and keep hashes for what cannot be computed.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import numbers
import re
import sys

from pakru.citations import Citation

_DECADE = re.compile(r"^(?:the )?(\d{3}0)['’]?s$")


def normalise(value: object) -> str:
    """One spelling per answer: case, spacing, ``¶``/``:`` in citations, ``5.0``/``5`` and decades all agree.

    >>> normalise("  The  Kremlin "), normalise(33.0), normalise("voa-2003:7"), normalise("the 1970's")
    ('the kremlin', '33', 'voa-2003 ¶7', '1970s')
    """
    if isinstance(value, Citation):
        return str(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, numbers.Number):
        number = float(value)  # type: ignore[arg-type]
        if math.isfinite(number) and number == int(number):
            return str(int(number))
        return f"{number:.6g}"
    text = " ".join(str(value).split()).casefold()
    text = _DECADE.sub(r"\1s", text)  # "the 1970's" and "1970s" are the same decade
    try:
        return str(Citation.parse(text))
    except ValueError:
        pass
    try:
        return normalise(float(text))
    except ValueError:
        return text


def digest(value: object, salt: str) -> str:
    """The salted hash a task file stores for an accepted answer."""
    return hashlib.sha256(f"{salt}\n{normalise(value)}".encode()).hexdigest()


def matches(value: object, salt: str, accepted: list[str]) -> bool:
    """True when ``value`` normalises to one of the accepted hashes."""
    return digest(value, salt) in accepted


def main(argv: list[str] | None = None) -> int:
    """Print the hash of each value, for pasting into a task file's ``accept:`` list."""
    parser = argparse.ArgumentParser(prog="python -m pakru.exercises.answer_hashes", description=main.__doc__)
    parser.add_argument("--salt", required=True, help="the exercise's salt (the `salt:` key of its task file)")
    parser.add_argument("values", nargs="+", help="accepted answers, e.g. 2003-02-05 or 'voa-2003 ¶7'")
    args = parser.parse_args(argv)
    for value in args.values:
        print(digest(value, args.salt))
        print(f"  (hash of {normalise(value)!r}: do not paste this line into the task file)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
