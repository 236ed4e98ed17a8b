// The scoreboard: teams, score, quarter, game clock and the lead bar. Its data-* attributes
// mirror what a person sees, so tests read the same state.
import { setText } from "/static/rally/dom.js";

const PHASE_LABELS = { LIVE: "Live", POST_MATCH: "Full time", PRE_MATCH: "Pre-match" };
const LEAD_BAR_SPAN = 20; // a 20-point lead fills half the bar

export function mountScoreboard(root) {
  return { update: (view) => paint(root, view) };
}

function paint(root, { clock, state, teams, names }) {
  const home = state.score[teams.home];
  const away = state.score[teams.away];
  Object.assign(root.dataset, {
    loop: clock.loop,
    sequence: clock.sequence,
    phase: clock.phase,
    homeScore: home,
    awayScore: away,
  });
  setText(root.querySelector('[data-score="home"]'), home);
  setText(root.querySelector('[data-score="away"]'), away);
  setText(root.querySelector("[data-quarter]"), clock.phase === "LIVE" ? `Q${state.quarter}` : "Final");
  setText(root.querySelector("[data-clock]"), clock.phase === "LIVE" ? state.clock : "00:00");
  setText(root.querySelector("[data-phase-badge]"), PHASE_LABELS[clock.phase]);
  paintLeadBar(root.querySelector("[data-lead-bar]"), home - away, names);
}

function paintLeadBar(bar, margin, names) {
  const share = Math.max(-1, Math.min(1, margin / LEAD_BAR_SPAN));
  bar.style.setProperty("--lead", share.toFixed(3));
  bar.dataset.leader = margin > 0 ? "home" : margin < 0 ? "away" : "level";
  const label = margin === 0 ? "Level" : `${margin > 0 ? names.home : names.away} lead by ${Math.abs(margin)}`;
  bar.setAttribute("aria-label", label);
}
