"""Lesson front matter (notebooks/lessons.yaml): loaded, checked against the corpus, shown as escaped HTML.

The prose lives in YAML so notebooks stay thin: ``lessons.header("02_thaw_2003")`` shows the title block,
``lessons.keypoints(...)`` the summary. Any text may cite a passage as ``[voa-2003 ¶2]``; text in double
quotes just before such a citation is a quotation and must occur in the cited paragraph.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, Field, PlainValidator, ValidationInfo, WithJsonSchema, field_validator

from pakru import citations
from pakru.corpus import Corpus, load
from pakru.paths import NOTEBOOKS_DIR
from pakru.problems import Problem, ProblemError, display_path
from pakru.render import HTML, render
from pakru.schema import Cite, Model, Text, fail, read_items, unique
from pakru.schema import load as load_model
from pakru.wording import counted

LESSONS_FILE = NOTEBOOKS_DIR / "lessons.yaml"
BACKGROUND_LABEL = "Background (not from the sources)"

_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "'": '"'})

def _minutes(value: Any, info: ValidationInfo) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise fail(f"`{info.field_name}` must be a whole number of minutes")
    return value


Minutes = Annotated[int, PlainValidator(_minutes), WithJsonSchema({"type": "integer", "minimum": 0})]
Texts = Annotated[list[Text], Field(min_length=1)]


class Reading(Model):
    """A passage the lesson reads, by citation, with a note on why."""

    model_config = ConfigDict(title="reading")

    cite: Cite
    note: Text


class Prompt(Model):
    """A discussion prompt; its id keys the suggested answer in INSTRUCTOR_GUIDE.md."""

    model_config = ConfigDict(title="discussion prompt")

    id: Text
    prompt: Text


class Callout(Model):
    """Knowledge not taken from the sources, always shown under the background label."""

    model_config = ConfigDict(title="background callout")

    id: Text
    title: Text
    text: Text


class Lesson(Model):
    """One lesson's front matter, as written in lessons.yaml."""

    model_config = ConfigDict(title="lesson")

    id: Text
    """The notebook's file name without .ipynb (and its quiz bank's id)."""
    title: Text
    teaching: Minutes
    """Minutes of teaching."""
    exercises: Minutes
    """Minutes of exercises, quiz and discussion."""
    questions: Texts
    """The questions the lesson answers."""
    objectives: Texts
    """What a learner can do afterwards."""
    prerequisites: Texts
    readings: Annotated[list[Reading], Field(min_length=1)]
    """The passages the lesson reads (doc-id ¶N), each with a note."""
    discussion: Annotated[list[Prompt], Field(min_length=1)]
    """Prompts, each with an id; suggested answers are in INSTRUCTOR_GUIDE.md."""
    keypoints: Texts
    background: list[Callout] = []
    """Knowledge NOT taken from the sources; always shown as such."""
    essay: str | None = None

    @field_validator("discussion", "background")
    @classmethod
    def _unique_ids(cls, items: list, info: ValidationInfo) -> list:
        return unique(items, "id", f"{info.field_name} id")

    @property
    def minutes(self) -> int:
        """Total class time: teaching plus exercises."""
        return self.teaching + self.exercises

    def texts(self) -> list[tuple[str, str]]:
        """Every piece of prose with the field it sits in, for checking quotations and citations.

        Read from the model, not listed by hand: a prose field added to a lesson is checked without more code.
        """
        out: list[tuple[str, str]] = []

        def walk(field: str, value: object) -> None:
            if isinstance(value, str):
                out.append((field, value))
            elif isinstance(value, list):
                for item in value:
                    walk(field, item)
            elif isinstance(value, Model):
                for name in type(value).model_fields:
                    if name != "id":
                        walk(field, getattr(value, name))

        for name in type(self).model_fields:
            if name != "id":
                walk(name, getattr(self, name))
        return out


COURSE_WORDS = {
    "sources": "how many sources the catalogue holds, in words: \"five sources\"",
    "texts": "the same count as news texts: \"five news texts\"",
    "lessons": "how many lessons this file lists: \"six lessons\"",
    "years": "the years the sources were published in: \"2003 to 2018\"",
}
"""The placeholders course prose may use; each is filled from the data (``course_words``), never typed."""


