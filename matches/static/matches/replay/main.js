// The replay page's controller. It syncs the clock once, loads the frozen stream, and then
// repaints every part from the shared clock: the timer owns no state, it only repaints.
import { foldState, replayClock } from "../engine.js";
import { sharedNow } from "../clock.js";
import { addHandler, connectRoom } from "../socket.js";
import { setText } from "../dom.js";
import { renderScoreboard } from "./scoreboard.js";
import { renderIntermission } from "./intermission.js";
import { createPlayByPlay } from "./playbyplay.js";
import { createAnnouncer } from "./announcer.js";
import { loadReplay } from "./load.js";
import { mountPresenter } from "../presenter.js";
import { mountGame } from "./game.js";

const REPAINT_MS = 200;

async function start(page) {
  const slug = page.dataset.slug;
  const game = await loadReplay(slug);

  const parts = [
    (view) => renderScoreboard(page.querySelector("[data-scoreboard]"), view),
    (view) => renderIntermission(page.querySelector("[data-intermission]"), view),
    createPlayByPlayPart(page),
    createAnnouncer(page.querySelector("[data-announcer]")),
    (view) => setText(page.querySelector("[data-loop-number]"), view.clock.loop),
  ];

  const handlers = {};
  // The server may re-anchor the replay (an operator reset); adopt the anchor it says.
  addHandler(handlers, "hello", (message) => { if (message.anchor) game.anchor = message.anchor; });
  mountPresenter(page.querySelector("[data-presenter]"), handlers);
  const played = mountGame(page, game, handlers);
  parts.push(...played.parts);
  game.room = connectRoom(slug, handlers, { onClose: played.disconnected });

  const repaint = () => {
    const now = sharedNow(game.offset);
    const clock = replayClock(game.anchor, now);
    const view = { ...game, now, clock, state: foldState(game.events, clock.sequence, game.teams) };
    for (const part of parts) part(view);
  };
  repaint();
  setInterval(repaint, REPAINT_MS);
  page.dataset.ready = "true";
}

function createPlayByPlayPart(page) {
  const render = createPlayByPlay(page.querySelector("[data-play-by-play]"));
  return (view) => render(view.events, view.clock.loop, view.clock.sequence);
}

start(document.querySelector("[data-live-page]")).catch((error) => {
  const banner = document.createElement("p");
  banner.className = "page-error";
  banner.setAttribute("role", "alert");
  banner.textContent = `The replay could not start: ${error.message}. Reload to try again.`;
  document.querySelector("main").prepend(banner);
});
