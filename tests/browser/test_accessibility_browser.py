"""Accessibility in the real JupyterLab, Light and Dark: axe-core finds no serious or critical violation inside
the cell outputs of a lesson and of the demo quiz (every question type), and the contrast of the evidence
highlight and of the keyboard focus ring, read from the page's computed styles, meets WCAG AA.

axe-core comes from npm (pinned in tests/browser/package.json, installed by .ci/run with ``npm ci``) and is
injected from node_modules with Playwright's ``add_script_tag(path=...)``: no CDN.
"""

from __future__ import annotations

from pathlib import Path

import needs
import pytest

from pakru.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
THEMES = {"JupyterLab Light": "true", "JupyterLab Dark": "false"}
BLOCKING = ("serious", "critical")

# Contrast and colour arithmetic, in the page: computed colours are "rgb(...)" / "rgba(...)"; a translucent
# background is laid over its ancestors' until something opaque (or the page's white) is reached.
CONTRAST_JS = """
const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const over = (top, below) => { const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]); };
const backdrop = (el) => { const layers = [];
  for (let n = el; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
  let colour = [255, 255, 255, 1]; for (const layer of layers.reverse()) colour = over(layer, colour); return colour; };
const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
"""


def need_axe() -> None:
    if not AXE.exists():
        needs.missing(f"{AXE} is missing: run `npm ci --prefix tests/browser` (.ci/run does)", "PAKRU_REQUIRE_BROWSER")


@pytest.fixture
def themed(lab):
    """The lab page; afterwards the theme goes back to Light (the setting is shared by every test's page)."""
    need_axe()
    yield lab
    try:
        set_theme(lab, "JupyterLab Light")
    except Exception:  # the page may be gone if the test failed early; the next test sets its own theme
        pass


def set_theme(lab, name: str) -> None:
    """Switch JupyterLab's theme with its own command and wait until the page says it is applied."""
    lab.page.evaluate("async (name) => { await window.jupyterapp.commands.execute('apputils:change-theme', "
                      "{theme: name}); }", name)
    lab.page.wait_for_function("(light) => document.body.dataset.jpThemeLight === light", arg=THEMES[name],
                               timeout=30_000)
    lab.page.wait_for_timeout(300)  # let the theme's stylesheet settle before computed styles are read


def axe_blocking(lab, locator) -> list[str]:
    """Serious and critical axe violations inside one element, as readable lines."""
    if not lab.page.evaluate("() => !!window.axe"):
        lab.page.add_script_tag(path=str(AXE))
    found = locator.evaluate(
        "async (el) => (await axe.run(el, {resultTypes: ['violations']})).violations.map(v => ({id: v.id, "
        "impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary)}))")
    return [f"{v['id']} ({v['impact']}): {v['help']}: {'; '.join(v['nodes'][:3])}"
            for v in found if v["impact"] in BLOCKING]


def code_cells(lab) -> list[int]:
    """Indexes of the code cells that have outputs, in notebook order."""
    return lab.js("return nb.content.widgets.map((c, i) => [c, i]).filter(([c]) => c.model.type === 'code' "
                  "&& c.model.outputs.length > 0).map(([, i]) => i);")


def scan_outputs(lab, theme: str) -> list[str]:
    """axe over every cell output (each scrolled into view: JupyterLab renders lazily)."""
    problems = []
    for index in code_cells(lab):
        lab.scroll_to_cell(index)
        output = lab.output(index)
        output.wait_for(state="attached")
        problems += [f"{theme}, cell {index}: {line}" for line in axe_blocking(lab, output)]
    return problems


def highlight_contrasts(lab) -> list[float]:
    """Contrast of every <mark> in the outputs with what lies under it, from computed styles."""
    ratios = []
    for index in code_cells(lab):
        lab.scroll_to_cell(index)
        ratios += lab.output(index).evaluate(
            "(el) => {" + CONTRAST_JS + "return Array.from(el.querySelectorAll('mark')).map(m => "
            "ratio(over(parse(getComputedStyle(m).color), backdrop(m)), backdrop(m))); }")
    return ratios


def focus_ring(locator) -> dict:
    """Focus an element by keyboard rules and measure its outline against the backdrop around it."""
    locator.focus()
    return locator.evaluate(
        "(el) => {" + CONTRAST_JS + "const s = getComputedStyle(el); const around = backdrop(el.parentElement);"
        "return {visible: el.matches(':focus-visible') || el.matches(':focus'), style: s.outlineStyle,"
        " width: parseFloat(s.outlineWidth), ratio: ratio(over(parse(s.outlineColor), around), around)}; }")


def run_notebook(lab, lab_server, name: str) -> None:
    lab_server.reset_progress()
    lab.open(lab_server.add(NOTEBOOKS_DIR / name))
    lab.run_all()