def _placeholders(value: str, info: ValidationInfo) -> str:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise fail(f"`{info.field_name}`: {exc}; a placeholder is written {{sources}}, "
                   "a brace itself {{ or }}") from None
    for name in names:
        if name not in COURSE_WORDS:
            raise fail(f"`{info.field_name}`: unknown placeholder {{{name}}}; use "
                       + ", ".join(f"{{{k}}}" for k in COURSE_WORDS))
    return value


class Course(Model):
    """The course as a whole, as the site's index (and any page that names the course) introduces it.

    Counts and the span of years are not typed here but written as placeholders (``COURSE_WORDS``) filled from
    the catalogue and the lessons, so a sixth source or a seventh lesson changes the words without an edit.
    """

    model_config = ConfigDict(title="course")

    title: Text
    """The course's title; may use the placeholders of ``intro``."""
    intro: Text
    """A paragraph saying what the course reads and how; {sources}, {texts}, {lessons} and {years} are filled in."""

    @field_validator("title", "intro")
    @classmethod
    def _known(cls, value: str, info: ValidationInfo) -> str:
        return _placeholders(value, info)


class LessonsFile(Model):
    """``notebooks/lessons.yaml``: the course's title and introduction, then one entry per lesson notebook, in
    teaching order."""

    course: Course
    lessons: list[Lesson]

    @field_validator("lessons")
    @classmethod
    def _unique(cls, lessons: list[Lesson]) -> list[Lesson]:
        return unique(lessons, "id", "lesson id")


def read_lessons(path: Path = LESSONS_FILE) -> tuple[list[Lesson], list[Problem]]:
    """Read lessons.yaml; return every lesson that is well formed and a Problem for each fault."""
    if not path.exists():
        return [], [Problem(display_path(path), "lessons file not found; each notebook needs its front matter here")]
    return read_items(path, LessonsFile, "lessons")


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
    if problems and not found:
        return problems  # nothing could be read: every notebook would be reported as missing an entry
    listed = {item.id for item in found}
    for notebook in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb")):
        if notebook.stem not in listed:
            problems.append(Problem(shown, f"notebook {notebook.name} has no entry in this file"))
    return problems


def text_problems(corpus: Corpus, text: str) -> list[str]:
    """Citations in ``text`` that do not resolve, and quotations not found verbatim in the passage cited."""
    out = [f"citation [{c}] does not resolve" for c, _, _ in citations.inline(text) if not corpus.resolves(c)]
    for quoted, cited in citations.quotations(text):
        plain = quoted.translate(_QUOTE_CHARS)
        if not any(corpus.resolves(c) and plain in corpus.cite(c).text.translate(_QUOTE_CHARS) for c in cited):
            out.append(f"quotation \"{quoted}\" is not found verbatim in {', '.join(map(str, cited))}")
    return out


def read_course(path: Path = LESSONS_FILE) -> Course:
    """The course section of lessons.yaml; raise ProblemError (file:line) if the file has faults."""
    return load_model(path, LessonsFile).course


def course_words(corpus: Corpus, every: list[Lesson]) -> dict[str, str]:
    """The words the course's placeholders stand for, counted from the catalogue and the lessons."""
    n = len(corpus.documents)
    years = sorted({str(d)[:4] for d in corpus.sources["date"]})
    span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}" if years else "no year"
    return {"sources": counted(n, "sources", "source"), "texts": counted(n, "news texts", "news text"),
            "lessons": counted(len(every), "lessons", "lesson"), "years": span}


def course_text(corpus: Corpus | None = None, path: Path = LESSONS_FILE) -> tuple[str, str]:
    """The course's title and introduction with their placeholders filled from the data (and the first letter a
    capital, as a placeholder may open a sentence)."""
    words = course_words(corpus or load(), lessons(path))
    found = read_course(path)
    return _capital(found.title.format_map(words)), _capital(found.intro.format_map(words))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


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


# -- rendering (templates in pakru.render: all text escaped) --------------------------------------------
def prose(text: str) -> str:
    """Escape lesson prose and set its inline citations ``[doc ¶N]`` as <cite>."""
    return str(render("_prose.html.j2", text=text))


def _plain(title: str, texts: list[str]) -> str:
    return title + "\n" + "\n".join(f"- {t}" for t in texts)


