// The presenter panel: the showrunner's latest lines about this fixture, newest first, each
// with its mode badge. Filled from …/scripts on load, then from `script` messages on the
// page's socket; optionally read aloud with the browser's speech synthesis. It mounts itself
// (its template includes it) and listens through the page core.
//
// On the replay a line carries the loop and sequence it speaks of: the panel shows only the
// lines of the loop the page is in, up to the page's own sequence, so it never tells of a
// play the page has not reached and starts each loop clean. On a football page a line carries
// the showing it speaks of (`loop`): when the recorded match restarts, the old match's lines
// are retired ("It's over… 3–2" is not said over a 0–0 board).
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { element } from "/static/rally/dom.js";
import { onView, pageRoom } from "/static/rally/page.js";

const SHOWN = 20;
const BADGES = { PRE_MATCH: "PRE-MATCH", LIVE: "LIVE", POST_MATCH: "POST-MATCH" };
// A replay, or a recorded match played again, is never called live.
const REPLAYED = Boolean(document.querySelector(".replay-page, [data-recorded-match]"));
const badgeText = (mode) => (mode === "LIVE" && REPLAYED ? "REPLAY" : BADGES[mode] ?? mode);
const READ_ALOUD_KEY = "rally.presenter.readAloud";

// Mount the panel `root` (or do nothing without one) and listen for scripts in the page's room.
export function mountPresenter(root) {
  if (!root) return;
  const list = root.querySelector("[data-script-list]");
  const scripts = new Map(); // id → script: the load and the socket may both bring one
  const toggle = setUpReadAloud(root);
  const spoken = new Set(); // ids read aloud already
  let position = null; // {loop, sequence} the page is at; null on a page without a replay clock
  let shownKey = null;

  const paint = () => {
    const newest = [...scripts.values()].filter((script) => reached(script, position))
      .sort((a, b) => b.at - a.at || b.id - a.id).slice(0, SHOWN);
    const key = newest.map((script) => script.id).join();
    if (key === shownKey) return;
    shownKey = key;
    list.replaceChildren(...newest.map(renderScript));
    root.querySelector("[data-presenter-empty]").hidden = newest.length > 0;
    for (const script of newest) {
      if (!spoken.has(script.id) && toggle?.checked && root.dataset.loaded) speak(script.text);
      spoken.add(script.id);
    }
  };
  const add = (script) => {
    if (scripts.has(script.id)) return false;
    scripts.set(script.id, script);
    return true;
  };

  pageRoom.on("script", (message) => {
    if (add(message)) paint();
  });
  onView((view) => {
    const next = pagePosition(view);
    if (!next || (position && next.loop === position.loop && next.sequence === position.sequence)) return;
    position = next;
    paint();
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

// Before a tip-off the page is at the coming loop, sequence 0 (where pre-match lines speak).
// A football page is at its showing, every line of which it has reached.
function pagePosition(view) {
  if (view.showing != null) return { loop: view.showing, sequence: Infinity };
  const { clock } = view;
  if (!clock) return null;
  return clock.phase === "PRE_MATCH" ? { loop: clock.loop + 1, sequence: 0 } : { loop: clock.loop, sequence: clock.sequence };
}

function reached(script, position) {
  if (!position || script.loop == null || position.loop == null) return true;
  return script.loop === position.loop && (script.sequence ?? 0) <= position.sequence;
}

function renderScript(script) {
  const item = element("li", "script");
  item.dataset.scriptId = script.id;
  item.dataset.mode = script.mode;
  if (script.loop != null) Object.assign(item.dataset, { loop: script.loop, sequence: script.sequence });
  const badge = element("span", `script-badge badge-${script.mode}`, badgeText(script.mode));
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

mountPresenter(document.querySelector("[data-presenter]"));
