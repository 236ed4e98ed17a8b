// The replay game on the page: join, who is watching, the tray of open questions, the results,
// the leaderboard. Its template includes this module, which mounts every panel on the page's
// room and repaints them with each view the replay page publishes (static/rally/page.js).
import { onView, pageHandlers, pageRoom } from "/static/rally/page.js";
import { addHandler } from "/static/rally/socket.js";
import { createPickBook } from "./picks.js";
import { mountJoin } from "./join.js";
import { mountPresence } from "./presence.js";
import { mountPredictions } from "./predictions.js";
import { mountLeaderboard } from "./leaderboard.js";

function mountGame(doc) {
  const handlers = pageHandlers;
  const game = { me: { name: null, joined: false }, book: createPickBook(), room: pageRoom };
  addHandler(handlers, "hello", (message) => game.book.addAll(message.picks));
  addHandler(handlers, "pick", (message) => game.book.add(message));
  const slug = doc.querySelector("[data-live-page]").dataset.slug;
  const join = mountJoin(doc.querySelector("[data-join]"), game, handlers, slug);
  pageRoom.onClose(join.disconnected);
  const parts = [
    mountPresence(doc.querySelector("[data-presence]"), game, handlers),
    mountPredictions(doc.querySelector("[data-tray]"), doc.querySelector("[data-results-panel]"), game, handlers),
    mountLeaderboard(doc.querySelector("[data-leaderboard]"), game),
  ];
  onView((view) => {
    game.offset = view.offset; // the server's clock, for the countdown of a reserved name
    for (const part of parts) part.update(view);
  });
}

if (document.querySelector("[data-join]")) mountGame(document);
