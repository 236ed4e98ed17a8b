// Who is watching: the nicknames in the room (as text, never markup), "and N more" beyond the
// first hundred, and the viewer count, from `hello` and `presence_diff` (predictions/roster.js).
import { addHandler } from "/static/rally/socket.js";
import { element, setText } from "/static/rally/dom.js";
import { applyDiff, applyState, rosterFromHello, shownNames } from "./roster.js";

export function mountPresence(root, game, handlers) {
  const list = root.querySelector("[data-online]");
  let roster = rosterFromHello({ version: 0, online: [], named: 0, viewers: 0 });
  let changed = true;
  let shownKey = null;

  addHandler(handlers, "hello", (message) => {
    roster = rosterFromHello(message);
    changed = true;
  });
  addHandler(handlers, "presence_state", (message) => {
    roster = applyState(roster, message);
    changed = true;
  });
  addHandler(handlers, "presence_diff", (message) => {
    applyDiff(roster, message);
    changed = true;
  });

  // A repaint part: redraws only when the roster or the page's own name changed.
  return {
    update() {
      const myName = game.me.joined ? game.me.name : null;
      if (!changed && shownKey === myName) return;
      changed = false;
      shownKey = myName;
      const { shown, more } = shownNames(roster);
      list.replaceChildren(...shown.map((name) => fanItem(name, name === myName)));
      root.dataset.viewers = roster.viewers;
      setText(root.querySelector("[data-viewers]"), roster.viewers);
      setText(root.querySelector("[data-more]"), more ? `and ${more.toLocaleString("en")} more` : "");
      const anonymous = Math.max(0, roster.viewers - roster.named);
      setText(root.querySelector("[data-anonymous]"),
        anonymous ? `${anonymous.toLocaleString("en")} more watching without a nickname.` : "");
    },
  };
}

function fanItem(name, isMe) {
  const item = element("li", isMe ? "fan fan-me" : "fan", isMe ? `${name} (you)` : name);
  item.dataset.name = name;
  return item;
}
