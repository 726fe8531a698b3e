"""The static site in Chromium, offline: every page loads with no request to another host, lessons show their
readings and figures, each quiz type is answered with the keyboard alone and gives feedback, the page's answer
checks agree with Python's, and axe-core finds no serious or critical violation in light or dark."""

from __future__ import annotations

import pytest
import yaml
from test_accessibility_browser import AXE, BLOCKING, CONTRAST_JS, focus_ring, need_axe

from pakru import dates, site
from pakru.lessons import lessons
from pakru.paths import QUIZZES_DIR
from pakru.quiz.model import normalise
from pakru.quiz.types.numeric import parse_number

pytestmark = pytest.mark.browser
QUIZ_LESSON = "01_cold_war_roots"  # its bank has one question of every type


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    site.build(out, "https://github.com/example-org/pakru", "main", "https://hub.example.edu")
    return out


@pytest.fixture
def offline(browser):
    """A page that may load files only: any other request is recorded and refused."""
    need_axe()
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.outside = outside
    yield page
    context.close()


def axe_blocking(page) -> list[str]:
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v =>"
                          " ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in found if v["impact"] in BLOCKING]


def background_luminance(page) -> float:
    return page.evaluate("() => {" + CONTRAST_JS + "return lum(backdrop(document.body)); }")


