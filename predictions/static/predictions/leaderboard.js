// The leaderboard: on the replay the engine's standings over the relayed picks and the bots,
// exactly as the server derives GET …/standings; on a feed fixture the server's own
// …/standings (the fixture's rules say which).
import { element, setText } from "/static/rally/dom.js";

export function mountLeaderboard(root, game) {
  const body = root.querySelector("[data-leaderboard-rows]");
  let shown = null;

  return {
    update(view) {
      const loop = game.rules.loop(view);
      const rows = game.rules.standings(view, game);
      const myName = game.me.joined ? game.me.name : null;
      const key = JSON.stringify([loop, rows, myName]);
      if (key === shown) return;
      shown = key;
      setText(root.closest("section").querySelector("[data-leaderboard-loop]"), loop);
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
