"""pakru.render: templates escape hostile text; HTML comes only from templates, colours only from the stylesheet."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from markupsafe import Markup

from pakru.render import HTML, render, stylesheet

LIB = Path(__import__("pakru").__file__).parent
TEMPLATES = resources.files("pakru.render").joinpath("templates")
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\'</style><style>*{display:none}</style>{{7*7}}'
H = HOSTILE

# One sample context per template, with hostile text in every field a caller fills from data.
SAMPLES = {
    "_style.html.j2": {},
    "answer_label.html.j2": {"name": H, "prompt": H},
    "_highlight.html.j2": {"segments": [(H, False), (H, True)]},
    "_prose.html.j2": {"text": H + " [voa-2003 ¶2] [background: " + H + " https://example.org/a?b=1&c=2] "
                                  "[catalogue: voa-2003] " + H},
    "passage.html.j2": {"text": H + " evidence " + H, "reference": H, "evidence": [H, "evidence"]},
    "reading.html.j2": {"title": H, "passages": [{"text": H, "reference": H, "evidence": [H]}]},
    "raw.html.j2": {"raw": H, "file": H, "start": H, "end": H, "lines": (H, H + "2"), "lf_span": (H, H + "2")},
    "lesson_header.html.j2": {"title": H, "time": H, "sections": [{"title": H, "items": [H, H + " [voa-2003 ¶1]"]}]},
    "lesson_list.html.j2": {"title": H, "items": [H], "ordered": True},
    "background.html.j2": {"label": H, "title": H, "text": H},
    "essay.html.j2": {"text": H},
    "sources_table.html.j2": {"caption": H, "heads": [H], "rows": [[H, H]]},
    "text_table.html.j2": {"caption": H, "columns": [H], "rows": [[H]]},
    "figure.html.j2": {"image_type": H, "image_base64": H, "alt": H, "title": H, "xlabel": H, "ylabel": H},
    "check_result.html.j2": {"status": H, "headline": H, "title": H, "lines": [H, f"`{H}`"]},
    "hint.html.j2": {"task": H, "number": 1, "total": 2, "text": f"`{H}` {H} [background: {H} https://e.org/x]"},
    "notice.html.j2": {"text": H},
    "summary.html.j2": {"heading": H, "rows": [{"task": H, "title": H, "status": H, "points": H}], "notes": [H]},
    "quiz_title.html.j2": {"title": H, "whose": H},
    "quiz_prompt.html.j2": {"number": 1, "prompt": H, "label": H, "code": H},
    "quiz_feedback.html.j2": {"state": "correct", "note": H, "explanation": H, "attempts_said": H, "saved": True,
                              "has_source": True, "save_error": H, "answer": H,
                              "verdict_words": {"correct": H, "wrong": H, "unchecked": H}},
    "quiz_score.html.j2": {"right": H, "answered": 1, "total": 2},
    "quiz_summary.html.j2": {"right": 1, "answered": 1, "total": 1,
                             "rows": [{"number": 1, "prompt": H, "correct": False, "attempts": 1}]},
    "quiz_alerts.html.j2": {"messages": [H]},
    "quiz_item.html.j2": {"letter": "A", "text": H},
    "quiz_choices.html.j2": {"layout": "matching", "items": [H], "rights": [H], "unit": H},
    "quiz_static.html.j2": {"title": H, "questions": [
        {"prompt": H, "choices": H, "explanation": H, "evidence": [{"text": H, "cite": H}],
         "tried": {"answer": H, "correct": True, "said": H, "attempts_said": H}},
        {"prompt": H, "choices": H, "explanation": H, "evidence": [], "tried": None}]},
    "site_text.html.j2": {"text": H},
    "site_image.html.j2": {"png_base64": H, "alt": H},
}
PAGE = {"course": H, "words": {"sources": H, "texts": H, "years": H, "lessons": H}, "title": H, "root": "",
        "nav": [{"href": H, "text": H, "current": True}],
        "launch": {"binder": H, "hub": H, "path": H}}
QUIZ = {"bank_id": H, "title": H, "key": {"reveal_after": 2, "questions": {H: {"compare": H, "answer": H}}},
        "questions": [{"id": H, "number": 1, "question_type": H, "control": control, "label": H, "prompt": H, "code": H,
                       "answer": H, "explanation": H, "options": [H], "items": [{"letter": "A", "text": H}],
                       "choices": [H], "item_label": H, "inputmode": H,
                       "evidence": [{"text": H, "reference": H, "evidence": [H]}], "unit": H}
                      for control in ("radio", "checkbox", "typed", "select")]}
SAMPLES |= {
    "site_page.html.j2": PAGE | {"launch": {"binder": H, "hub": None, "path": H}},
    "site_index.html.j2": PAGE | {"intro": H, "lessons": [{"href": H, "title": H, "minutes": 1, "teaching": 1,
                                                             "exercises": H, "objectives": [H]}]},
    "site_lesson.html.j2": PAGE | {"blocks": [{"part": "code", "source": H}, {"part": "output", "html": H},
                                              {"part": "quiz", "quiz": QUIZ}]},
    "site_quiz.html.j2": {"block": {"quiz": QUIZ}},
    "site_sources.html.j2": PAGE | {"sources": [{k: H for k in (
        "id", "title", "publisher", "publisher_basis", "date", "date_basis", "kind", "era", "byline", "audience",
        "place", "url", "paragraphs", "notes")} | {"copies": [{"url": H, "supports": [H], "note": H}]}]},
    "site_timeline.html.j2": PAGE | {"figure": H, "rows": [[H, H]]},
    # The results link: its file name, learner and note come from the learner's name and folder.
    "download.html.j2": {"filename": H, "href": "data:text/csv;charset=utf-8,a%2Cb", "count": 2, "learner": H,
                         "where": H},
}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        (self.styles if self.in_style else self.text).append(data)


def parse(markup: str) -> Tags:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    return parser


def test_does_every_template_have_a_hostile_sample():
    shipped = {p.name for p in TEMPLATES.iterdir() if p.name.endswith(".j2")}
    assert shipped - {"_macros.html.j2", "_output.html.j2"} == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_does_hostile_text_stay_text_in_every_template(name):
    markup = render(name, **SAMPLES[name])
    assert isinstance(markup, Markup)
    found = parse(markup)
    tags = [tag for tag, _ in found.tags]
    scripts = [attrs for tag, attrs in found.tags if tag == "script"]
    assert all(a.get("src", "").endswith("assets/pakru-site.js") or a.get("type") == "application/json"
               for a in scripts), "only our own script file and JSON data"
    assert not any(attrs.get("src") == "x" for _, attrs in found.tags)
    assert tags.count("style") <= 1, "only the package stylesheet may add a <style>"
    for tag, attrs in found.tags:
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
    assert all(style == stylesheet() for style in found.styles), "style text comes from the stylesheet only"
    if name != "_style.html.j2":
        assert "<script>alert(1)</script>" in "".join(found.text) + "".join(
            v or "" for _, attrs in found.tags for v in attrs.values())
    assert "49" not in markup.replace(stylesheet(), ""), "template syntax in data must not be evaluated"


def test_does_a_link_from_data_never_run_script():
    bad = "javascript:alert(1)"
    card = {k: "x" for k in SAMPLES["site_sources.html.j2"]["sources"][0]} | {
        "url": bad, "copies": [{"url": " JavaScript:alert(2)", "supports": ["date"], "note": None}]}
    pages = [render("site_sources.html.j2", **(PAGE | {"sources": [card]})),
             render("site_page.html.j2", **(PAGE | {"launch": {"binder": bad, "hub": bad, "path": "p"}}))]
    for markup in pages:
        hrefs = [a.get("href", "") for _, a in parse(markup).tags]
        assert not any("script:" in h.lower() for h in hrefs), hrefs
    assert "javascript:alert(1)" in "".join(parse(pages[0]).text), "the address is still shown, as text"


def test_are_background_and_catalogue_markers_notes_with_a_link_only_to_a_web_address():
    text = ("SEATO was formed [background: " + H + ", https://example.org/seato?a=1&b=2; javascript:alert(3) "
            "ftp://example.org/x]. VOA printed its date [catalogue: voa-2003], see [voa-2003 ¶1].")
    found = parse(render("_prose.html.j2", text=text))
    words = "".join(found.text)
    assert "[background:" not in words and "[catalogue:" not in words, "no raw marker left"
    assert "Background (not from the sources): " + H + ", https://example.org/seato?a=1&b=2; javascript:alert(3) " \
           "ftp://example.org/x." in words
    assert "From our catalogue: voa-2003" in words and "[voa-2003 ¶1]" in words
    assert [a["href"] for tag, a in found.tags if tag == "a"] == ["https://example.org/seato?a=1&b=2"]
    assert [a.get("class") for tag, a in found.tags if tag == "span"].count("pakru-note") == 2
    hint = parse(render("hint.html.j2", task="q2", number=3, total=3,
                        text="Keep `year < 1991`: the USSR ended in 1991 [background: https://example.org/ussr]."))
    assert "[background:" not in "".join(hint.text) and ("code", {}) in hint.tags
    assert [a["href"] for tag, a in hint.tags if tag == "a"] == ["https://example.org/ussr"]


def test_do_output_templates_carry_the_stylesheet_once_unless_told_not_to():
    with_style = render("notice.html.j2", text="x")
    assert with_style.count("<style>") == 1 and 'class="pakru"' in with_style
    assert "<style>" not in render("notice.html.j2", text="x", standalone=False)


def test_does_html_read_as_text_outside_jupyter():
    shown = HTML(render("notice.html.j2", text="<b>"), "plain <b>")
    assert str(shown) == repr(shown) == "plain <b>" and "&lt;b&gt;" in shown._repr_html_()


def test_is_a_missing_context_value_an_error_not_a_blank():
    with pytest.raises(Exception, match="[Uu]ndefined"):
        render("notice.html.j2")


# -- no HTML or colour outside the templates and the stylesheet ----------------------------------------------
HTML_TAG = re.compile(r"<\s*/?\s*(div|span|p|mark|table|tr|td|th|thead|tbody|ul|ol|li|h[1-6]|section|aside|figure|"
                      r"figcaption|img|a|strong|em|blockquote|pre|details|summary|style|script|code|br|cite|footer|"
                      r"caption|label|input|button)\b[^>]*>", re.IGNORECASE)
COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b|\brgba?\(|\bhsla?\(")
PENDING: set[str] = set()  # the gradebook chart takes the colour cycle now (gradebook/write/figure.py)


def python_files() -> list[Path]:
    return sorted(p for p in LIB.rglob("*.py") if "__pycache__" not in p.parts)


def string_literals(source: str) -> list[tuple[int, str]]:
    """Every string literal in the code (f-string parts included), docstrings left out."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_is_html_made_only_by_templates():
    offenders = [f"{p.relative_to(LIB)}:{n}: {text!r}" for p in python_files()
                 if p.relative_to(LIB).as_posix() not in PENDING
                 for n, text in string_literals(p.read_text("utf-8")) if HTML_TAG.search(text)]
    assert offenders == []


