// Line-ups side by side: the starting elevens, then the substitutes; who came on or went off,
// and when, read from the match's substitution events.
import { element } from "/static/rally/dom.js";
import { minuteLabel } from "./model.js";

export function mountLineups(panel) {
  return { update: (view) => paint(panel, view) };
}

function paint(panel, view) {
  const substitutions = view.events.filter((event) => event.type === "substitution");
  const key = JSON.stringify([view.lineups, substitutions.map((event) => event.id)]);
  if (panel.dataset.key === key) return;
  panel.dataset.key = key;
  const has = view.lineups.home.length + view.lineups.away.length > 0;
  panel.hidden = !has;
  if (!has) return;
  const moves = new Map();
  for (const event of substitutions) {
    moves.set(event.player, `↑ ${minuteLabel(event)}`);
    if (event.related_player) moves.set(event.related_player, `↓ ${minuteLabel(event)}`);
  }
  panel.querySelector("[data-lineup-columns]").replaceChildren(
    ...["home", "away"].map((side) => column(side, view.teams[side], view.lineups[side], moves)));
}

function column(side, team, players, moves) {
  const box = element("div", `lu-team lu-${side}`);
  box.dataset.side = side;
  box.append(element("h3", "lu-name", team.name));
  for (const role of ["starting", "bench"]) {
    const names = players.filter((player) => player.role === role);
    if (!names.length) continue;
    if (role === "bench") box.append(element("h4", "lu-bench", "Substitutes"));
    const list = element("ol", `lu-list lu-role-${role}`);
    list.append(...names.map((player) => {
      const item = element("li", "lu-player");
      item.dataset.player = player.name;
      if (player.number != null) item.append(element("span", "lu-number", String(player.number)));
      item.append(element("span", "lu-player-name", player.name));
      if (moves.has(player.name)) item.append(element("span", "lu-move", moves.get(player.name)));
      return item;
    }));
    box.append(list);
  }
  return box;
}
