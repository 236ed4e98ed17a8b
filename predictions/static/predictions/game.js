// The replay game on the page: join, who is watching, the prediction cards, the leaderboard.
// Mounts each panel on the room's handlers and returns their repaint parts (each with `update(view)`).
import { addHandler } from "/static/rally/socket.js";
import { createPickBook } from "./picks.js";
import { mountJoin } from "./join.js";
import { mountPresence } from "./presence.js";
import { mountPredictions } from "./predictions.js";
import { mountLeaderboard } from "./leaderboard.js";

export function mountGame(page, game, handlers) {
  Object.assign(game, { me: { name: null, joined: false }, book: createPickBook() });
  addHandler(handlers, "hello", (message) => game.book.addAll(message.picks));
  addHandler(handlers, "pick", (message) => game.book.add(message));
  const join = mountJoin(page.querySelector("[data-join]"), game, handlers, page.dataset.slug);
  return {
    parts: [
      mountPresence(page.querySelector("[data-presence]"), game, handlers),
      mountPredictions(page.querySelector("[data-predictions]"), game, handlers),
      mountLeaderboard(page.querySelector("[data-leaderboard]"), game),
    ],
    disconnected: join.disconnected,
  };
}