def test_is_every_pending_file_still_pending():
    """An entry leaves PENDING as soon as its file is clean, so the list cannot hide a new offender later."""
    for name in sorted(PENDING):
        source = (LIB / name).read_text("utf-8")
        html = any(HTML_TAG.search(text) for _, text in string_literals(source))
        assert html or COLOUR.search(source), f"{name} is clean now: remove it from PENDING"


def test_are_colours_only_in_the_stylesheet():
    offenders = [f"{p.relative_to(LIB)}:{n}: {line.strip()}" for p in python_files()
                 if p.relative_to(LIB).as_posix() not in PENDING
                 for n, line in enumerate(p.read_text("utf-8").splitlines(), 1) if COLOUR.search(line)]
    assert offenders == []


def test_does_the_check_find_html_and_colours_when_they_are_there():
    code = '"""<p>doc</p>"""\nx = f"<li>{y}</li>"'
    assert [n for n, text in string_literals(code) if HTML_TAG.search(text)] == [2, 2]
    assert COLOUR.search('colour = "#2e7d32"') and COLOUR.search("rgba(0, 0, 0, .5)")
    assert not COLOUR.search('issue = "#13"')


# -- the stylesheet's own colour pairs meet WCAG AA -----------------------------------------------------------
def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the WCAG reference grey