def test_does_every_page_load_offline_with_content_and_pass_axe_in_light_and_dark(offline, site_dir):
    page = offline
    names = ["index.html", "sources.html", "timeline.html"] + [f"{item.id}.html" for item in lessons()]
    problems, measured = [], {"light": 0, "dark": 0}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for name in names:
            page.goto((site_dir / name).as_uri())
            page.wait_for_load_state("load")
            dark = background_luminance(page) < 0.1
            assert dark == (scheme == "dark"), f"{name} does not follow the {scheme} setting"
            if name[:2].isdigit():
                assert page.locator("main blockquote").count() >= 1, f"{name}: no reading"
                images = page.locator("main img")
                assert images.count() >= 1 and all(len(images.nth(i).get_attribute("alt") or "") > 40
                                                   for i in range(images.count())), f"{name}: figure or alt"
                assert page.locator("fieldset.pakru-sq").count() >= 5, f"{name}: no quiz"
                marks = page.evaluate("() => {" + CONTRAST_JS + "return Array.from(document.querySelectorAll("
                                      "'main mark')).map(m => ratio(over(parse(getComputedStyle(m).color), "
                                      "backdrop(m)), backdrop(m))); }")
                assert min(marks, default=21) >= 4.5, f"{scheme} {name}: highlight contrast {min(marks):.2f}:1"
                measured[scheme] += len(marks)
                ring = focus_ring(page.locator(".pakru-launch a").first)
                assert ring["style"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3, (scheme, name, ring)
            problems += [f"{scheme} {name}: {line}" for line in axe_blocking(page)]
    assert page.outside == [], f"requests to other hosts: {page.outside[:5]}"
    assert problems == []
    assert all(measured.values()), f"no evidence highlight measured: {measured}"


def bank() -> dict:
    return yaml.safe_load((QUIZZES_DIR / f"{QUIZ_LESSON}.yaml").read_text("utf-8"))


def press_check(box) -> str:
    box.locator(".pakru-check").focus()
    box.page.keyboard.press("Enter")
    return box.locator("[role=status]").inner_text()


def choose_by_keyboard(select, text: str) -> None:
    """Pick an option of a closed <select> by typing its text (type-ahead), as a keyboard user does."""
    select.focus()
    select.page.keyboard.type(text, delay=20)
    select.page.wait_for_timeout(700)  # type-ahead ends after a pause


def test_is_every_question_type_answerable_by_keyboard_with_feedback(offline, site_dir, corpus):
    page = offline
    page.goto((site_dir / f"{QUIZ_LESSON}.html").as_uri())
    questions = {q["id"]: q for q in bank()["questions"]}
    keys = page.keyboard

    def box(qid):
        found = page.locator(f"fieldset.pakru-q-{qid}")
        found.scroll_into_view_if_needed()
        return found

    # screen readers: each question is a group named by its prompt, each option is named by its text
    for qid, q in questions.items():
        group = page.get_by_role("group", name=f"Q{list(questions).index(qid) + 1}. {q['prompt']}")
        assert group.count() == 1, qid
        for option in q.get("options", []):
            assert group.get_by_role("checkbox" if q["type"] == "multiple" else "radio", name=option).count() == 1
        assert group.get_by_role("status").count() == 1

    # single: arrow keys move within the radio group, as in any web form
    q, b = questions["soviet-partner"], box("soviet-partner")
    radios = b.locator("input[type=radio]")
    right = q["options"].index(q["answer"])
    radios.first.focus()
    keys.press("Space")
    if right == 0:
        keys.press("ArrowDown")
    assert press_check(b).startswith("✘ Not yet")
    assert b.locator(".pakru-answer").is_hidden()
    radios.first.focus()
    keys.press("Space")
    for _ in range(right):
        keys.press("ArrowDown")
    assert radios.nth(right).is_checked()
    assert press_check(b).startswith("✔ Correct") and "(2 attempts)" in b.locator("[role=status]").inner_text()
    assert b.locator(".pakru-answer").is_visible()
    assert q["answer"] in b.locator(".pakru-answer").inner_text()
    assert b.locator(".pakru-answer mark").count() >= 1

    # multiple: Space ticks boxes
    q, b = questions["spellings"], box("spellings")
    boxes = b.locator("input[type=checkbox]")
    boxes.nth(q["options"].index(q["answer"][0])).focus()
    keys.press("Space")
    assert press_check(b).startswith("✘ Not yet")
    assert b.locator(".pakru-answer").is_hidden()
    for option in q["answer"][1:]:
        boxes.nth(q["options"].index(option)).focus()
        keys.press("Space")
    assert press_check(b).startswith("✔ Correct")

    # numeric: a non-number uses no attempt; "Show answer" opens after two tries
    q, b = questions["special-relationship"], box("special-relationship")
    b.locator("input").focus()
    keys.type("soon")
    assert press_check(b).startswith("ℹ Not checked yet")
    b.locator("input").fill("")
    b.locator("input").focus()
    keys.type("1960")
    assert press_check(b).startswith("✘ Not yet") and "(1 attempt)" in b.locator("[role=status]").inner_text()
    assert b.locator(".pakru-reveal").is_disabled()
    assert press_check(b).startswith("✘ Not yet")
    assert b.locator(".pakru-reveal").is_enabled()
    b.locator(".pakru-reveal").focus()
    keys.press("Enter")
    assert str(q["answer"]) in b.locator(".pakru-answer").inner_text()

    # true / false
    q, b = questions["northern-alliance"], box("northern-alliance")
    b.locator("input[type=radio]").nth(0 if q["answer"] else 1).focus()
    keys.press("Space")
    assert press_check(b).startswith("✔ Correct")

    # short text: case and punctuation do not matter
    q, b = questions["steel-mill"], box("steel-mill")
    b.locator("input").focus()
    keys.type("Lahore")
    assert press_check(b).startswith("✘ Not yet")
    b.locator("input").fill("")
    b.locator("input").focus()
    keys.type(f"  {q['answer'][0].upper()}. ")
    assert press_check(b).startswith("✔ Correct")

    # chronology: places typed into each select; the right order from the events' dates
    q, b = questions["cold-war-order"], box("cold-war-order")
    table = corpus.events.set_index("event_id")
    order = sorted(q["items"], key=lambda i: dates.start(str(table.loc[i, "date"])))
    selects = b.locator("select")
    for n, item in enumerate(q["items"]):
        choose_by_keyboard(selects.nth(n), str(len(order) - order.index(item)))
    said = press_check(b)
    assert said.startswith("✘ Not yet") and "events are in the right place" in said
    for n, item in enumerate(q["items"]):
        choose_by_keyboard(selects.nth(n), str(order.index(item) + 1))
    assert press_check(b).startswith("✔ Correct")

    # matching
    q, b = questions["who-wrote-it"], box("who-wrote-it")
    selects = b.locator("select")
    rights = [p["right"] for p in q["pairs"]]
    for n, pair in enumerate(q["pairs"]):
        choose_by_keyboard(selects.nth(n), rights[(rights.index(pair["right"]) + 1) % len(rights)])
    said = press_check(b)
    assert said.startswith("✘ Not yet") and "0 of 3 matches are right" in said
    for n, pair in enumerate(q["pairs"]):
        choose_by_keyboard(selects.nth(n), pair["right"])
    assert press_check(b).startswith("✔ Correct")

    # the light/dark switch works from the keyboard and is remembered on the next page
    page.emulate_media(color_scheme="light")
    toggle = page.get_by_role("button", name="Dark theme")
    toggle.focus()
    keys.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true" and background_luminance(page) < 0.1
    page.goto((site_dir / "index.html").as_uri())
    assert background_luminance(page) < 0.1
    assert page.outside == []


def test_does_the_pages_checking_agree_with_python(offline, site_dir):
    page = offline
    page.goto((site_dir / f"{QUIZ_LESSON}.html").as_uri())
    texts = ["  The U.S.-led   ALLIANCE! ", "Karachi.", "Lavrov—Asif", "ÉCOLE", "", "a/b-c", "“quoted”"]
    numbers = [("22/7", ""), ("1e3", ""), ("1,972", ""), ("1 972", ""), ("$542 million", "million US dollars"),
               ("542 million", ""), ("1,5", ""), ("1/2/3", ""), ("−3.5", ""), (".5", ""), ("2 hours", "hours")]
    in_page = page.evaluate("([t, n]) => [t.map(x => pakruSite.normalise(x)), "
                            "n.map(([x, u]) => pakruSite.parseNumber(x, u))]", [texts, numbers])
    assert in_page[0] == [normalise(t) for t in texts]
    assert in_page[1] == [parse_number(x, u) for x, u in numbers]
