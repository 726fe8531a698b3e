/* pakru static site: self-check quizzes checked in the browser, and a light/dark switch.
   Shipped in the package and copied beside the pages: no request leaves the page. Practice only: the answer key
   is in the page (a <script type="application/json"> per quiz); an answer is revealed only after a try.
   The checks mirror pakru.quiz.model (Python) type by type. */
(function () {
  "use strict";

  // -- reading answers ------------------------------------------------------------------------------------------
  const DASHES = /[\-\u2010\u2011\u2012\u2013\u2014\u2015\/]+/g;
  function normalise(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(DASHES, " ")
      .replace(/\p{P}/gu, "").split(/\s+/).filter(Boolean).join(" ");
  }
  const NUMBER = "[+-]?(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d*)?|\\d{1,3}(?: \\d{3})+(?:\\.\\d*)?|\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?";
  const TYPED = new RegExp("^(" + NUMBER + ")(?:\\s*/\\s*(" + NUMBER + "))?(.*)$", "s");
  function parseNumber(text, unit) {
    let cleaned = String(text).normalize("NFKC").replace(/\u2212/g, "-").trim();
    if ("$£€₽₨".includes(cleaned.charAt(0))) cleaned = cleaned.slice(1).trim();
    const m = TYPED.exec(cleaned);
    if (!m) return null;
    const unitWords = String(unit || "").toLowerCase().split(/\s+/);
    const rest = m[3].split(/\s+/).map(w => w.replace(/^\.+|\.+$/g, "").toLowerCase()).filter(Boolean);
    if (!rest.every(w => unitWords.includes(w))) return null;
    let value = Number(m[1].replace(/[, ]/g, ""));
    if (m[2] !== undefined) value = value / Number(m[2].replace(/[, ]/g, ""));
    return Number.isFinite(value) ? value : null;
  }
  function levenshtein(a, b) {
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

  // -- checking: {correct, note, counts} --------------------------------------------------------------------------
  const incomplete = (note) => ({correct: false, note: note, counts: false});
  const verdict = (ok, note) => ({correct: ok, note: note || "", counts: true});

  function check(box, key) {
    const inputs = Array.from(box.querySelectorAll("input"));
    const selects = Array.from(box.querySelectorAll("select"));
    switch (key.kind) {
      case "single":
      case "truefalse": {
        const chosen = inputs.find(i => i.checked);
        if (!chosen) return incomplete(key.kind === "single" ? "Choose an option first." : "Choose True or False first.");
        const n = Number(chosen.value);
        return verdict(n === key.answer, key.feedback ? key.feedback[n] : "");
      }
      case "multiple": {
        const chosen = inputs.filter(i => i.checked).map(i => Number(i.value));
        if (!chosen.length) return incomplete("Tick at least one option first.");
        const ok = chosen.length === key.answer.length && chosen.every(n => key.answer.includes(n));
        return verdict(ok, chosen.map(n => key.feedback[n]).filter(Boolean).join(" "));
      }
      case "numeric": {
        const typed = inputs[0].value;
        let value = parseNumber(typed, key.unit);
        if (value === null) {
          if (!typed.trim()) return incomplete("Type a number first.");
          return incomplete("That was not understood as a number" + (key.unit ? " in " + key.unit : "") +
            ": write it with digits, e.g. 1972, 3.5, 22/7 or 1e3.");
        }
        if (key.precision) value = Number(value.toPrecision(key.precision));
        for (const rule of key.rules) {
          const low = rule.kind === "value" && key.precision ? Number(rule.low.toPrecision(key.precision)) : rule.low;
          const holds = rule.kind === "value" ? value === low : rule.kind === "range" ?
            (rule.low <= value && value < rule.high) : (rule.low <= value && value <= rule.high);
          if (holds) return verdict(rule.correct, rule.feedback);
        }
        return verdict(false, key.default);
      }
      case "text": {
        const typed = inputs[0].value.trim();
        if (key.rules.length) {
          if (!typed) return incomplete("Type an answer first.");
          for (const rule of key.rules) {
            const [a, b] = rule.match_case ? [typed, rule.answer] : [typed.toLowerCase(), rule.answer.toLowerCase()];
            let hit = a === b, fuzzy = false;
            if (!hit && rule.fuzzy) {
              const longest = Math.max(a.length, b.length);
              hit = fuzzy = longest > 0 && 1 - levenshtein(a, b) / longest >= rule.fuzzy;
            }
            if (hit) return verdict(rule.correct, fuzzy && rule.feedback ? "(Fuzzy) " + rule.feedback : rule.feedback);
          }
          return verdict(false, key.default);
        }
        const given = normalise(typed);
        if (!given) return incomplete("Type an answer first.");
        return verdict(key.accepted.includes(given));
      }
      case "chronology": {
        const places = selects.map(s => s.value === "" ? null : Number(s.value) + 1);
        if (places.some(p => p === null)) return incomplete("Give every event a place first.");
        if (new Set(places).size !== places.length) return incomplete("Each event needs its own place: two share one.");
        const right = places.filter((p, n) => p === key.places[n]).length;
        return verdict(right === places.length, right === places.length ? "" :
          right + " of " + places.length + " events are in the right place.");
      }
      case "matching": {
        const chosen = selects.map(s => s.value === "" ? null : Number(s.value));
        if (chosen.some(c => c === null)) return incomplete("Choose a match for every item first.");
        const right = chosen.filter((c, n) => c === key.answer[n]).length;
        return verdict(right === chosen.length, right === chosen.length ? "" :
          right + " of " + chosen.length + " matches are right.");
      }
    }
    return incomplete("This question type cannot be checked in the page.");
  }

  // -- wiring ------------------------------------------------------------------------------------------------------
  function setUp(section) {
    const key = JSON.parse(section.querySelector("script.pakru-quiz-key").textContent);
    section.querySelectorAll("fieldset.pakru-sq").forEach(box => {
      const qkey = key.questions[box.dataset.qid];
      const feedback = box.querySelector(".pakru-feedback");
      const answer = box.querySelector(".pakru-answer");
      const reveal = box.querySelector(".pakru-reveal");
      let tries = 0;
      function show() { answer.hidden = false; }
      box.querySelector(".pakru-check").addEventListener("click", () => {
        const result = check(box, qkey);
        if (result.counts) tries += 1;
        const head = !result.counts ? "ℹ Not checked yet." : result.correct ? "✔ Correct." : "✘ Not yet.";
        const count = result.counts ? " (" + tries + (tries === 1 ? " attempt)" : " attempts)") : "";
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  window.pakruSite = {normalise: normalise, parseNumber: parseNumber, check: check};
})();
