// Who is watching: the nicknames in the room (as text, never markup) and the viewer count,
// from `hello` and `presence` messages.
import { addHandler } from "/static/rally/socket.js";
import { element, setText } from "/static/rally/dom.js";

export function mountPresence(root, game, handlers) {
  const list = root.querySelector("[data-online]");
  let roster = { online: [], viewers: 0 };
  let shown = null;

  const adopt = (message) => {
    roster = { online: message.online, viewers: message.viewers };
  };
  addHandler(handlers, "hello", adopt);
  addHandler(handlers, "presence", adopt);

  // A repaint part: redraws only when the roster or the page's own name changed.
  return {
    update() {
      const myName = game.me.joined ? game.me.name : null;
      const key = JSON.stringify([roster, myName]);
      if (key === shown) return;
      shown = key;
      list.replaceChildren(...roster.online.map((name) => fanItem(name, name === myName)));
      root.dataset.viewers = roster.viewers;
      setText(root.querySelector("[data-viewers]"), roster.viewers);
      const anonymous = Math.max(0, roster.viewers - roster.online.length);
      setText(root.querySelector("[data-anonymous]"),
        anonymous ? `${anonymous} more watching without a nickname.` : "");
    },
  };
}

function fanItem(name, isMe) {
  const item = element("li", isMe ? "fan fan-me" : "fan", isMe ? `${name} (you)` : name);
  item.dataset.name = name;
  return item;
}
