// The status banner: the match's state, headlined when it has just moved.
import { setText } from "/static/rally/dom.js";

const HEADLINES = {
  INPLAY_1ST_HALF: "Kick-off",
  HT: "Half time",
  INPLAY_2ND_HALF: "Second half under way",
  BREAK: "Break",
  INPLAY_ET: "Extra time",
  INPLAY_PENALTIES: "Penalty shoot-out",
  FT: "Full time",
  AET: "Full time after extra time",
  FT_PEN: "Full time after penalties",
};

export function mountBanner(root) {
  return { update: (view) => paint(root, view) };
}

function paint(root, view) {
  const code = view.state?.code ?? "";
  root.dataset.state = code;
  root.dataset.changed = view.statusChange ? "true" : "false";
  const headline = view.statusChange ? HEADLINES[code] ?? view.state.name : view.state?.name ?? "";
  setText(root.querySelector("[data-banner-text]"), headline);
  setText(root.querySelector("[data-banner-score]"), bannerScore(view));
}

function bannerScore(view) {
  if (!view.state) return "";
  const { home, away } = view.teams;
  return `${home.code} ${view.scores.home}–${view.scores.away} ${away.code}`;
}
