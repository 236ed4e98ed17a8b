// The scoreboard: teams, score, quarter, game clock and the lead bar. Its data-* attributes
// mirror what a person sees, so tests read the same state.
import { formatCountdown } from "/static/rally/clock.js";
import { setText } from "/static/rally/dom.js";

// A 2019 game replayed is never "live" (matches/replay_board.py renders the same first).
const PHASE_LABELS = { LIVE: "Replay", POST_MATCH: "Full time" };
const LEAD_BAR_SPAN = 20; // a 20-point lead fills half the bar

export function mountScoreboard(root) {
  return { update: (view) => paint(root, view) };
}

// Before the tip-off the board shows the coming game (0–0, Q1 10:00) and counts down to it,
// so it never reads "Final" and "Pre-match" at once.
function paint(root, { clock, state, teams, names, now }) {
  const upcoming = clock.phase === "PRE_MATCH";
  const home = upcoming ? 0 : state.score[teams.home];
  const away = upcoming ? 0 : state.score[teams.away];
  Object.assign(root.dataset, {
    loop: clock.loop,
    sequence: clock.sequence,
    phase: clock.phase,
    homeScore: home,
    awayScore: away,
  });
  setText(root.querySelector('[data-score="home"]'), home);
  setText(root.querySelector('[data-score="away"]'), away);
  setText(root.querySelector("[data-quarter]"), { LIVE: `Q${state.quarter}`, POST_MATCH: "Final", PRE_MATCH: "Q1" }[clock.phase]);
  setText(root.querySelector("[data-clock]"), { LIVE: state.clock, POST_MATCH: `${home}–${away}`, PRE_MATCH: "10:00" }[clock.phase]);
  setText(root.querySelector("[data-phase-badge]"),
    upcoming ? `Tip-off in ${formatCountdown(clock.nextTipoffMs - now)}` : PHASE_LABELS[clock.phase]);
  paintLeadBar(root.querySelector("[data-lead-bar]"), home - away, names);
}

function paintLeadBar(bar, margin, names) {
  const share = Math.max(-1, Math.min(1, margin / LEAD_BAR_SPAN));
  bar.style.setProperty("--lead", share.toFixed(3));
  bar.dataset.leader = margin > 0 ? "home" : margin < 0 ? "away" : "level";
  const label = margin === 0 ? "Level" : `${margin > 0 ? names.home : names.away} lead by ${Math.abs(margin)}`;
  bar.setAttribute("aria-label", label);
}
