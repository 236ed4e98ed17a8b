// Between loops: the final score (post-match), then a countdown to the next tip-off (pre-match),
// in one line of the score bug, where the replay's label stands during play.
import { formatCountdown } from "/static/rally/clock.js";
import { setText } from "/static/rally/dom.js";

export function mountIntermission(root) {
  return { update: (view) => paint(root, view) };
}

function paint(root, { clock, state, teams, names, now }) {
  const between = clock.phase !== "LIVE";
  root.hidden = !between;
  if (!between) return;
  const home = state.score[teams.home];
  const away = state.score[teams.away];
  const winner = home === away ? null : home > away ? names.home : names.away;
  root.dataset.phase = clock.phase;
  setText(root.querySelector("[data-intermission-title]"),
    clock.phase === "POST_MATCH" ? `Full time · ${winner ? `${winner} win` : "Level"} ·` : `Loop #${clock.loop + 1} is next ·`);
  const final = `${names.home} ${home} – ${away} ${names.away}`;
  setText(root.querySelector("[data-intermission-score]"), clock.phase === "POST_MATCH" ? `${final} ·` : `Last loop: ${final} ·`);
  setText(root.querySelector("[data-intermission-next]"), `Tip-off in ${formatCountdown(clock.nextTipoffMs - now)}`);
}
