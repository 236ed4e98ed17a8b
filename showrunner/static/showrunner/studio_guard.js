// Nothing typed is lost: a warning before leaving the page with unsaved text, and the length
// limit told on the page (the server refuses a longer text too, with the same numbers).
import { setText } from "/static/rally/dom.js";

const number = new Intl.NumberFormat("en-GB");

export function guard(form, textarea, status) {
  const saved = textarea.value;
  const limit = Number(textarea.dataset.maxChars);
  let submitting = false;

  const dirty = () => textarea.value !== saved;
  const over = () => textarea.value.length - limit;

  function show() {
    const length = `${number.format(textarea.value.length)} of ${number.format(limit)} characters`;
    const excess = over();
    const state = excess > 0
      ? `${length}: ${number.format(excess)} over the limit. Shorten it to save.`
      : dirty() ? `${length} · unsaved changes (Publish saves them first)` : length;
    setText(status, state);
    status.classList.toggle("studio-status-error", excess > 0);
    textarea.setAttribute("aria-invalid", String(excess > 0));
    form.dataset.dirty = String(dirty());
  }

  textarea.addEventListener("input", show);
  form.addEventListener("submit", (event) => {
    if (over() > 0) {
      event.preventDefault(); // the body would be refused whole; say why here instead
      show();
      textarea.focus();
      return;
    }
    submitting = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty() && !submitting) {
      event.preventDefault();
      event.returnValue = ""; // older Chromium needs it set to show the dialog
    }
  });
  show();
  return { over };
}
