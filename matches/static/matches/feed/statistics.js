// Team statistics as paired bars (possession, shots, corners, cards…), when the feed has them.
import { element } from "/static/rally/dom.js";

const NAMES = {
  possession: "Possession", shots: "Shots", shots_on_target: "Shots on target", corners: "Corners",
  fouls: "Fouls", offsides: "Offsides", yellow_cards: "Yellow cards", red_cards: "Red cards",
};

export function mountStatistics(panel) {
  return { update: (view) => paint(panel, view) };
}

function paint(panel, view) {
  const key = JSON.stringify(view.statistics);
  if (panel.dataset.key === key) return;
  panel.dataset.key = key;
  panel.hidden = view.statistics.length === 0;
  panel.querySelector("[data-statistics]").replaceChildren(...view.statistics.map(row));
}

function row(stat) {
  const suffix = stat.key === "possession" ? "%" : "";
  const home = stat.home ?? 0;
  const away = stat.away ?? 0;
  const share = home + away ? (home / (home + away)) * 100 : 50;
  const item = element("li", "st-row");
  item.dataset.stat = stat.key;
  const bar = element("span", "st-bar");
  bar.style.setProperty("--home-share", `${share.toFixed(1)}%`);
  item.append(
    element("span", "st-home", `${stat.home ?? "–"}${stat.home == null ? "" : suffix}`),
    element("span", "st-name", NAMES[stat.key] ?? stat.key),
    element("span", "st-away", `${stat.away ?? "–"}${stat.away == null ? "" : suffix}`),
    bar,
  );
  return item;
}
