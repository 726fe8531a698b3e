"""The demo quiz in a real JupyterLab and Chromium: every type answered wrong then right, saved answers back
after a kernel restart, and bank text shown as text (never run as HTML)."""

from __future__ import annotations

import json
import re
import time

import nbformat
import pytest
import yaml

from pakru import dates
from pakru.paths import NOTEBOOKS_DIR, QUIZZES_DIR

pytestmark = pytest.mark.browser
QUIZ_CELL = 3  # "quiz.show('demo')" in notebooks/quiz_demo.ipynb (markdown cells count)


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def demo_bank() -> dict:
    """The demo bank as plain data, read independently of pakru's loader."""
    return yaml.safe_load((QUIZZES_DIR / "demo.yaml").read_text("utf-8"))


def right_places(corpus, question: dict) -> dict[str, int]:
    """Event title → place (1 = earliest), worked out here from the events table's dates."""
    table = corpus.events.set_index("event_id")
    ordered = sorted(question["items"], key=lambda i: dates.start(str(table.loc[i, "date"])))
    return {str(table.loc[i, "title"]): n for n, i in enumerate(ordered, 1)}


def feedback(box):
    return box.locator("[role=status]").first


def press_check(box) -> None:
    """Press Check with the keyboard (focus, then Enter)."""
    button = box.get_by_role("button", name="Check")
    button.focus()
    button.press("Enter")


def rows(box) -> dict[str, str]:
    """Letter → item text of a chronology or matching question ("A. text")."""
    found = {}
    for text in box.locator(".widget-html-content span").all_inner_texts():
        letter, _, rest = text.partition(". ")
        found[letter.strip()] = rest.strip()
    return found


