// The leaderboard of the loop: the engine's standings over the relayed picks and the bots,
// exactly as the server derives GET …/standings.
import { standings } from "../engine.js";
import { setText } from "../dom.js";

export function mountLeaderboard(root, game) {
  const body = root.querySelector("[data-leaderboard-rows]");
  let shown = null;

  return ({ clock, events, predictions }) => {
    const rows = standings(clock.cycleIndex, game.book.picks(clock.loop), events, predictions, clock.sequence);
    const myName = game.me.joined ? game.me.name : null;
    const key = JSON.stringify([clock.loop, rows, myName]);
    if (key === shown) return;
    shown = key;
    setText(root.closest("section").querySelector("[data-leaderboard-loop]"), clock.loop);
    body.replaceChildren(...rows.map((row) => rowOf(row, row.bot === null && row.name === myName)));
  };
}

function rowOf(row, isMe) {
  const tr = document.createElement("tr");
  Object.assign(tr.dataset, { name: row.name, points: row.points, rank: row.rank, bot: row.bot ?? "" });
  if (isMe) tr.className = "me";
  const rank = document.createElement("td");
  rank.textContent = row.rank;
  const name = document.createElement("th");
  name.scope = "row";
  name.textContent = row.name; // a nickname is text, never markup
  if (row.bot) name.append(badge("CPU"));
  if (isMe) name.append(badge("you"));
  const points = document.createElement("td");
  points.className = "points";
  points.textContent = row.points;
  tr.append(rank, name, points);
  return tr;
}

function badge(text) {
  const span = document.createElement("span");
  span.className = "row-badge";
  span.textContent = text;
  return span;
}
