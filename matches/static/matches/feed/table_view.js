// A league table as it stands, painted in place (the server renders the same structure:
// matches/_league_table.html): rows are moved, never added or removed, so a goal elsewhere
// reorders the table without moving the page.
import { element } from "/static/rally/dom.js";

export function paintTable(table, rows, zones, highlight = []) {
  const body = table.tBodies[0];
  const labels = Object.fromEntries((zones ?? []).map((zone) => [zone.key, zone.label]));
  const existing = new Map([...body.rows].map((tr) => [tr.dataset.team, tr]));
  const key = JSON.stringify(rows);
  if (table.dataset.key === key) return;
  table.dataset.key = key;
  body.replaceChildren(...rows.map((row) => paintRow(existing.get(row.team) ?? element("tr", "lt-row"), row, labels, highlight)));
}

function paintRow(tr, row, labels, highlight) {
  tr.dataset.team = row.team;
  tr.dataset.zone = row.zone ?? "";
  tr.toggleAttribute("data-highlight", highlight.includes(row.team));
  const position = element("td", "lt-pos", String(row.position));
  if (row.shared) position.append("=", element("span", "sr-only", " (shared)"));
  if (labels[row.zone]) position.append(element("span", "sr-only", `, ${labels[row.zone]}`));
  const team = element("th", "lt-team");
  team.scope = "row";
  const [arrow, ...words] = movement(row.moved);
  team.append(arrow, element("span", "lt-name", row.team), ...words); // the arrow floats right
  if (row.playing) {
    const { scored, conceded, opponent, finished } = row.playing;
    const live = element("span", "lt-live", `${scored}–${conceded} v ${opponent}${finished ? " · FT" : ""}`);
    live.dataset.finished = String(finished);
    team.append(live);
  }
  const difference = row.goal_difference > 0 ? `+${row.goal_difference}` : String(row.goal_difference);
  tr.replaceChildren(position, team, element("td", "lt-num", String(row.played)),
    element("td", "lt-num", difference), element("td", "lt-num lt-pts", String(row.points)));
  return tr;
}

// The arrow (seen, floated right) and the words (heard, after the name).
function movement(moved) {
  const arrow = element("span", "lt-move", moved ? `${moved > 0 ? "▲" : "▼"}${Math.abs(moved)}` : "");
  arrow.dataset.moved = String(moved);
  arrow.setAttribute("aria-hidden", "true");
  const words = moved ? [element("span", "sr-only", `, ${moved > 0 ? "up" : "down"} ${Math.abs(moved)}`)] : [];
  return [arrow, ...words];
}

export function paintHeadlines(list, headlines) {
  const key = headlines.join("|");
  if (list.dataset.key === key) return false;
  list.dataset.key = key;
  list.replaceChildren(...headlines.map((line) => element("li", undefined, line)));
  return true;
}