def test_every_question_type_in_jupyterlab_and_answers_survive_a_restart(lab, lab_server, corpus):
    check = expect()
    bank = demo_bank()
    questions = {q["id"]: q for q in bank["questions"]}
    lab_server.reset_progress()
    lab.open(lab_server.add(NOTEBOOKS_DIR / "quiz_demo.ipynb"))
    lab.run_all()
    lab.scroll_to_cell(QUIZ_CELL)
    out = lab.output(QUIZ_CELL)
    check(out.locator(".pakru-quiz")).to_be_visible()
    check(out).to_contain_text("Score: 0 of 7 correct")

    # single choice: a wrong pick with the mouse, then the right one with the keyboard (Space), Check by Enter
    box = out.locator(".pakru-q-visit-gap")
    box.scroll_into_view_if_needed()
    check(box.get_by_role("button", name="Show in source")).to_be_disabled()  # the passage holds the answer
    choices = box.get_by_role("listbox", name=f"Answer to Q1: {questions['visit-gap']['prompt']}", exact=True)
    check(choices.get_by_role("option", name="About 10 years", exact=True)).to_be_visible()  # options named by text
    choices.get_by_role("option", name="About 10 years", exact=True).click()
    press_check(box)
    check(feedback(box)).to_contain_text("✘ Not yet")
    check(feedback(box)).not_to_contain_text("More than 30 years")
    check(box.get_by_role("button", name="Show answer")).to_be_disabled()
    check(feedback(box)).to_have_attribute("aria-live", "polite")
    choices.focus()
    arrow_to(lab.page, choices, "More than 30 years")
    at_a_learners_pace(lab)
    press_check(box)
    check(feedback(box)).to_contain_text("✔ Correct")
    check(feedback(box)).to_contain_text("(2 attempts)")
    check(box.get_by_role("button", name="Show answer")).to_be_enabled()
    box.get_by_role("button", name="Show in source").click()
    quote = box.locator("blockquote")
    check(quote.locator("mark")).to_have_text(questions["visit-gap"]["evidence"][0]["text"])
    check(quote.locator("footer")).to_contain_text("Voice of America")
    check(quote.locator("footer")).to_contain_text("voa-2003 ¶2")

    # multiple select
    box = out.locator(".pakru-q-accords-hoped-for")
    box.scroll_into_view_if_needed()
    box.get_by_label("Trade").check()
    press_check(box)
    check(feedback(box)).to_contain_text("✘ Not yet")
    box.get_by_label("Energy exploration").check()
    press_check(box)
    check(feedback(box)).to_contain_text("✔ Correct")

    # true / false (an answer list): wrong by click, right by keyboard
    box = out.locator(".pakru-q-karachi-steel-mill")
    box.scroll_into_view_if_needed()
    statement = box.get_by_role("listbox", name=f"Answer to Q3: {questions['karachi-steel-mill']['prompt']}",
                                exact=True)
    statement.get_by_role("option", name="False", exact=True).click()
    press_check(box)
    check(feedback(box)).to_contain_text("✘ Not yet")
    statement.focus()
    arrow_to(lab.page, statement, "True")
    at_a_learners_pace(lab)
    press_check(box)
    check(feedback(box)).to_contain_text("✔ Correct")

    # numeric; a non-number uses no attempt
    box = out.locator(".pakru-q-trade-2015")
    box.scroll_into_view_if_needed()
    entry = box.get_by_label(f"Answer to Q4: {questions['trade-2015']['prompt']}", exact=True)  # named by its question
    entry.fill("lots")
    press_check(box)
    check(feedback(box)).to_contain_text("Not checked yet")
    entry.fill("500")
    press_check(box)
    check(feedback(box)).to_contain_text("✘ Not yet")
    check(feedback(box)).to_contain_text("(1 attempt)")
    check(feedback(box)).not_to_contain_text("542")
    entry.fill("542")
    press_check(box)
    check(feedback(box)).to_contain_text("✔ Correct")

    # chronology: per-item place selectors; first all reversed, then right
    box = out.locator(".pakru-q-order-of-events")
    box.scroll_into_view_if_needed()
    places = right_places(corpus, questions["order-of-events"])
    items = rows(box)
    assert sorted(items.values()) == sorted(places), "the page must show every event title"
    count = len(items)
    for letter, title in items.items():
        box.get_by_label(f"Place of {letter}").select_option(index=count + 1 - places[title])
    press_check(box)
    check(feedback(box)).to_contain_text("✘ Not yet")
    for letter, title in items.items():
        box.get_by_label(f"Place of {letter}").select_option(index=places[title])
    press_check(box)
    check(feedback(box)).to_contain_text("✔ Correct")

    # matching: quotations to speakers, first shifted by one, then right
    box = out.locator(".pakru-q-who-said-it")
    box.scroll_into_view_if_needed()
    pairs = {p["left"]: p["right"] for p in questions["who-said-it"]["pairs"]}
    speakers = sorted(pairs.values())
    lefts = rows(box)
    assert sorted(lefts.values()) == sorted(pairs)
    for letter, left in lefts.items():
        wrong = speakers[(speakers.index(pairs[left]) + 1) % len(speakers)]
        box.get_by_label(f"Match for {letter}").fill(wrong)
    press_check(box)
    check(feedback(box)).to_contain_text("✘ Not yet")
    check(feedback(box)).to_contain_text("0 of 4 matches are right")
    for letter, left in lefts.items():
        box.get_by_label(f"Match for {letter}").fill(pairs[left])
    press_check(box)
    check(feedback(box)).to_contain_text("✔ Correct")

    # short text: case, spacing and punctuation do not matter
    box = out.locator(".pakru-q-envoy-2012")
    box.scroll_into_view_if_needed()
    box.get_by_label(f"Answer to Q7: {questions['envoy-2012']['prompt']}", exact=True).fill("Shoigu")
    press_check(box)
    check(feedback(box)).to_contain_text("✘ Not yet")
    box.get_by_label(f"Answer to Q7: {questions['envoy-2012']['prompt']}", exact=True).fill("  LAVROV. ")
    press_check(box)
    check(feedback(box)).to_contain_text("✔ Correct")

    check(out).to_contain_text("Score: 7 of 7 correct")
    check(out).to_contain_text("Summary: 7 of 7 correct")
    saved = list((lab_server.progress_dir / "browser-tester").glob("*.json"))
    assert len(saved) == 1
    assert len(json.loads(saved[0].read_text("utf-8"))["records"]) == 7

    # restart the kernel, run everything again: the answers and the score come back
    lab.restart_kernel()
    lab.clear_outputs()
    lab.run_all()
    lab.scroll_to_cell(QUIZ_CELL)
    out = lab.output(QUIZ_CELL)
    check(out).to_contain_text("Score: 7 of 7 correct")
    for qid in questions:
        box = out.locator(f".pakru-q-{qid}")
        box.scroll_into_view_if_needed()
        check(feedback(box)).to_contain_text("Your saved answer: ✔ Correct")
    check(out.locator(".pakru-q-visit-gap").get_by_role("listbox")).to_have_value("More than 30 years")
    check(out.locator(".pakru-q-accords-hoped-for").get_by_label("Trade")).to_be_checked()
    check(out.locator(".pakru-q-accords-hoped-for").get_by_label("Fisheries")).not_to_be_checked()
    check(out.locator(".pakru-q-trade-2015").get_by_label("Answer to Q4")).to_have_value("542")
    check(out.locator(".pakru-q-envoy-2012").get_by_label("Answer to Q7")).to_have_value("  LAVROV. ")
    box = out.locator(".pakru-q-order-of-events")
    for letter, title in rows(box).items():
        check(box.get_by_label(f"Place of {letter}")).to_have_value(
            box.get_by_label(f"Place of {letter}").locator("option").nth(places[title]).get_attribute("value"))
    check(out.locator(".pakru-q-visit-gap").get_by_role("button", name="Show answer")).to_be_enabled()


