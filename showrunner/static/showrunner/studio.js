// The Prompt Studio: live preview of the prompt being edited, variable insertion and
// sample scripts. The server fills and checks the text (the same code the director uses);
// this only sends what is typed and shows what comes back.
import { element } from "/static/rally/dom.js";
import { guard } from "/static/showrunner/studio_guard.js";

const PREVIEW_DELAY_MS = 300;

const studio = document.querySelector("[data-studio]");
const textarea = document.querySelector("#id_text");
const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
const fixture = studio.querySelector("[data-preview-fixture]");
const output = studio.querySelector("[data-preview-output]");
const errors = studio.querySelector("[data-preview-errors]");
const limits = guard(textarea.form, textarea, document.querySelector("[data-text-status]"));

async function post(url) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify({ text: textarea.value, fixture: fixture.value }),
  });
  return { ok: response.ok, body: await response.json() };
}

function showErrors(list) {
  errors.replaceChildren(...list.map((text) => element("li", "", text)));
  errors.hidden = list.length === 0;
}

let pending = null;
let asked = 0;
async function preview() {
  const ticket = ++asked;
  if (limits.over() > 0) {
    // Not sent: a text this long is refused whatever it says (the status under it says why).
    showErrors([`The text is over the limit of ${textarea.dataset.maxChars} characters.`]);
    output.textContent = "";
    return;
  }
  const { ok, body } = await post(studio.dataset.previewUrl);
  if (ticket !== asked) return; // a newer keystroke's preview is on its way
  showErrors(ok ? [] : body.errors);
  output.textContent = ok ? body.prompt : "";
  studio.dataset.previewReady = String(ok);
}

function schedulePreview() {
  clearTimeout(pending);
  pending = setTimeout(preview, PREVIEW_DELAY_MS);
}

function insertVariable(name) {
  const placeholder = `{{ ${name} }}`;
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  textarea.value = value.slice(0, start) + placeholder + value.slice(end);
  textarea.focus();
  textarea.selectionStart = textarea.selectionEnd = start + placeholder.length;
  textarea.dispatchEvent(new Event("input")); // the preview, the length and the unsaved mark
}

async function sample(button) {
  const result = studio.querySelector("[data-sample-result]");
  button.disabled = true;
  button.textContent = "Writing…";
  try {
    const { ok, body } = await post(studio.dataset.sampleUrl);
    if (!ok) return showErrors(body.errors);
    result.querySelector("[data-sample-text]").textContent = body.text;
    const tokens = body.input_tokens || body.output_tokens ? ` · ${body.input_tokens} in / ${body.output_tokens} out tokens` : "";
    const fallback = body.fallback_reason ? ` · the model failed, so the offline writer answered (${body.fallback_reason})` : "";
    const offline = body.offline_note ? ` · ${body.offline_note}` : "";
    result.querySelector("[data-sample-meta]").textContent = `Written by: ${body.backend}${tokens}${fallback}${offline}`;
    result.hidden = false;
  } finally {
    button.disabled = false;
    button.textContent = "Generate a sample script";
  }
}

textarea.addEventListener("input", schedulePreview);
fixture.addEventListener("change", preview);
studio.querySelectorAll("[data-insert]").forEach((button) =>
  button.addEventListener("click", () => insertVariable(button.dataset.insert)),
);
studio.querySelector("[data-sample-button]")?.addEventListener("click", (event) => sample(event.currentTarget));
preview();
