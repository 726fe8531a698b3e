"""The kinds of check a task file can ask for; each says in plain words what is right or wrong.

No message here ever contains an expected value: rules compare against values computed from the
corpus (``pakru.exercises.expected_from_corpus``) or against salted hashes (``pakru.exercises.answer_hashes``), and
report only what the learner gave and what sort of thing is wrong with it.
"""

from __future__ import annotations

import builtins
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pakru.citations import Citation
from pakru.corpus import Corpus
from pakru.exercises import answer_hashes, expected_from_corpus


@dataclass(frozen=True)
class Outcome:
    """What one check found."""

    passed: bool
    message: str
    """Plain words for the learner: what is right, or what is wrong and why. Never the answer."""
    points: float
    """Points earned (0 when not passed)."""
    max_points: float
    check: str = ""
    """The check's type (``table``, ``rows``, ``citations``…), so feedback and gradebooks can say which passed."""


@dataclass(frozen=True)
class Context:
    """What every rule may need besides the learner's value."""

    corpus: Corpus
    salt: str


MAX_COUNTS = 100_000
"""More numbers than any counts table of the corpus could hold (documents × themes, entities, ...)."""
MAX_CITATIONS = 1_000


def _names(value: object) -> str:
    return type(value).__name__


# -- the rules: each takes (value, context, **params) and returns (passed, message) -----------------------------
def table(value: object, ctx: Context, columns: list[str] | None = None) -> tuple[bool, str]:
    """A pandas DataFrame with the columns the task needs."""
    if not isinstance(value, pd.DataFrame):
        return False, f"should be a table (a pandas DataFrame), but it is a {_names(value)}"
    missing = [c for c in columns or [] if c not in value.columns]
    if missing:
        return False, f"is a table but lacks the column(s) {', '.join(missing)}: keep them when you select"
    return True, "is a table with the columns needed"


def _keyed(frame: pd.DataFrame, key: list[str]) -> Counter:
    return Counter(tuple(answer_hashes.normalise(v) for v in row) for row in frame[key].itertuples(index=False))


def rows(value: object, ctx: Context, expected: dict, key: list[str]) -> tuple[bool, str]:
    """A table holding exactly the rows the corpus gives (compared on the key columns)."""
    ok, message = table(value, ctx, key)
    if not ok:
        return ok, message
    wanted = compute(ctx, expected)
    if len(value) > 10 * len(wanted) + 1000:  # compared row by row below: a huge table is wrong, and fast to say
        return False, "has far more rows than belong: is your condition too wide?"
    want, got = _keyed(wanted, key), _keyed(value, key)
    missing, extra = want - got, got - want
    if not missing and not extra:
        return True, "holds the rows the corpus gives, each once"
    if missing and extra:
        return False, "misses some rows that belong and has some that do not: look again at your condition"
    if missing:
        return False, "misses some rows that belong: is your condition too narrow (spelling, capitals, one source)?"
    if any(got[k] > want.get(k, 0) for k in got if k in want):
        return False, "has some rows more than once: drop the duplicates"
    return False, "has rows that do not belong: is your condition too wide?"


def _as_counts(value: object) -> dict[tuple, float] | None:
    if isinstance(value, dict):
        value = pd.Series(value)
    if isinstance(value, pd.Series):
        return {(answer_hashes.normalise(k),): float(v) for k, v in value.items()}
    if isinstance(value, pd.DataFrame):
        return {(answer_hashes.normalise(r), answer_hashes.normalise(c)): float(value.loc[r, c])
                for r in value.index for c in value.columns}
    return None


