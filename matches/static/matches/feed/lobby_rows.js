// The lobby's feed rows: live score, clock and state, re-read from each fixture's state.
// The lobby holds no socket per row: the poller changes a fixture at most once a minute.
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { setText } from "/static/rally/dom.js";

const REFRESH_MS = 30_000;

async function refresh(card) {
  const { snapshot } = await fetchJSON(apiUrls.state(card.dataset.fixture));
  if (!snapshot?.state) return;
  setText(card.querySelector("[data-lobby-status]"), snapshot.state.name);
  setText(card.querySelector("[data-lobby-score]"), `${snapshot.scores.home}–${snapshot.scores.away}`);
  setText(card.querySelector("[data-lobby-clock]"), snapshot.elapsed?.display ?? "");
  card.dataset.state = snapshot.state.code;
}

const cards = [...document.querySelectorAll('[data-kind="feed"]')];
const refreshAll = () => cards.forEach((card) => refresh(card).catch(() => {})); // a row keeps its text on failure
if (cards.length) setInterval(refreshAll, REFRESH_MS);
