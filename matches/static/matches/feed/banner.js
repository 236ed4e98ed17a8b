// The status banner: the match's state, headlined when it has just moved. The server names the
// state (matches/feed/states.py): `headline` is what to say on a move, `category` its kind.
import { setText } from "/static/rally/dom.js";

export function mountBanner(root) {
  return { update: (view) => paint(root, view) };
}

function paint(root, view) {
  const code = view.state?.code ?? "";
  root.dataset.state = code;
  root.dataset.category = view.state?.category ?? "";
  root.dataset.changed = view.statusChange ? "true" : "false";
  const headline = view.statusChange ? view.state.headline ?? view.state.name : view.state?.name ?? "";
  setText(root.querySelector("[data-banner-text]"), headline);
  setText(root.querySelector("[data-banner-score]"), bannerScore(view));
}

function bannerScore(view) {
  if (!view.state) return "";
  const { home, away } = view.teams;
  const pens = view.shootout ? ` (pens ${view.shootout.home}–${view.shootout.away})` : "";
  return `${home.code} ${view.scores.home}–${view.scores.away} ${away.code}${pens}`;
}