def counts(value: object, ctx: Context, expected: dict) -> tuple[bool, str]:
    """Numbers per label (a Series or dict), or per row and column (a DataFrame, either way round)."""
    if isinstance(value, pd.Series | pd.DataFrame | dict) and len(value) * (
            len(value.columns) if isinstance(value, pd.DataFrame) else 1) > MAX_COUNTS:
        return False, "has far more numbers than there are labels to count: count per label, e.g. with value_counts()"
    want = _as_counts(compute(ctx, expected))
    got = _as_counts(value)
    if got is None:
        return False, f"should be a pandas Series, dict or DataFrame of counts, but it is a {_names(value)}"
    if want and got and len(next(iter(want))) != len(next(iter(got))):
        shape = "a table (DataFrame)" if len(next(iter(want))) == 2 else "one count per label (a Series)"
        return False, f"has the wrong shape: it should be {shape}"
    if want and got and len(next(iter(want))) == 2 and not set(got) & set(want):
        got = {(c, r): n for (r, c), n in got.items()}  # accept the table transposed
    labels = set(want) | set(got)
    wrong = sorted(" / ".join(k) for k in labels if want.get(k, 0) != got.get(k, 0))
    if not wrong:
        return True, "has the counts the corpus gives"
    shown = ", ".join(wrong[:4]) + (" …" if len(wrong) > 4 else "")
    return False, f"has counts that differ from the corpus for: {shown}"


def value(value: object, ctx: Context, expected: dict) -> tuple[bool, str]:
    """A single value (a number or a name) equal to the one computed from the corpus."""
    if isinstance(value, pd.Series | pd.DataFrame | list | dict):
        return False, f"should be a single value, but it is a {_names(value)}"
    if answer_hashes.normalise(value) == answer_hashes.normalise(compute(ctx, expected)):
        return True, "matches what the corpus gives"
    return False, "is not what the corpus gives: recompute it and check the spelling"


WITHHELD = ("is saved for your instructor: whether it is right is checked only in the instructors' copy "
            "(this copy holds no answers to find), so it shows as not yet here")


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
_MONTHS = {m: n for n, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), 1)}


def as_written(value: object) -> object:
    """A learner's short answer in the one form the hashes were made from, however a careful student wrote it.

    Why: "in the 1970s" (the source's own words), "the seventies" or "'70s" give the decade the source gives;
    "5 February 2003" or "February 5, 2003" is the date asked for; "[voa-2003 ¶4]" (as the lessons write
    citations) and "VOA-2003 ¶4" are citations. Only the form changes: no wrong answer becomes right.

    >>> as_written("in the 1970s"), as_written("the seventies"), as_written("'70s"), as_written("5 February 2003")
    ('1970s', '1970s', '1970s', '2003-02-05')
    >>> as_written("[VOA-2003 ¶4]"), as_written("Wednesday"), as_written(30.0)
    ('voa-2003 ¶4', 'Wednesday', 30.0)
    """
    if type(value) is not str:
        return value
    text = " ".join(value.split()).strip(" .")
    low = text.casefold().replace("’", "'")
    bare = re.sub(r"^(?:in|during|from)\s+", "", low)
    bare = re.sub(r"^the\s+", "", bare)
    decade = re.fullmatch(r"(?:19)?'?([1-9])0'?s", bare) or re.fullmatch(r"'([1-9])0s", bare)
    if decade:
        return f"19{decade.group(1)}0s"
    if re.fullmatch(r"(1[0-9]|20)[0-9]0'?s", bare):
        return bare.replace("'", "")
    if bare in _DECADE_WORDS:
        return f"19{_DECADE_WORDS[bare]}0s"
    day_first = re.fullmatch(r"(?:\w+day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", low)
    month_first = re.fullmatch(r"(?:\w+day,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", low)
    for match, (day, month, year) in ((day_first, (1, 2, 3)), (month_first, (2, 1, 3))):
        if match:
            name = next((m for m in _MONTHS if len(match.group(month)) >= 3 and m.startswith(match.group(month))), None)
            if name:
                return f"{match.group(year)}-{_MONTHS[name]:02d}-{int(match.group(day)):02d}"
    cite = _citation_text(text)
    return cite if cite is not None else value


def _citation_text(text: str) -> str | None:
    """``[voa-2003 ¶4]``, ``(VOA-2003 ¶4)`` or ``voa-2003, ¶4`` as the one citation form, or None."""
    inner = text.strip().strip("[]()").strip().casefold().replace(",", " ")
    try:
        return str(Citation.parse(inner))
    except ValueError:
        return None


