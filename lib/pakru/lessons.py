"""Lesson front matter (notebooks/lessons.yaml): loaded, checked against the corpus, shown as escaped HTML.

The prose lives in YAML so notebooks stay thin: ``lessons.header("02_thaw_2003")`` shows the title block,
``lessons.keypoints(...)`` the summary. Any text may cite a passage as ``[voa-2003 ¶2]``; text in double
quotes just before such a citation is a quotation and must occur in the cited paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pakru.citations import Citation
from pakru.corpus import Corpus, load
from pakru.paths import NOTEBOOKS_DIR
from pakru.problems import Problem, ProblemError, display_path
from pakru.show import HTML, escape
from pakru.yamlfile import LineDict, load_section

LESSONS_FILE = NOTEBOOKS_DIR / "lessons.yaml"
REQUIRED = ("id", "title", "teaching", "exercises", "questions", "objectives", "prerequisites", "readings",
            "discussion", "keypoints")
OPTIONAL = ("background", "essay")
LISTS = ("questions", "objectives", "prerequisites", "keypoints")
BACKGROUND_LABEL = "Background (not from the sources)"

_INLINE = re.compile(r"\[([a-z0-9][a-z0-9-]*\s*¶\s*\d+)\]")
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]\s*((?:\[[a-z0-9-]+\s*¶\s*\d+\]\s*)+)")
_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "'": '"'})

BOX = ("border: 1px solid var(--jp-border-color1, #999); border-radius: 4px; padding: 0.5em 1em;"
       " margin: 0.6em 0; background: var(--jp-layout-color1, transparent);"
       " color: var(--jp-content-font-color1, inherit);")
CALLOUT = ("border-left: 6px double var(--jp-warn-color1, #b26a00); padding: 0.4em 1em; margin: 0.6em 0;"
           " background: var(--jp-layout-color2, transparent); color: var(--jp-content-font-color1, inherit);")
CITE = "font-style: normal; font-size: 0.9em; color: var(--jp-content-font-color2, inherit);"


@dataclass(frozen=True)
class Reading:
    """A passage the lesson reads, by citation, with a note on why."""

    cite: Citation
    note: str


@dataclass(frozen=True)
class Prompt:
    """A discussion prompt; its id keys the suggested answer in INSTRUCTOR_GUIDE.md."""

    id: str
    prompt: str


@dataclass(frozen=True)
class Callout:
    """Knowledge not taken from the sources, always shown under the background label."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Lesson:
    """One lesson's front matter, as written in lessons.yaml."""

    id: str
    title: str
    teaching: int
    exercises: int
    questions: list[str]
    objectives: list[str]
    prerequisites: list[str]
    readings: list[Reading]
    discussion: list[Prompt]
    keypoints: list[str]
    background: list[Callout] = field(default_factory=list)
    essay: str | None = None
    line: int | None = None

    @property
    def minutes(self) -> int:
        """Total class time: teaching plus exercises."""
        return self.teaching + self.exercises

    def texts(self) -> list[tuple[str, str]]:
        """Every piece of prose with the field it sits in, for checking quotations and citations."""
        out = [("title", self.title)]
        for name in LISTS:
            out += [(name, text) for text in getattr(self, name)]
        out += [("readings", r.note) for r in self.readings]
        out += [("discussion", p.prompt) for p in self.discussion]
        out += [("background", c.text) for c in self.background]
        if self.essay:
            out.append(("essay", self.essay))
        return out


# -- loading ------------------------------------------------------------------------------------------
def read_lessons(path: Path = LESSONS_FILE) -> tuple[list[Lesson], list[Problem]]:
    """Read lessons.yaml; return every lesson that is well formed and a Problem for each fault."""
    shown = display_path(path)
    if not path.exists():
        return [], [Problem(shown, "lessons file not found; each notebook needs its front matter here")]
    items, problems = load_section(path, "lessons")
    if problems:
        return [], problems
    lessons, seen = [], {}
    for item in items:
        lesson, found = _lesson(item, shown)
        problems += found
        if lesson is None:
            continue
        if lesson.id in seen:
            problems.append(Problem(shown, f"duplicate lesson id {lesson.id!r} (first at line {seen[lesson.id]})",
                                    lesson.line))
            continue
        seen[lesson.id] = lesson.line
        lessons.append(lesson)
    return lessons, problems


