// The presenter panel: the showrunner's latest lines about this fixture, newest first, each
// with its mode badge. Filled from …/scripts on load, then from `script` messages on the
// page's socket; optionally read aloud with the browser's speech synthesis.
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { addHandler } from "/static/rally/socket.js";
import { element } from "/static/rally/dom.js";

const SHOWN = 20;
const BADGES = { PRE_MATCH: "PRE-MATCH", LIVE: "LIVE", POST_MATCH: "POST-MATCH" };
const READ_ALOUD_KEY = "rally.presenter.readAloud";

// Mount the panel `root` (or do nothing without one) and listen for scripts on `handlers`.
export function mountPresenter(root, handlers) {
  if (!root) return;
  const list = root.querySelector("[data-script-list]");
  const scripts = new Map(); // id → script: the load and the socket may both bring one
  const toggle = setUpReadAloud(root);

  const paint = () => {
    const newest = [...scripts.values()].sort((a, b) => b.at - a.at || b.id - a.id).slice(0, SHOWN);
    list.replaceChildren(...newest.map(renderScript));
    root.querySelector("[data-presenter-empty]").hidden = newest.length > 0;
  };
  const add = (script) => {
    if (scripts.has(script.id)) return false;
    scripts.set(script.id, script);
    return true;
  };

  addHandler(handlers, "script", (message) => {
    if (!add(message)) return;
    paint();
    if (toggle?.checked) speak(message.text);
  });
  fetchJSON(apiUrls.scripts(root.dataset.slug))
    .then((loaded) => {
      loaded.forEach(add);
      paint();
      root.dataset.loaded = "true";
    })
    .catch(() => {
      root.dataset.loaded = "error"; // live lines still arrive over the socket
    });
}

function renderScript(script) {
  const item = element("li", "script");
  item.dataset.scriptId = script.id;
  item.dataset.mode = script.mode;
  const badge = element("span", `script-badge badge-${script.mode}`, BADGES[script.mode] ?? script.mode);
  const when = element("time", "script-time", new Date(script.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  when.dateTime = new Date(script.at).toISOString();
  item.append(badge, element("p", "script-text", script.text), when);
  if (script.backend === "offline") item.append(element("span", "script-writer", "auto"));
  return item;
}

function setUpReadAloud(root) {
  if (!("speechSynthesis" in window)) return null;
  const toggle = root.querySelector("[data-read-aloud]");
  root.querySelector("[data-read-aloud-label]").hidden = false;
  toggle.checked = localStorage.getItem(READ_ALOUD_KEY) === "on";
  toggle.addEventListener("change", () => {
    localStorage.setItem(READ_ALOUD_KEY, toggle.checked ? "on" : "off");
    if (!toggle.checked) speechSynthesis.cancel();
  });
  return toggle;
}

function speak(text) {
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}
