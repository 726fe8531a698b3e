/*
 * pakru-question-groups: each quiz question in a notebook output is one group named by its question.
 *
 * Why: a pakru question is a box of stock ipywidgets (a list box, check boxes, drop-downs, text fields),
 * and no stock widget can say "these controls belong together, and this is their question"
 * (HTML's fieldset and legend, or role="group" with aria-labelledby). A screen reader reaching the third
 * check box of a multiple-choice question hears the option, not which question it answers.
 *
 * What: the kernel marks each question's box with the class `pakru-question` and its prompt with
 * `pakru-prompt` (lib/pakru/quiz/widgets.py, templates/quiz_prompt.html.j2). This plugin gives every such
 * box role="group" and names it by its prompt (aria-labelledby), as the boxes appear. It adds no control,
 * reads no answer and talks to no kernel or server; without it (another notebook front end) every control
 * keeps its own name.
 *
 * Build: `python -m pakru labextension` (see lib/pakru/labextension.py).
 */

const QUESTION = '.pakru-question:not([role="group"])';
const PROMPT = '.pakru-prompt';
let made = 0;

/** Name one question's box by its prompt, once the prompt is rendered inside it. */
function group(box) {
  const prompt = box.querySelector(PROMPT);
  if (!prompt) {
    return; // the prompt's widget is not rendered yet; the next change to the page comes back here
  }
  if (!prompt.id) {
    made += 1; // ids made here, not in the kernel: the same quiz shown twice must not share an id
    prompt.id = 'pakru-prompt-' + made;
  }
  box.setAttribute('role', 'group');
  box.setAttribute('aria-labelledby', prompt.id);
}

function groupAll() {
  document.querySelectorAll(QUESTION).forEach(group);
}

const plugin = {
  id: 'pakru-question-groups:plugin',
  description: 'Each pakru quiz question in a notebook output is one group named by its question.',
  autoStart: true,
  activate: () => {
    let queued = false;
    // At most one look per frame, however many nodes JupyterLab changes in it.
    const observer = new MutationObserver(() => {
      if (!queued) {
        queued = true;
        requestAnimationFrame(() => {
          queued = false;
          groupAll();
        });
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    groupAll();
  }
};

module.exports = [plugin];