def test_is_lesson_0_accessible_in_light_and_dark(themed, lab_server):
    """Readings with highlighted evidence, the source cards (their folded reasoning opened by keyboard), a figure,
    discussion and key points."""
    lab = themed
    run_notebook(lab, lab_server, "00_start_here.ipynb")
    problems, marks = [], {}
    for theme in THEMES:
        set_theme(lab, theme)
        problems += scan_outputs(lab, theme)
        marks[theme] = highlight_contrasts(lab)
        folded = lab.page.locator(".pakru-source-card summary").first  # the reasoning behind a card, on demand
        folded.scroll_into_view_if_needed()
        ring = focus_ring(folded)
        assert ring["visible"] and ring["style"] != "none" and ring["width"] >= 2, (theme, ring)
        assert ring["ratio"] >= 3, f"{theme}: focus ring contrast {ring['ratio']:.2f}:1 (needs 3:1)"
        if theme == next(iter(THEMES)):  # keyboard alone (any theme): Enter opens, Enter closes, Space opens
            folded.focus()
            states = []
            for key in ("Enter", "Enter", "Space"):
                lab.page.keyboard.press(key)
                states.append(folded.evaluate("(s) => [s.parentElement.open, document.activeElement === s]"))
            assert states == [[True, True], [False, True], [True, True]], states
        image = lab.page.locator("figure.pakru-figure img").first
        image.scroll_into_view_if_needed()
        inverted = image.evaluate("(img) => getComputedStyle(img).filter")
        assert (inverted != "none") == (theme == "JupyterLab Dark"), (theme, inverted)
    assert problems == []
    # The scan can fail: an image without alt text put into an output is reported.
    last = code_cells(lab)[-1]
    lab.scroll_to_cell(last)
    lab.output(last).evaluate("(el) => el.insertAdjacentHTML('beforeend', '<img src=\"data:,\" class=\"probe\">')")
    assert any(line.startswith("image-alt (critical)") for line in axe_blocking(lab, lab.output(last)))
    for theme, ratios in marks.items():
        assert ratios, f"{theme}: no evidence highlight found to measure"
        assert min(ratios) >= 4.5, f"{theme}: highlight contrast {min(ratios):.2f}:1 (needs 4.5:1)"


def test_is_lesson_5_accessible_in_light_and_dark(themed, lab_server):
    """The timeline (an image that had no text alternative), a DataFrame, figures, the quiz, key points."""
    lab = themed
    run_notebook(lab, lab_server, "05_synthesis.ipynb")
    problems = []
    for theme in THEMES:
        set_theme(lab, theme)
        problems += scan_outputs(lab, theme)
        timeline = lab.page.locator("figure.pakru-figure img").first
        timeline.scroll_into_view_if_needed()
        assert "Timeline of" in (timeline.get_attribute("alt") or "")
        button = lab.page.locator(".pakru-quiz").get_by_role("button", name="Check").first
        button.scroll_into_view_if_needed()
        ring = focus_ring(button)
        assert ring["style"] != "none" and ring["width"] >= 2, (theme, ring)
        assert ring["ratio"] >= 3, f"{theme}: button focus ring contrast {ring['ratio']:.2f}:1 (needs 3:1)"
    assert problems == []


def test_are_exercise_checks_hints_and_tables_accessible_in_light_and_dark(themed, lab_server):
    """The instructors' exercise 2 (answers filled in): whole-paragraph table, hint, check results, summary."""
    from pakru.paths import EXERCISES_DIR

    lab = themed
    lab_server.reset_progress()
    lab.open(lab_server.add(EXERCISES_DIR / "source" / "02_thaw_2003.ipynb", "exercise_02.ipynb"))
    lab.run_all()
    problems = []
    for theme in THEMES:
        set_theme(lab, theme)
        problems += scan_outputs(lab, theme)
    assert lab.page.locator(".pakru-status-passed").count() >= 1, "no check result was scanned"
    assert lab.page.locator(".pakru-texts").count() + lab.page.locator(".pakru-status-summary").count() >= 1
    assert problems == []


def chosen_option(listbox) -> dict:
    """The chosen option of a list box: its text against its own background, as the computed styles paint it."""
    return listbox.evaluate(
        "(el) => {" + CONTRAST_JS + "const o = el.options[el.selectedIndex]; const s = getComputedStyle(o);"
        "const under = over(parse(s.backgroundColor), backdrop(el));"
        "return {text: o.value, ratio: ratio(over(parse(s.color), under), under)}; }")


def test_is_every_question_type_accessible_in_light_and_dark(themed, lab_server):
    lab = themed
    run_notebook(lab, lab_server, "quiz_demo.ipynb")
    lab.scroll_to_cell(3)
    listbox = lab.output(3).locator(".pakru-q-visit-gap").get_by_role("listbox")
    listbox.get_by_role("option", name="About 50 years", exact=True).click()
    problems = []
    for theme in THEMES:
        set_theme(lab, theme)
        problems += scan_outputs(lab, theme)
        lab.scroll_to_cell(3)
        ring = focus_ring(listbox)
        if not (ring["visible"] and ring["style"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3):
            problems.append(f"{theme}: the answer list's focus ring is {ring}")
        for where in ("focused", "not focused"):
            if where == "not focused":
                lab.page.locator(".jp-Notebook").first.focus()
            chosen = chosen_option(listbox)
            if chosen["text"] != "About 50 years" or chosen["ratio"] < 4.5:
                problems.append(f"{theme}, {where}: the chosen option reads at {chosen}")
    assert problems == []
