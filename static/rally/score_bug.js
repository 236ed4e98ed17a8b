// The score bug (`[data-score-bug]`) sticks to the top of the view; what else sticks (the game's
// dock on a desk) stays below it by its height, kept in `--score-bug-height`.
export function trackScoreBug(doc = document) {
  const bug = doc.querySelector("[data-score-bug]");
  if (!bug) return;
  const root = doc.documentElement;
  new ResizeObserver(() => root.style.setProperty("--score-bug-height", `${bug.offsetHeight}px`)).observe(bug);
}
