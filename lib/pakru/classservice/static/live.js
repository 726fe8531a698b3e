// The class live view: polls the service's JSON every second and lays it out. Learner text only ever
// reaches the page through textContent (never innerHTML), so an answer cannot become markup.
(function () {
  "use strict";
  const script = document.currentScript;
  const api = script.dataset.api;
  const group = script.dataset.group;
  const xsrf = script.dataset.xsrf;
  const select = document.getElementById("activity");
  const names = document.getElementById("names");
  const stats = document.getElementById("stats");
  const status = document.getElementById("status");
  let last = null;
  let data = null;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function pct(x) { return x === null || x === undefined ? "–" : Math.round(x) + " %"; }

  function chosen() {
    if (!data) return null;
    return data.activities.find((a) => a.id === select.value) || data.activities[0] || null;
  }

  function fillSelect() {
    const ids = data.activities.map((a) => a.id);
    const have = Array.from(select.options).map((o) => o.value);
    if (ids.join("\n") === have.join("\n")) return;
    const keep = select.value;
    select.replaceChildren(...ids.map((id) => el("option", id)));
    Array.from(select.options).forEach((o) => { o.value = o.textContent; });
    if (ids.includes(keep)) select.value = keep;
  }

  function renderQuestions(activity) {
    const box = document.getElementById("questions");
    if (!activity) { box.replaceChildren(el("p", "No answers yet.")); return; }
    const total = data.learners.length;
    box.replaceChildren(...activity.questions.map((q) => {
      const card = el("article", null, "question");
      card.setAttribute("aria-label", q.label || ("Question " + q.id));
      card.append(el("h3", q.label || q.id));
      card.append(el("p", q.answered + " of " + total + " answered · right at first try: " +
        (q.share_right_first_try === null ? "–" : Math.round(100 * q.share_right_first_try) + " %") +
        " · right now: " + q.right_now));
      if (stats.checked) {
        card.append(el("p", "Facility " + pct(q.facility) + " · discrimination " + pct(q.discrimination)));
      }
      const table = el("table", null, "answers");
      const caption = el("caption", "Answers given to " + (q.label || q.id) + " (latest per learner)");
      caption.className = "visually-hidden";
      const body = el("tbody");
      const most = Math.max(1, ...q.answers.map((a) => a.count));
      q.answers.forEach((a) => {
        const row = el("tr");
        const text = el("td", a.text);
        if (a.right) { text.append(" "); text.append(el("span", "✓ right", "right")); }
        const bar = el("span", null, "bar");
        bar.style.width = (100 * a.count / most) + "%";
        bar.setAttribute("aria-hidden", "true");
        const barCell = el("td", null, "barcell"); barCell.append(bar);
        row.append(text, el("td", a.count, "count"), barCell);
        body.append(row);
      });
      if (q.other_answers) {
        const row = el("tr");
        row.append(el("td", "other answers"), el("td", q.other_answers, "count"), el("td"));
        body.append(row);
      }
      table.append(caption, body);
      card.append(table);
      return card;
    }));
  }

  function renderLearners(activity) {
    const body = document.querySelector("#learners tbody");
    const count = activity ? activity.questions.length : 0;
    body.replaceChildren(...data.learners.map((l) => {
      const done = activity ? (l.answered[activity.id] || 0) : 0;
      const right = activity ? (l.right[activity.id] || 0) : 0;
      const row = el("tr");
      const bar = el("progress");
      bar.max = Math.max(count, 1); bar.value = done;
      bar.setAttribute("aria-label", l.name + ": " + done + " of " + count);
      const cell = el("td"); cell.append(bar);
      row.append(el("th", l.name), el("td", done + " of " + count), el("td", right), cell);
      row.firstChild.setAttribute("scope", "row");
      return row;
    }));
  }

  function render() {
    if (!data) return;
    fillSelect();
    const activity = chosen();
    renderQuestions(activity);
    renderLearners(activity);
  }

  async function poll() {
    const params = new URLSearchParams();
    if (group) params.set("group", group);
    if (names.checked) params.set("names", "1");
    try {
      const response = await fetch(api + "?" + params.toString(), {
        credentials: "same-origin", cache: "no-store", headers: { "X-XSRFToken": xsrf } });
      if (!response.ok) throw new Error("the service answered " + response.status);
      const next = await response.json();
      const key = next.last_id + "/" + next.names_shown;
      if (key !== last) {
        data = next; last = key;
        render();
        status.textContent = next.answers_stored + " answers stored · updated " + new Date().toLocaleTimeString();
      }
    } catch (error) {
      status.textContent = "Could not reach the class service (" + error.message + "); trying again.";
    }
    window.setTimeout(poll, 1000);
  }

  select.addEventListener("change", render);
  stats.addEventListener("change", render);
  names.addEventListener("change", () => { last = null; });
  poll();
})();
