// The lobby's feed rows: live score, state, the recorded label and a clock that runs every
// second from the server's clock facts; the state itself is re-read every 30 s (the lobby
// holds no socket per row: the poller changes a fixture at most once a minute).
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { sharedNow } from "/static/rally/clock.js";
import { setText } from "/static/rally/dom.js";
import { clockDisplay } from "./clock.js";

const REFRESH_MS = 30_000;
const TICK_MS = 1_000;
const rows = new Map(); // card → { view, offset }

async function refresh(card) {
  const sentAt = Date.now();
  const { snapshot, serverNow } = await fetchJSON(apiUrls.state(card.dataset.fixture));
  if (!snapshot?.state) return;
  const offset = serverNow - Math.round((sentAt + Date.now()) / 2);
  const view = { state: snapshot.state, elapsed: snapshot.elapsed, clock: snapshot.clock, startingAt: snapshot.starting_at };
  rows.set(card, { view, offset });
  const recorded = card.querySelector("[data-lobby-recorded]");
  setText(recorded, snapshot.recorded?.label ?? "");
  recorded.hidden = !snapshot.recorded;
  const status = card.querySelector("[data-lobby-status]");
  setText(status, snapshot.state.name);
  status.classList.toggle("badge-live", !snapshot.recorded);
  status.classList.toggle("badge-state", Boolean(snapshot.recorded));
  setText(card.querySelector("[data-lobby-score]"), `${snapshot.scores.home}–${snapshot.scores.away}`);
  card.dataset.state = snapshot.state.code;
  tick(card);
}

function tick(card) {
  const row = rows.get(card);
  if (row) setText(card.querySelector("[data-lobby-clock]"), clockDisplay(row.view, sharedNow(row.offset)));
}

const cards = [...document.querySelectorAll('[data-kind="feed"]')];
const refreshAll = () => cards.forEach((card) => refresh(card).catch(() => {})); // a row keeps its text on failure
if (cards.length) {
  refreshAll();
  setInterval(refreshAll, REFRESH_MS);
  setInterval(() => cards.forEach(tick), TICK_MS);
}
