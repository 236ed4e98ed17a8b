// The replay page's controller. It syncs the clock once, loads the frozen stream, and then
// repaints every part from the shared clock: the timer owns no state, it only repaints.
// The game and the presenter mount themselves from their own templates and follow each
// repaint through the page core (static/rally/page.js).
import { sharedNow } from "/static/rally/clock.js";
import { addHandler } from "/static/rally/socket.js";
import { element, setText } from "/static/rally/dom.js";
import { connectPageRoom, publishView } from "/static/rally/page.js";
import { trackScoreBug } from "/static/rally/score_bug.js";
import { foldState, replayClock } from "../engine.js";
import { mountScoreboard } from "./scoreboard.js";
import { mountIntermission } from "./intermission.js";
import { mountPlayByPlay } from "./playbyplay.js";
import { mountAnnouncer } from "./announcer.js";
import { loadReplay } from "./load.js";

const REPAINT_MS = 200;

async function start(page) {
  trackScoreBug();
  const slug = page.dataset.slug;
  const game = await loadReplay(slug);

  const parts = [
    mountScoreboard(page.querySelector("[data-scoreboard]")),
    mountIntermission(page.querySelector("[data-intermission]")),
    mountPlayByPlay(page.querySelector("[data-play-by-play]")),
    mountAnnouncer(page.querySelector("[data-announcer]")),
    { update: (view) => setText(page.querySelector("[data-loop-number]"), shownLoop(view.clock)) },
    { update: publishView },
  ];

  const handlers = {};
  // The server may re-anchor the replay (an operator reset); adopt the anchor it says.
  addHandler(handlers, "hello", (message) => { if (message.anchor) game.anchor = message.anchor; });
  connectPageRoom(slug, handlers);

  const repaint = () => {
    const now = sharedNow(game.offset);
    const clock = replayClock(game.anchor, now);
    const view = { ...game, now, clock, state: foldState(game.events, clock.sequence, game.teams) };
    for (const part of parts) part.update(view);
  };
  repaint();
  setInterval(repaint, REPAINT_MS);
  page.dataset.ready = "true";
}

// Before the tip-off the page speaks of the loop about to start.
function shownLoop(clock) {
  return clock.phase === "PRE_MATCH" ? clock.loop + 1 : clock.loop;
}

start(document.querySelector("[data-live-page]")).catch((error) => {
  const banner = element("p", "page-error", `The replay could not start: ${error.message}. Reload to try again.`);
  banner.setAttribute("role", "alert");
  document.querySelector("main").prepend(banner);
});