def answer(value: object, ctx: Context, accept: list[str]) -> tuple[bool, str]:
    """A single value compared with salted hashes of the accepted answers."""
    if isinstance(value, pd.Series | pd.DataFrame | list | dict | tuple | set):
        return False, f"should be a single value, but it is a {_names(value)}"
    if not accept:  # a student edition: the hashes stay in the instructors' copy (pakru.exercises.release)
        return False, WITHHELD
    if answer_hashes.matches(value, ctx.salt, accept) or answer_hashes.matches(as_written(value), ctx.salt, accept):
        return True, "is an accepted answer"
    return False, "is not the answer we are looking for: reread the passage and check the format asked for"


def supports(text: str, evidence: list[list[str]]) -> bool:
    """True when ``text`` has, for every group of evidence patterns, at least one match (case ignored).

    >>> supports("Pakistan supported rebels fighting the Soviet troops", [["Soviet"], ["supported", "backed"]])
    True
    >>> supports("the Soviets backed India", [["Soviet"], ["Pakistan supported"]])
    False
    """
    return all(any(re.search(pattern, text, re.IGNORECASE) for pattern in group) for group in evidence)


def citations(value: object, ctx: Context, min: int = 1, max: int | None = None, within: str | None = None,
              accept: list[str] | None = None, cover: list[str] | None = None,
              evidence: list[list[str]] | None = None, sources: int | None = None) -> tuple[bool, str]:
    """A list of citations like 'voa-2003 ¶2' that exist and show what the question asks.

    ``evidence`` accepts any paragraph whose text supports the claim (every group of patterns matches), so a
    careful reader's other paragraph counts too; ``accept`` (hashes) is for claims words cannot test.
    ``sources`` asks for paragraphs from at least that many different sources.
    """
    if isinstance(value, str | Citation):
        value = [value]
    if not isinstance(value, list | tuple | set):
        return False, f"should be a list of citations like ['voa-2003 ¶2'], but it is a {_names(value)}"
    if len(value) > MAX_CITATIONS:
        return False, f"has {len(value):,} items; a few well-chosen citations are asked for"
    parsed = []
    for item in value:
        try:
            written = None if isinstance(item, Citation) else _citation_text(str(item))
            cite = item if isinstance(item, Citation) else Citation.parse(written or str(item))
        except ValueError:
            return False, f"has {str(item)[:60]!r}, which is not a citation: write it as 'voa-2003 ¶2'"
        if not ctx.corpus.resolves(cite):
            return False, f"cites {cite}, which is not a paragraph of the corpus"
        if within and cite.doc_id != within:
            return False, f"cites {cite}, but this question is about {within} only"
        parsed.append(cite)
    if len(set(parsed)) < min:
        return False, f"needs at least {min} different citation(s)"
    if max is not None and len(set(parsed)) > max:
        return False, f"should have at most {max} citation(s): choose the strongest"
    if evidence is not None:
        off = [str(c) for c in sorted(set(parsed)) if not supports(ctx.corpus.cite(c).text, evidence)]
        if off:
            return False, f"cites {', '.join(off)}, whose text does not show what the question asks for"
    if accept:
        off = [str(c) for c in sorted(set(parsed)) if not answer_hashes.matches(c, ctx.salt, accept)]
        if off:
            return False, f"cites {', '.join(off)}, which does not show what the question asks for"
    if sources is not None and len({c.doc_id for c in parsed}) < sources:
        return False, f"should cite paragraphs from at least {sources} different sources"
    missing = [doc for doc in cover or [] if doc not in {c.doc_id for c in parsed}]
    if missing:
        return False, f"should cite at least one paragraph of each of: {', '.join(missing)}"
    if accept is not None and not accept:  # a student edition: which paragraphs answer is marked by the instructor
        return False, "cites paragraphs that exist, in the form asked; " + WITHHELD
    return True, "cites paragraphs that exist" + (" and show what was asked" if accept or evidence else "")


