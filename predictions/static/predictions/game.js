// The game on a match page: join, who is watching, the tray of open questions, the results,
// the leaderboard. Its template includes this module, which mounts every panel on the page's
// room and repaints them with each view the page publishes (static/rally/page.js): the
// replay's, by the replay's rules, or a football fixture's, by the feed's (`data-game`).
import { onView, pageHandlers, pageRoom } from "/static/rally/page.js";
import { addHandler } from "/static/rally/socket.js";
import { createPickBook } from "./picks.js";
import { mountJoin } from "./join.js";
import { mountPresence } from "./presence.js";
import { mountPredictions } from "./predictions.js";
import { mountLeaderboard } from "./leaderboard.js";
import { createReplayRules } from "./replay_rules.js";
import { createLiveRules } from "./live_rules.js";

function mountGame(doc) {
  const handlers = pageHandlers;
  const game = { me: { name: null, joined: false }, book: createPickBook(), room: pageRoom };
  addHandler(handlers, "hello", (message) => game.book.greet(message));
  addHandler(handlers, "welcome", (message) => game.book.greet(message));
  addHandler(handlers, "pick", (message) => game.book.addMine(message)); // only the fan's own come
  addHandler(handlers, "tally", (message) => game.book.addTally(message));
  addHandler(handlers, "standings", (message) => game.book.addStandings(message));
  const slug = doc.querySelector("[data-live-page]").dataset.slug;
  const feed = doc.querySelector("[data-join]").dataset.game === "feed";
  game.rules = feed ? createLiveRules(slug, game, handlers) : createReplayRules(game);
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
