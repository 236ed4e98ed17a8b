// The lobby's replay card shows the score and clock every visitor sees right now,
// derived like the live page does from the anchor and the frozen stream.
import { foldState, replayClock } from "./engine.js";
import { fetchJSON, sharedNow, syncState } from "./clock.js";
import { setText } from "./dom.js";

const REPAINT_MS = 1000;

async function showReplay(card) {
  const slug = card.dataset.fixture;
  const [{ state, offset }, stream] = await Promise.all([
    syncState(slug),
    fetchJSON(`/api/matches/${encodeURIComponent(slug)}/events`),
  ]);
  const repaint = () => {
    const clock = replayClock(state.anchor, sharedNow(offset));
    const game = foldState(stream.events, clock.sequence, stream.teams);
    setText(card.querySelector("[data-lobby-score]"), `${game.score[stream.teams.home]}–${game.score[stream.teams.away]}`);
    setText(card.querySelector("[data-lobby-clock]"),
      clock.phase === "LIVE" ? `Loop #${clock.loop} · Q${game.quarter} ${game.clock}` : `Loop #${clock.loop} · between loops`);
  };
  repaint();
  setInterval(repaint, REPAINT_MS);
}

for (const card of document.querySelectorAll('[data-kind="replay"]')) {
  showReplay(card).catch(() => {}); // the card keeps its static text when the replay is not ready
}
