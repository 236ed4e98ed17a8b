// The score bug: teams, score, the match clock and the state. Its data-* attributes mirror
// what a person sees, so tests read the same state. The clock is repainted every second
// (`tick`) from the server's clock facts; everything else when the server sends something.
import { setText } from "/static/rally/dom.js";
import { clockDisplay } from "./clock.js";

export function mountScoreboard(root) {
  let shown = null;
  const paintClock = (now) => {
    if (!shown) return;
    const display = clockDisplay(shown, now);
    root.dataset.elapsed = display;
    setText(root.querySelector("[data-elapsed]"), display || "–");
  };
  return {
    update(view, now) {
      shown = view;
      paint(root, view);
      paintClock(now);
    },
    tick: paintClock,
  };
}

function paint(root, view) {
  Object.assign(root.dataset, {
    homeScore: view.scores.home,
    awayScore: view.scores.away,
    state: view.state?.code ?? "",
    shootout: view.shootout ? `${view.shootout.home}-${view.shootout.away}` : "",
  });
  setText(root.querySelector('[data-score="home"]'), view.scores.home);
  setText(root.querySelector('[data-score="away"]'), view.scores.away);
  setText(root.querySelector("[data-state-name]"), view.state?.name ?? "Waiting for the feed");
  const shootout = root.querySelector("[data-shootout-score]");
  shootout.hidden = !view.shootout;
  setText(shootout, shootoutText(view));
}

// "Penalties 4–3": the shoot-out's kicks scored, home first, beside the score after extra time.
export function shootoutText(view) {
  return view.shootout ? `Penalties ${view.shootout.home}–${view.shootout.away}` : "";
}
