// The lobby's replay card shows the score and clock every visitor sees right now,
// derived like the live page does from the anchor and the frozen stream.
import { formatCountdown, sharedNow } from "/static/rally/clock.js";
import { setText } from "/static/rally/dom.js";
import { foldState, replayClock } from "./engine.js";
import { loadReplay } from "./replay/load.js";

const REPAINT_MS = 1000;

async function showReplay(card) {
  const replay = await loadReplay(card.dataset.fixture);
  const { teams } = replay;
  const repaint = () => {
    const now = sharedNow(replay.offset);
    const clock = replayClock(replay.anchor, now);
    const game = foldState(replay.events, clock.sequence, teams);
    const tipoff = `tip-off in ${formatCountdown(clock.nextTipoffMs - now)}`;
    card.dataset.phase = clock.phase;
    setText(card.querySelector("[data-lobby-score]"),
      clock.phase === "PRE_MATCH" ? "v" : `${game.score[teams.home]}–${game.score[teams.away]}`);
    setText(card.querySelector("[data-lobby-clock]"), {
      LIVE: `Loop #${clock.loop} · Q${game.quarter} ${game.clock}`,
      POST_MATCH: `Loop #${clock.loop} · Full time · loop #${clock.loop + 1} ${tipoff}`,
      PRE_MATCH: `Loop #${clock.loop + 1} · ${tipoff}`,
    }[clock.phase]);
  };
  repaint();
  setInterval(repaint, REPAINT_MS);
}

for (const card of document.querySelectorAll('[data-kind="replay"]')) {
  showReplay(card).catch(() => {}); // the card keeps its static text when the replay is not ready
}