def _section(title: str, texts: list[str], ordered: bool = False) -> HTML:
    return HTML(render("lesson_list.html.j2", title=title, items=texts, ordered=ordered), _plain(title, texts))


def overview(item: Lesson, corpus: Corpus) -> tuple[str, list[dict]]:
    """A lesson's time line and its titled lists (questions, objectives, prerequisites, readings)."""
    time = f"Time: {item.minutes} minutes ({item.teaching} teaching, {item.exercises} exercises and discussion)"
    refs = [f"{r.note}: {corpus.cite(r.cite).reference}" for r in item.readings]
    sections = [{"title": "Questions", "items": list(item.questions)},
                {"title": "Objectives", "items": list(item.objectives)},
                {"title": "Prerequisites", "items": list(item.prerequisites)}, {"title": "Readings", "items": refs}]
    return time, sections


def header(lesson_id: str, corpus: Corpus | None = None) -> HTML:
    """The lesson's front matter: time, questions, objectives, prerequisites and readings with references."""
    item = lesson(lesson_id)
    time, sections = overview(item, corpus or load())
    plain = "\n\n".join([item.title, time] + [_plain(s["title"], s["items"]) for s in sections])
    return HTML(render("lesson_header.html.j2", title=item.title, time=time, sections=sections), plain)


def discussion(lesson_id: str) -> HTML:
    """The discussion prompts, numbered, for pairs or the whole class."""
    prompts = [p.prompt for p in lesson(lesson_id).discussion]
    plain = "Discussion\n" + "\n".join(f"{n}. {p}" for n, p in enumerate(prompts, 1))
    return HTML(render("lesson_list.html.j2", title="Discussion", items=prompts, ordered=True), plain)


def keypoints(lesson_id: str) -> HTML:
    """The key points that close the lesson, then the "Download my results" button (pakru.download)."""
    from pakru.download import WithDownload

    return WithDownload(_section("Key points", list(lesson(lesson_id).keypoints)))


def background(lesson_id: str, callout_id: str) -> HTML:
    """A background callout, always labelled as not coming from the sources (a symbol and words, not colour)."""
    item = lesson(lesson_id)
    found = {c.id: c for c in item.background}
    if callout_id not in found:
        raise KeyError(f"lesson {lesson_id!r} has no background {callout_id!r}; it has: {', '.join(found) or 'none'}")
    c = found[callout_id]
    markup = render("background.html.j2", label=BACKGROUND_LABEL, title=c.title, text=c.text)
    return HTML(markup, f"{BACKGROUND_LABEL}: {c.title}\n{c.text}")


def essay(lesson_id: str) -> HTML:
    """The lesson's essay prompt."""
    text = lesson(lesson_id).essay
    if not text:
        raise KeyError(f"lesson {lesson_id!r} has no essay prompt")
    return HTML(render("essay.html.j2", text=text), f"Essay\n{text}")


def source_rows(corpus: Corpus) -> tuple[list[str], list[list[str]]]:
    """The sources side by side, as column heads and rows of text: publisher and date each with how it is known."""
    heads = ["Source", "Publisher", "How the publisher is known", "Date", "How the date is known", "Kind", "Audience"]
    rows = []
    for doc in corpus.documents.values():
        e = doc.entry
        how = "printed in the text" if e.date_basis == "stated" else f"inferred by us: {e.date_reasoning}"
        who = (f"named in the text: {e.publisher_reasoning or ''}" if e.publisher_basis == "stated"
               else f"inferred by us: {e.publisher_reasoning}")
        copies = "".join(f" Online copy: {c.url}" for c in e.copies)
        rows.append([e.id, e.publisher_label(), who.strip() + copies, e.date_label(), how, e.kind,
                     e.audience or "not recorded"])
    return heads, rows


def sources_overview(corpus: Corpus | None = None) -> HTML:
    """The sources side by side: publisher and date, each with how it is known, kind, audience."""
    corpus = corpus or load()
    heads, rows = source_rows(corpus)
    plain = "\n".join("\t".join(r) for r in [heads, *rows])
    caption = f"The {counted(len(corpus.documents), 'sources', 'source')}"
    return HTML(render("sources_table.html.j2", caption=caption, heads=heads, rows=rows), plain)