def citations_share(value: object, ctx: Context, min: int = 1, max: int | None = None, within: str | None = None,
                    accept: list[str] | None = None, cover: list[str] | None = None,
                    evidence: list[list[str]] | None = None, sources: int | None = None) -> float:
    """The share of a citations answer that is right, for partial credit when ``citations`` refuses it.

    Why: one disputed paragraph among three good ones should not zero a whole check. Only answers in the right
    form earn a share (every item a citation of the corpus, within the source asked, no more than ``max``):
    the share is the paragraphs that show what was asked over the number asked for (``min``) or given,
    whichever is larger, so padding an answer with extra paragraphs does not raise it.

    >>> from pakru.corpus import Corpus
    >>> ctx = Context(Corpus.load(), "salt")
    >>> citations_share(["voa-2003 ¶4", "latimes-2003 ¶5", "toi-2018 ¶1"], ctx, min=2,
    ...                 evidence=[["Soviet"], ["1980"]])
    0.6666666666666666
    """
    items = [value] if isinstance(value, str | Citation) else value
    if not isinstance(items, list | tuple | set) or not items or len(items) > MAX_CITATIONS or (accept is not None
                                                                                               and not accept):
        return 0.0
    parsed = set()
    for item in items:
        written = None if isinstance(item, Citation) else _citation_text(str(item))
        if isinstance(item, Citation):
            cite = item
        elif written is None:
            return 0.0
        else:
            cite = Citation.parse(written)
        if not ctx.corpus.resolves(cite) or (within and cite.doc_id != within):
            return 0.0
        parsed.add(cite)
    if max is not None and len(parsed) > max:
        return 0.0
    good = [c for c in parsed if (evidence is None or supports(ctx.corpus.cite(c).text, evidence))
            and (not accept or answer_hashes.matches(c, ctx.salt, accept))]
    return len(good) / builtins.max(min, len(parsed))


def score(check_type: str, value: object, ctx: Context, params: dict, points: float) -> tuple[bool, str, float]:
    """Run one rule and give its points: all when it passes, a share for a partly right citations answer."""
    passed, message = RULES[check_type](value, ctx, **params)
    if passed:
        return passed, message, points
    share = citations_share(value, ctx, **params) if check_type == "citations" else 0.0
    if 0 < share < 1:
        message += f" (partial credit: {share:.0%} of the paragraphs asked for show it)"
    return passed, message, round(points * share, 2) if share < 1 else 0.0


def figure(value: object, ctx: Context, min_marks: int = 1, labels: list[str] | None = None) -> tuple[bool, str]:
    """A matplotlib figure (or axes) with a title, both axis labels and something plotted."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(value, Figure):
        axes = [a for a in value.axes if a.has_data()] or value.axes
        if not axes:
            return False, "is a figure with nothing drawn in it"
        ax = axes[0]
    elif isinstance(value, Axes):
        ax = value
    else:
        return False, f"should be a matplotlib figure (from plt.subplots()), but it is a {_names(value)}"
    fig = ax.get_figure()
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    lacks = [name for name, text in (("a title", ax.get_title() or suptitle), ("an x-axis label", ax.get_xlabel()),
                                     ("a y-axis label", ax.get_ylabel())) if not text.strip()]
    if lacks:
        return False, f"lacks {' and '.join(lacks)}: a reader needs to know what is shown"
    marks = len(ax.patches) + len(ax.lines) + len(ax.collections)
    if marks < min_marks:
        return False, "has too little plotted: draw one bar (or point) per count"
    shown = {t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()}
    legend = ax.get_legend()
    if legend:
        shown |= {t.get_text() for t in legend.get_texts()}
    missing = [label for label in labels or [] if not any(label in s for s in shown)]
    if missing:
        return False, f"does not label {', '.join(missing)} on an axis or in a legend"
    return True, "has a title, axis labels and plotted data"


def words(value: object, ctx: Context, min: int, max: int) -> tuple[bool, str]:
    """A written answer within a word range: collected for the instructor, not marked."""
    if not isinstance(value, str):
        return False, f"should be text in quotes (a string), but it is a {_names(value)}"
    count = len(value.split())
    if count < min:
        return False, f"has {count} words; write at least {min}"
    if count > max:
        return False, f"has {count} words; keep it to at most {max}"
    return True, f"has {count} words, within the range: it is saved for your instructor (not marked automatically)"


def compute(ctx: Context, spec: dict) -> object:
    """The expected value a rule compares against, computed from the corpus now."""
    return expected_from_corpus.compute(ctx.corpus, spec)


RULES: dict[str, Callable[..., tuple[bool, str]]] = {
    "table": table, "rows": rows, "counts": counts, "value": value, "answer": answer,
    "citations": citations, "figure": figure, "words": words,
}
"""Rule types a task file may use, by name; each has its check model (parameters) in ``tasks.py``."""