def tab_to(page, target, limit: int = 60) -> None:
    """Press Tab (only Tab) until ``target`` has the keyboard focus, as a keyboard user moves through a page."""
    handle = target.element_handle()
    for _ in range(limit):
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def at_a_learners_pace(lab, quiet: float = 0.5) -> None:
    """Wait until the kernel has been idle for ``quiet`` seconds, as it is before a person reaches for Check.

    Arrow keys pressed faster than the kernel answers leave the list's last change held back in the browser
    (see ``QuestionView._late_answer``); that race has its own test with a busy kernel. Elsewhere a test
    presses Check at a person's pace, so a machine loaded by other work cannot make it fail.
    """
    calm_since = time.monotonic()
    deadline = calm_since + 30
    while time.monotonic() < deadline:
        if lab.js("return nb.sessionContext.session.kernel.status;") != "idle":
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            return
        time.sleep(0.05)
    raise AssertionError("the kernel never stayed idle for half a second")


def arrow_to(page, choices, option: str) -> None:
    """Move the selection of a focused list box to ``option`` with ArrowUp/ArrowDown only, as a keyboard user does."""
    shown = choices.evaluate("(el) => Array.from(el.options).map(o => o.value)")  # shown text has no-break spaces
    chosen = choices.evaluate("(el) => el.selectedIndex")
    target = shown.index(option)
    if chosen < 0:  # nothing chosen yet: the first ArrowDown chooses the first option
        page.keyboard.press("ArrowDown")
        chosen = 0
    for _ in range(abs(target - chosen)):
        page.keyboard.press("ArrowDown" if target > chosen else "ArrowUp")
    expect()(choices).to_have_value(option)


