// The lobby's feed rows: live score, clock and state, re-read from each fixture's state.
// The lobby holds no socket per row: the poller changes a fixture at most once a minute.
import { fetchJSON } from "../clock.js";
import { setText } from "../dom.js";

const REFRESH_MS = 30_000;

async function refresh(card) {
  const { snapshot } = await fetchJSON(`/api/matches/${encodeURIComponent(card.dataset.fixture)}/state`);
  if (!snapshot?.state) return;
  setText(card.querySelector("[data-lobby-status]"), snapshot.state.name);
  setText(card.querySelector("[data-lobby-score]"), `${snapshot.scores.home}–${snapshot.scores.away}`);
  setText(card.querySelector("[data-lobby-clock]"), snapshot.elapsed?.display ?? "");
  card.dataset.state = snapshot.state.code;
}

const cards = [...document.querySelectorAll('[data-kind="feed"]')];
const refreshAll = () => cards.forEach((card) => refresh(card).catch(() => {})); // a row keeps its text on failure
if (cards.length) setInterval(refreshAll, REFRESH_MS);
