/* pakru static site: self-check quizzes graded in the browser, and a light/dark switch.
   Shipped in the package and copied beside the pages: no request leaves the page. Practice only: the key is in the
   page (a <script type="application/json"> per quiz); an answer is revealed only after a try.
   This script knows no question type. Each question's type module (pakru.quiz.types, Python) gives its rule as
   data: how to compare ("compare", a key of GRADE below: choice, choices, number, text, text-rules, order,
   pairs), the answer, and the type's own feedback words, the same its Python check says; the opening words
   and attempt counts come from the key too. tests/site/test_site_grading.py runs every bank's answers through
   Python and through GRADE here.
   Also loadable under Node.js (module.exports), which the tests use. */
(function () {
  "use strict";

  // -- text as Python reads it ---------------------------------------------------------------------------------
  // Python's white space (str.isspace, str.split, str.strip), which differs from JavaScript's \s and trim().
  const SPACE = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  const EDGES = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");
  const RUNS = new RegExp(SPACE + "+");
  const strip = (text) => String(text).replace(EDGES, "");
  const split = (text) => String(text).split(RUNS).filter(Boolean);

  /* pakru.quiz.model.fill: each {name} given in values replaced, in one pass; other braces stay. */
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (slot, name) =>
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : slot);
  }

  const DASHES = /[\-\u2010\u2011\u2012\u2013\u2014\u2015\/]+/g;
  /* pakru.quiz.model.normalise */
  function normalise(text) {
    return split(String(text).normalize("NFKC").toLowerCase().replace(DASHES, " ").replace(/\p{P}/gu, "")).join(" ");
  }
  const NUMBER = "[+-]?(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d*)?|\\d{1,3}(?: \\d{3})+(?:\\.\\d*)?|\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?";
  const TYPED = new RegExp("^(" + NUMBER + ")(?:\\s*/\\s*(" + NUMBER + "))?(.*)$", "s");
  /* pakru.quiz.types.numeric.parse_number */
  function parseNumber(text, unit) {
    let cleaned = strip(String(text).normalize("NFKC").replace(/\u2212/g, "-"));
    if ("$£€₽₨".includes(cleaned.charAt(0))) cleaned = strip(cleaned.slice(1));
    const m = TYPED.exec(cleaned);
    if (!m) return null;
    const unitWords = split(String(unit || "").toLowerCase());
    const rest = split(m[3]).map(w => w.replace(/^\.+|\.+$/g, "").toLowerCase()).filter(Boolean);
    if (!rest.every(w => unitWords.includes(w))) return null;
    let value = Number(m[1].replace(/[, ]/g, ""));
    if (m[2] !== undefined) value = value / Number(m[2].replace(/[, ]/g, ""));
    return Number.isFinite(value) ? value : null;
  }
  /* pakru.quiz.types.text.levenshtein, over characters (code points) as Python counts them */
  function levenshtein(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    let previous = Array.from({length: b.length + 1}, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0)));
      }
      previous = current;
    }
    return previous[b.length];
  }

  // -- grading: a rule (data from the type's module) and a response as the page's controls give it ---------------
  const incomplete = (note) => ({correct: false, note: note, counts: false});
  const verdict = (ok, note) => ({correct: ok, note: note || "", counts: true});
  const missing = (x) => x === null || x === undefined;
  const counted = (right, total, words) => verdict(right === total, right === total ? "" :
    fill(words.some, {right: right, total: total}));

  const GRADE = {
    /* one option index (or null): right when it is rule.answer; rule.feedback holds words per option */
    choice(rule, chosen) {
      if (missing(chosen)) return incomplete(rule.words.empty);
      return verdict(chosen === rule.answer, rule.feedback[chosen]);
    },
    /* option indices: right when they are exactly rule.answer */
    choices(rule, chosen) {
      const given = Array.from(new Set(chosen || [])).sort((a, b) => a - b);
      if (!given.length) return incomplete(rule.words.empty);
      const ok = given.length === rule.answer.length && given.every(n => rule.answer.includes(n));
      return verdict(ok, given.map(n => rule.feedback[n]).filter(Boolean).join(" "));
    },
    /* typed text read as a number; the first of rule.rules it falls in decides (its form: value, range, between) */
    number(rule, typed) {
      let value = parseNumber(typed, rule.unit);
      if (value === null) {
        const text = strip(typed);
        if (!text) return incomplete(rule.words.empty);
        const chars = Array.from(text);
        const shown = chars.length <= rule.shown ? text : chars.slice(0, rule.shown).join("") + "…";
        return incomplete(fill(rule.words.unreadable, {typed: shown}));
      }
      if (rule.precision) value = Number(value.toPrecision(rule.precision));
      for (const r of rule.rules) {
        const low = r.form === "value" && rule.precision ? Number(r.low.toPrecision(rule.precision)) : r.low;
        const holds = r.form === "value" ? value === low : r.form === "range" ?
          (r.low <= value && value < r.high) : (r.low <= value && value <= r.high);
        if (holds) return verdict(r.correct, r.feedback);
      }
      return verdict(false, rule.default);
    },
    /* typed text, normalised, in rule.accepted (normalised by Python) */
    text(rule, typed) {
      const given = normalise(typed);
      if (!given) return incomplete(rule.words.empty);
      return verdict(rule.accepted.includes(given));
    },
    /* typed text, trimmed, as jupyterquiz compares it: the first rule it equals (or is similar enough to) decides */
    "text-rules"(rule, typed) {
      const text = strip(typed);
      if (!text) return incomplete(rule.words.empty);
      for (const r of rule.rules) {
        const [a, b] = r.match_case ? [text, r.answer] : [text.toLowerCase(), r.answer.toLowerCase()];
        let hit = a === b, fuzzy = false;
        if (!hit && r.fuzzy) {
          const longest = Math.max(Array.from(a).length, Array.from(b).length);
          hit = fuzzy = longest > 0 && 1 - levenshtein(a, b) / longest >= r.fuzzy;
        }
        if (hit) return verdict(r.correct, fuzzy && r.feedback ? fill(rule.words.fuzzy, {feedback: r.feedback}) : r.feedback);
      }
      return verdict(false, rule.default);
    },
    /* a place (0: first) per item: right when each item is in its place in rule.places */
    order(rule, places) {
      const given = Array.from(places || []);
      if (given.length !== rule.places.length || given.some(missing)) return incomplete(rule.words.empty);
      if (new Set(given).size !== given.length) return incomplete(rule.words.twice);
      return counted(given.filter((p, n) => p === rule.places[n]).length, given.length, rule.words);
    },
    /* a choice index per item: right when each is its rule.answer */
    pairs(rule, chosen) {
      const given = Array.from(chosen || []);
      if (given.length !== rule.answer.length || given.some(missing)) return incomplete(rule.words.empty);
      return counted(given.filter((c, n) => c === rule.answer[n]).length, given.length, rule.words);
    },
  };

  function grade(rule, response) {
    const by = GRADE[rule.compare];
    return by ? by(rule, response) : incomplete(rule.compare + ": unknown comparison");
  }

  /* The response as a question's controls hold it (site_quiz.html.j2, by data-control). */
  function read(box) {
    const inputs = Array.from(box.querySelectorAll("input"));
    switch (box.dataset.control) {
      case "radio": {
        const chosen = inputs.find(i => i.checked);
        return chosen ? Number(chosen.value) : null;
      }
      case "checkbox": return inputs.filter(i => i.checked).map(i => Number(i.value));
      case "typed": return inputs[0].value;
      case "select": return Array.from(box.querySelectorAll("select")).map(s => s.value === "" ? null : Number(s.value));
    }
    return null;
  }

  // -- wiring ------------------------------------------------------------------------------------------------------
  function setUp(section) {
    const key = JSON.parse(section.querySelector("script.pakru-quiz-key").textContent);
    const words = key.words;
    section.querySelectorAll("fieldset.pakru-sq").forEach(box => {
      const rule = key.questions[box.dataset.qid];
      const feedback = box.querySelector(".pakru-feedback");
      const answer = box.querySelector(".pakru-answer");
      const reveal = box.querySelector(".pakru-reveal");
      let tries = 0;
      function show() { answer.hidden = false; }
      box.querySelector(".pakru-check").addEventListener("click", () => {
        const result = grade(rule, read(box));
        if (result.counts) tries += 1;
        const head = !result.counts ? words.unchecked : result.correct ? words.correct : words.wrong;
        const count = result.counts ? " (" + fill(tries === 1 ? words.one : words.many, {n: tries}) + ")" : "";
        feedback.textContent = head + (result.note ? " " + result.note : "") + count;
        box.classList.toggle("pakru-status-correct", result.counts && result.correct);
        box.classList.toggle("pakru-status-wrong", result.counts && !result.correct);
        if (result.correct) show();
        if (key.reveal_after !== null && tries >= key.reveal_after) reveal.disabled = false;
      });
      reveal.addEventListener("click", () => { show(); answer.setAttribute("tabindex", "-1"); answer.focus(); });
    });
  }

  function themeSwitch() {
    const root = document.documentElement;
    const button = document.querySelector(".pakru-theme-toggle");
    let stored = null;
    try { stored = window.localStorage.getItem("pakru-theme"); } catch (e) { stored = null; }
    if (stored === "dark" || stored === "light") root.dataset.pakruTheme = stored;
    if (!button) return;
    const dark = () => root.dataset.pakruTheme === "dark" ||
      (root.dataset.pakruTheme === "auto" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    const label = () => button.setAttribute("aria-pressed", String(dark()));
    button.hidden = false;
    label();
    button.addEventListener("click", () => {
      root.dataset.pakruTheme = dark() ? "light" : "dark";
      try { window.localStorage.setItem("pakru-theme", root.dataset.pakruTheme); } catch (e) { /* private mode */ }
      label();
    });
  }

  function start() {
    themeSwitch();
    document.querySelectorAll("section.pakru-site-quiz").forEach(setUp);
  }

  const api = {normalise: normalise, parseNumber: parseNumber, fill: fill, grade: grade, read: read, GRADE: GRADE};
  if (typeof window !== "undefined") window.pakruSite = api;
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