def test_every_question_type_answered_with_the_keyboard_alone(lab, lab_server, corpus):
    """No mouse and no programmatic filling after the first focus: Tab to each control, then Space, Enter or
    typed characters, the keys a keyboard user has. The accessible names used are the ones a screen reader
    announces: each question is one group named by its question (the pakru-question-groups extension), and
    every control is found inside that group by its own name (each option its own text, each answer field
    named after its question)."""
    check = expect()
    page = lab.page
    questions = {q["id"]: q for q in demo_bank()["questions"]}
    lab_server.reset_progress()
    lab.open(lab_server.add(NOTEBOOKS_DIR / "quiz_demo.ipynb", name="quiz_keys.ipynb"))
    lab.run_all()
    lab.scroll_to_cell(QUIZ_CELL)
    out = lab.output(QUIZ_CELL)
    check(out).to_contain_text("Score: 0 of 7 correct")

    def group(number: int, question_id: str):
        """The question's controls, found as a screen reader meets them: the group its prompt names."""
        named = out.get_by_role("group", name=f"Q{number}. {questions[question_id]['prompt']}")
        check(named).to_have_count(1)
        check(named).to_have_class(re.compile(rf"\bpakru-q-{question_id}\b"))
        return named

    def check_by_keys(box) -> None:
        tab_to(page, box.get_by_role("button", name="Check"))
        page.keyboard.press("Enter")
        check(feedback(box)).to_contain_text("✔ Correct")

    box = group(1, "visit-gap")
    choices = box.get_by_role("listbox", name=f"Answer to Q1: {questions['visit-gap']['prompt']}", exact=True)
    choices.focus()  # the one starting point
    for option in ("About 10 years", "About 50 years"):
        check(choices.get_by_role("option", name=option, exact=True)).to_be_visible()
    cells = lab.js("return nb.content.widgets.length;")
    # Arrow keys move inside the list and stop at its ends (never into the next question, never to another cell);
    # letters jump to an option, never to a notebook shortcut (D D deletes a cell, A and B insert one).
    for key in ["End", "ArrowDown", "ArrowDown", "Home", "ArrowUp", "d", "d", "a", "b", "m"]:
        page.keyboard.press(key)
    check(choices).to_be_focused()
    assert lab.js("return nb.content.widgets.length;") == cells, "a key in the answer list changed the notebook"
    assert lab.js("return nb.content.activeCellIndex;") == QUIZ_CELL, "an arrow key in the list moved to a cell"
    arrow_to(page, choices, "More than 30 years")
    at_a_learners_pace(lab)
    check_by_keys(box)

    box = group(2, "accords-hoped-for")
    for option in ("Trade", "Energy exploration"):
        tab_to(page, box.get_by_role("checkbox", name=option, exact=True))
        page.keyboard.press("Space")
    check_by_keys(box)

    box = group(3, "karachi-steel-mill")
    statement = box.get_by_role("listbox", name=f"Answer to Q3: {questions['karachi-steel-mill']['prompt']}",
                                exact=True)
    tab_to(page, statement)
    arrow_to(page, statement, "True")
    at_a_learners_pace(lab)
    check_by_keys(box)

    box = group(4, "trade-2015")
    tab_to(page, box.get_by_role("textbox", name=f"Answer to Q4: {questions['trade-2015']['prompt']}", exact=True))
    page.keyboard.type("542")
    check_by_keys(box)

    box = group(5, "order-of-events")
    places = right_places(corpus, questions["order-of-events"])
    for letter, title in rows(box).items():
        tab_to(page, box.get_by_label(f"Place of {letter}: {title}", exact=True))  # named by the event it places
        page.keyboard.type(str(places[title]))  # a closed drop-down selects the option its label starts with
    check_by_keys(box)

    box = group(6, "who-said-it")
    pairs = {p["left"]: p["right"] for p in questions["who-said-it"]["pairs"]}
    for letter, left in rows(box).items():
        tab_to(page, box.get_by_role("combobox", name=f"Match for {letter}: {left}", exact=True))
        page.keyboard.type(pairs[left].lower())  # letters typed here never reach JupyterLab's shortcuts
    check_by_keys(box)

    box = group(7, "envoy-2012")
    tab_to(page, box.get_by_role("textbox", name=f"Answer to Q7: {questions['envoy-2012']['prompt']}", exact=True))
    page.keyboard.type("Lavrov")
    check_by_keys(box)

    check(out).to_contain_text("Score: 7 of 7 correct")
    assert lab.js("return nb.content.widgets.length;") == 6, "no key reached a notebook shortcut (no cell added)"
    assert lab.js("return nb.content.widgets[arg].model.type;", QUIZ_CELL) == "code"