def _lesson(item: object, shown: str) -> tuple[Lesson | None, list[Problem]]:
    if not isinstance(item, LineDict):
        return None, [Problem(shown, "each lesson must be a mapping of fields")]
    problems = [Problem(shown, f"lesson is missing `{key}`", item.line) for key in REQUIRED if key not in item]
    problems += [Problem(shown, f"unknown field `{key}` (known: {', '.join(REQUIRED + OPTIONAL)})",
                         item.line_of(key)) for key in item if key not in REQUIRED + OPTIONAL]
    if problems:
        return None, problems
    for key in ("teaching", "exercises"):
        if not isinstance(item[key], int) or isinstance(item[key], bool) or item[key] < 0:
            problems.append(Problem(shown, f"`{key}` must be a whole number of minutes", item.line_of(key)))
    for key in LISTS:
        if not _strings(item[key]):
            problems.append(Problem(shown, f"`{key}` must be a non-empty list of texts", item.line_of(key)))
    readings = _readings(item, shown, problems)
    discussion = _records(item, "discussion", ("id", "prompt"), shown, problems)
    background = _records(item, "background", ("id", "title", "text"), shown, problems)
    if item.get("essay") is not None and not isinstance(item["essay"], str):
        problems.append(Problem(shown, "`essay` must be a text", item.line_of("essay")))
    if problems:
        return None, problems
    return Lesson(
        id=str(item["id"]), title=str(item["title"]), teaching=item["teaching"], exercises=item["exercises"],
        questions=list(item["questions"]), objectives=list(item["objectives"]),
        prerequisites=list(item["prerequisites"]), readings=readings,
        discussion=[Prompt(d["id"], d["prompt"]) for d in discussion],
        keypoints=list(item["keypoints"]),
        background=[Callout(b["id"], b["title"], b["text"]) for b in background],
        essay=item.get("essay"), line=item.line,
    ), []


