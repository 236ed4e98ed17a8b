// The leaderboard of the loop: the engine's standings over the relayed picks and the bots,
// exactly as the server derives GET …/standings.
import { element, setText } from "/static/rally/dom.js";
import { standings } from "./engine.js";

export function mountLeaderboard(root, game) {
  const body = root.querySelector("[data-leaderboard-rows]");
  let shown = null;

  return {
    update({ clock, events, predictions }) {
      const rows = standings(clock.cycleIndex, game.book.picks(clock.loop), events, predictions, clock.sequence);
      const myName = game.me.joined ? game.me.name : null;
      const key = JSON.stringify([clock.loop, rows, myName]);
      if (key === shown) return;
      shown = key;
      setText(root.closest("section").querySelector("[data-leaderboard-loop]"), clock.loop);
      body.replaceChildren(...rows.map((row) => rowOf(row, row.bot === null && row.name === myName)));
    },
  };
}

function rowOf(row, isMe) {
  const tr = element("tr", isMe ? "me" : "");
  Object.assign(tr.dataset, { name: row.name, points: row.points, rank: row.rank, bot: row.bot ?? "" });
  const name = element("th", "", row.name); // a nickname is text, never markup
  name.scope = "row";
  if (row.bot) name.append(element("span", "row-badge", "CPU"));
  if (isMe) name.append(element("span", "row-badge", "you"));
  tr.append(element("td", "", row.rank), name, element("td", "points", row.points));
  return tr;
}