def test_an_answer_typed_while_the_kernel_is_busy_is_checked_as_typed(lab, lab_server):
    """The widget JavaScript sends a field's state at most once per kernel round trip and holds later keystrokes
    back until the kernel is idle, while the Check click (another widget) goes at once. A learner who types and
    presses Check while the kernel is busy (a slow hub, a figure still drawing) must be checked on what they
    typed, not on its first character: the field sends its value once, when it loses the focus."""
    check = expect()
    page = lab.page
    lab_server.reset_progress()
    questions = {q["id"]: q for q in demo_bank()["questions"]}
    lab.open(lab_server.add(NOTEBOOKS_DIR / "quiz_demo.ipynb", name="quiz_busy.ipynb"))
    lab.run_all()
    lab.scroll_to_cell(QUIZ_CELL)
    out = lab.output(QUIZ_CELL)
    box = out.locator(".pakru-q-trade-2015")
    field = box.get_by_role("textbox", name=f"Answer to Q4: {questions['trade-2015']['prompt']}", exact=True)
    field.focus()
    lab.js("nb.sessionContext.session.kernel.requestExecute({code: 'import time; time.sleep(3)'}); return 1;")
    lab._wait("nb.sessionContext.session.kernel.status === 'busy'", 10, "the kernel turning busy")
    page.keyboard.type("542")
    tab_to(page, box.get_by_role("button", name="Check"))
    page.keyboard.press("Enter")
    check(feedback(box)).to_contain_text("✔ Correct", timeout=30_000)
    check(field).to_have_value("542")


def test_a_choice_moved_quickly_on_a_busy_kernel_is_checked_where_it_ends(lab, lab_server):
    """Arrow keys pressed while the kernel is busy: the list sends its first change, holds the later ones back
    until the kernel answers, and the Check click (another widget) goes at once. The check must grade the
    option the list ends on, not the first one passed over."""
    check = expect()
    page = lab.page
    question = {q["id"]: q for q in demo_bank()["questions"]}["visit-gap"]
    lab_server.reset_progress()
    lab.open(lab_server.add(NOTEBOOKS_DIR / "quiz_demo.ipynb", name="quiz_busy_list.ipynb"))
    lab.run_all()
    lab.scroll_to_cell(QUIZ_CELL)
    box = lab.output(QUIZ_CELL).locator(".pakru-q-visit-gap")
    choices = box.get_by_role("listbox")
    shown = choices.evaluate("(el) => Array.from(el.options).map(o => o.value)")
    right = shown.index(question["answer"])
    keys = ["Home"] + ["ArrowDown"] * right if right else ["End", "Home"]  # a wrong option first, then the right
    choices.focus()
    lab.js("nb.sessionContext.session.kernel.requestExecute({code: 'import time; time.sleep(3)'}); return 1;")
    lab._wait("nb.sessionContext.session.kernel.status === 'busy'", 10, "the kernel turning busy")
    for key in keys:
        page.keyboard.press(key)
    check(choices).to_have_value(question["answer"])
    tab_to(page, box.get_by_role("button", name="Check"))
    page.keyboard.press("Enter")
    check(feedback(box)).to_contain_text("✔ Correct", timeout=30_000)
    check(feedback(box)).to_contain_text("(1 attempt)")


EVIL = "<img src=x onerror=\"window.__pakru_pwned = 1\">"


def test_bank_text_is_shown_as_text_never_run(lab, lab_server):
    check = expect()
    lab_server.write("evil.yaml", yaml.safe_dump({
        "id": "evil", "title": f"Title {EVIL}",
        "questions": [{
            "id": "x", "type": "single", "prompt": f"Prompt {EVIL}",
            "options": [f"Option {EVIL}", "<script>window.__pakru_pwned = 2</script>"],
            "answer": f"Option {EVIL}", "explanation": f"Because {EVIL}",
            "evidence": [{"cite": "voa-2003 ¶2", "text": "more than 30 years"}],
        }],
    }, allow_unicode=True))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('from pakru import quiz\nquiz.show("evil.yaml")')]
    lab_server.write("evil.ipynb", nbformat.writes(nb))
    lab.open("evil.ipynb")
    lab.run_all()
    lab.scroll_to_cell(0)
    out = lab.output(0)
    check(out.locator(".pakru-quiz")).to_contain_text(f"Prompt {EVIL}")
    box = out.locator(".pakru-q-x")
    check(box.get_by_role("listbox", name=f"Answer to Q1: Prompt {EVIL}", exact=True)).to_be_visible()
    box.get_by_role("option", name=f"Option {EVIL}", exact=True).click()
    press_check(box)
    check(feedback(box)).to_contain_text(f"✔ Correct. Because {EVIL}")
    assert out.locator("img").count() == 0
    assert out.locator("script").count() == 0
    assert lab.page.evaluate("() => window.__pakru_pwned") is None