def _strings(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _readings(item: LineDict, shown: str, problems: list[Problem]) -> list[Reading]:
    out = []
    if not isinstance(item["readings"], list) or not item["readings"]:
        problems.append(Problem(shown, "`readings` must be a non-empty list of {cite, note}", item.line_of("readings")))
        return out
    for entry in item["readings"]:
        line = entry.line if isinstance(entry, LineDict) else item.line_of("readings")
        if not isinstance(entry, dict) or not isinstance(entry.get("cite"), str) or not entry.get("note"):
            problems.append(Problem(shown, "each reading needs `cite` (e.g. 'voa-2003 ¶2') and `note`", line))
            continue
        try:
            out.append(Reading(Citation.parse(entry["cite"]), str(entry["note"])))
        except ValueError as exc:
            problems.append(Problem(shown, str(exc), line))
    return out


def _records(item: LineDict, key: str, fields: tuple[str, ...], shown: str, problems: list[Problem]) -> list[dict]:
    value = item.get(key, [])
    if not isinstance(value, list) or (key == "discussion" and not value):
        problems.append(Problem(shown, f"`{key}` must be a list of {{{', '.join(fields)}}}", item.line_of(key)))
        return []
    ids: set[str] = set()
    for entry in value:
        line = entry.line if isinstance(entry, LineDict) else item.line_of(key)
        if not isinstance(entry, dict) or any(not isinstance(entry.get(f), str) or not entry[f].strip()
                                              for f in fields):
            problems.append(Problem(shown, f"each `{key}` entry needs {', '.join(fields)} as texts", line))
        elif entry["id"] in ids:
            problems.append(Problem(shown, f"duplicate {key} id {entry['id']!r}", line))
        else:
            ids.add(entry["id"])
    return value


def check_lessons(corpus: Corpus, path: Path = LESSONS_FILE, notebooks_dir: Path | None = None) -> list[Problem]:
    """Front matter problems: structure, citations that resolve, quotations found verbatim, notebooks present."""
    found, problems = read_lessons(path)
    shown = display_path(path)
    notebooks_dir = notebooks_dir or path.parent
    for lesson in found:  # noqa: F402 - the loop variable shadows the finder on purpose, locally
        if not (notebooks_dir / f"{lesson.id}.ipynb").exists():
            problems.append(Problem(shown, f"lesson {lesson.id!r} has no notebook {lesson.id}.ipynb", lesson.line))
        for reading in lesson.readings:
            if not corpus.resolves(reading.cite):
                problems.append(Problem(shown, f"{lesson.id}: reading {reading.cite} does not resolve", lesson.line))
        for name, text in lesson.texts():
            problems += [Problem(shown, f"{lesson.id} ({name}): {msg}", lesson.line)
                         for msg in text_problems(corpus, text)]
    listed = {item.id for item in found}
    for notebook in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb")):
        if notebook.stem not in listed:
            problems.append(Problem(shown, f"notebook {notebook.name} has no entry in this file"))
    return problems


def text_problems(corpus: Corpus, text: str) -> list[str]:
    """Citations in ``text`` that do not resolve, and quotations not found verbatim in the passage cited."""
    out = []
    for match in _INLINE.finditer(text):
        citation = Citation.parse(match.group(1))
        if not corpus.resolves(citation):
            out.append(f"citation [{citation}] does not resolve")
    for match in _QUOTED.finditer(text):
        quoted = match.group(1).translate(_QUOTE_CHARS)
        cited = [Citation.parse(c) for c in _INLINE.findall(match.group(2))]
        found = [c for c in cited if corpus.resolves(c) and quoted in corpus.cite(c).text.translate(_QUOTE_CHARS)]
        if cited and not found:
            out.append(f"quotation \"{match.group(1)}\" is not found verbatim in {', '.join(map(str, cited))}")
    return out


# -- finding ------------------------------------------------------------------------------------------
def lessons(path: Path = LESSONS_FILE) -> list[Lesson]:
    """All lessons in teaching order; raise ProblemError if the file has faults (run check_lessons)."""
    found, problems = read_lessons(path)
    if problems:
        raise ProblemError(problems)
    return found


def lesson(lesson_id: str, path: Path = LESSONS_FILE) -> Lesson:
    """One lesson by id, or a KeyError listing the ids there are."""
    every = lessons(path)
    for item in every:
        if item.id == lesson_id:
            return item
    raise KeyError(f"no lesson {lesson_id!r}; lessons are: {', '.join(x.id for x in every)}")


# -- rendering (all text escaped) ---------------------------------------------------------------------
def prose(text: str) -> str:
    """Escape lesson prose and set its inline citations ``[doc ¶N]`` as <cite>."""
    out, pos = [], 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[pos:match.start()]))
        out.append(f'<cite style="{CITE}">[{escape(match.group(1))}]</cite>')
        pos = match.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _items(title: str, texts: list[str]) -> tuple[str, str]:
    markup = f"<h4>{escape(title)}</h4><ul>" + "".join(f"<li>{prose(t)}</li>" for t in texts) + "</ul>"
    plain = title + "\n" + "\n".join(f"- {t}" for t in texts)
    return markup, plain