def test_is_every_highlight_pair_in_the_stylesheet_readable():
    css = stylesheet(minify=False)
    backgrounds = re.findall(r"--pakru-mark-bg:\s*(#[0-9a-fA-F]{6})", css)
    foregrounds = re.findall(r"--pakru-mark-fg:\s*(#[0-9a-fA-F]{6})", css)
    assert len(backgrounds) == len(foregrounds) >= 2, "a light and a dark pair"
    for bg, fg in zip(backgrounds, foregrounds, strict=True):
        assert contrast(bg, fg) >= 4.5, (bg, fg)


def test_is_dark_handled_for_jupyterlab_and_for_pages_without_a_theme():
    css = stylesheet(minify=False)
    assert 'body[data-jp-theme-light="false"]' in css and "prefers-color-scheme: dark" in css
    assert "var(--jp-" in css


# -- layering ------------------------------------------------------------------------------------------------
def test_does_the_corpus_load_without_anything_that_shows_it():
    code = ("import sys, pakru.corpus; shown = [m for m in ('pakru.show', 'pakru.lessons', 'pakru.figures', "
            "'pakru.quiz') if m in sys.modules]; print(shown)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_does_the_render_layer_import_nothing_from_pakru_above_it():
    """Besides itself, only the citation parser and the user cache, which import nothing from pakru."""
    for path in [*(LIB / "render").glob("*.py"), LIB / "citations.py", LIB / "usercache.py"]:
        text = path.read_text("utf-8")
        imports = [name for name in re.findall(r"^\s*(?:from|import) (pakru[\w.]*)", text, re.MULTILINE)
                   if name != "pakru"]  # ``from pakru import x``: x is read next
        listed = re.findall(r"^\s*from pakru import ([\w, ]+)", text, re.MULTILINE)
        imports += [f"pakru.{name.strip()}" for names in listed for name in names.split(",")]
        allowed = ("pakru.render", "pakru.citations", "pakru.usercache")
        assert all(name.startswith(allowed) for name in imports), (path.name, imports)
