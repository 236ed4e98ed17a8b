// The score bug: teams, score, the server's match clock and the state. Its data-* attributes
// mirror what a person sees, so tests read the same state.
import { setText } from "/static/rally/dom.js";

export function mountScoreboard(root) {
  return { update: (view) => paint(root, view) };
}

function paint(root, view) {
  const display = view.elapsed?.display ?? "";
  Object.assign(root.dataset, {
    homeScore: view.scores.home,
    awayScore: view.scores.away,
    elapsed: display,
    state: view.state?.code ?? "",
  });
  setText(root.querySelector('[data-score="home"]'), view.scores.home);
  setText(root.querySelector('[data-score="away"]'), view.scores.away);
  setText(root.querySelector("[data-elapsed]"), display || "–");
  setText(root.querySelector("[data-state-name]"), view.state?.name ?? "Waiting for the feed");
}