def header(lesson_id: str, corpus: Corpus | None = None) -> HTML:
    """The lesson's front matter: time, questions, objectives, prerequisites and readings with references."""
    item = lesson(lesson_id)
    corpus = corpus or load()
    time = f"Time: {item.minutes} minutes ({item.teaching} teaching, {item.exercises} exercises and discussion)"
    parts = [_items("Questions", item.questions), _items("Objectives", item.objectives),
             _items("Prerequisites", item.prerequisites)]
    refs = [f"{r.note}: {corpus.cite(r.cite).reference}" for r in item.readings]
    parts.append(_items("Readings", refs))
    markup = (f'<section style="{BOX}" aria-label="Lesson overview"><h3>{escape(item.title)}</h3>'
              f"<p><strong>{escape(time)}</strong></p>" + "".join(m for m, _ in parts) + "</section>")
    plain = "\n\n".join([item.title, time] + [p for _, p in parts])
    return HTML(markup, plain)


def objectives(lesson_id: str) -> HTML:
    """Just the learning objectives, e.g. to revisit before the quiz."""
    markup, plain = _items("Objectives", lesson(lesson_id).objectives)
    return HTML(f'<section style="{BOX}">{markup}</section>', plain)


def discussion(lesson_id: str) -> HTML:
    """The discussion prompts, numbered, for pairs or the whole class."""
    prompts = lesson(lesson_id).discussion
    markup = ("<h4>Discussion</h4><ol>" + "".join(f"<li>{prose(p.prompt)}</li>" for p in prompts) + "</ol>")
    plain = "Discussion\n" + "\n".join(f"{n}. {p.prompt}" for n, p in enumerate(prompts, 1))
    return HTML(f'<section style="{BOX}">{markup}</section>', plain)


def keypoints(lesson_id: str) -> HTML:
    """The key points that close the lesson."""
    markup, plain = _items("Key points", lesson(lesson_id).keypoints)
    return HTML(f'<section style="{BOX}">{markup}</section>', plain)


def background(lesson_id: str, callout_id: str) -> HTML:
    """A background callout, always labelled as not coming from the sources (a symbol and words, not colour)."""
    item = lesson(lesson_id)
    found = {c.id: c for c in item.background}
    if callout_id not in found:
        raise KeyError(f"lesson {lesson_id!r} has no background {callout_id!r}; it has: {', '.join(found) or 'none'}")
    c = found[callout_id]
    markup = (f'<aside style="{CALLOUT}" aria-label="{escape(BACKGROUND_LABEL)}">'
              f"<p><strong>ⓘ {escape(BACKGROUND_LABEL)}: {escape(c.title)}</strong></p><p>{prose(c.text)}</p></aside>")
    return HTML(markup, f"{BACKGROUND_LABEL}: {c.title}\n{c.text}")


def essay(lesson_id: str) -> HTML:
    """The lesson's essay prompt."""
    text = lesson(lesson_id).essay
    if not text:
        raise KeyError(f"lesson {lesson_id!r} has no essay prompt")
    return HTML(f'<section style="{BOX}"><h4>Essay</h4><p>{prose(text)}</p></section>', f"Essay\n{text}")


def sources_overview(corpus: Corpus | None = None) -> HTML:
    """The five sources side by side: publisher, date and how it is known, kind, audience."""
    corpus = corpus or load()
    heads = ["Source", "Publisher", "Date", "How the date is known", "Kind", "Audience"]
    rows, plain = [], ["\t".join(heads)]
    for doc in corpus.documents.values():
        e = doc.entry
        how = "printed in the text" if e.date_basis == "stated" else f"inferred by us: {e.date_reasoning}"
        cells = [e.id, e.publisher, e.date_label(), how, e.kind, e.audience or "not recorded"]
        rows.append("<tr>" + "".join(f'<td style="vertical-align: top; text-align: left">{escape(c)}</td>'
                                     for c in cells) + "</tr>")
        plain.append("\t".join(cells))
    head = "".join(f'<th scope="col" style="text-align: left">{escape(h)}</th>' for h in heads)
    markup = (f'<table style="font-size: 0.9em"><caption>The five sources</caption><thead><tr>{head}</tr></thead>'
              f"<tbody>{''.join(rows)}</tbody></table>")
    return HTML(markup, "\n".join(plain))
