// The whole match, minute by minute: goals, own goals, penalties, misses, VAR, cards and
// substitutions, home on the left and away on the right, with half time marked in place.
import { element } from "/static/rally/dom.js";
import { minuteLabel } from "./model.js";

const LABELS = {
  goal: "Goal", own_goal: "Own goal", penalty_scored: "Penalty", penalty_missed: "Penalty missed",
  var: "VAR", var_card: "VAR card", yellow_card: "Yellow card", second_yellow: "Second yellow", red_card: "Red card",
  substitution: "Substitution", shootout_scored: "Shoot-out: scored", shootout_missed: "Shoot-out: missed", other: "",
};

export function mountTimeline(list) {
  return { update: (view) => paint(list, view) };
}

function paint(list, view) {
  const events = view.events.filter((event) => (event.type ?? event.kind) !== "other");
  const key = events.map((event) => `${event.id}:${event.result ?? ""}:${event.type ?? ""}:${event.kind}:${event.detail ?? ""}`).join("|");
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  const rows = [];
  let halfTimeShown = false;
  let shootoutShown = false;
  for (const event of events) {
    if (!halfTimeShown && event.minute > 45) {
      rows.push(element("li", "tl-break", "Half time"));
      halfTimeShown = true;
    }
    if (!shootoutShown && event.type?.startsWith("shootout")) {
      rows.push(element("li", "tl-break", "Penalty shoot-out"));
      shootoutShown = true;
    }
    rows.push(line(event, view.teams));
  }
  list.replaceChildren(...rows);
  list.closest("[data-timeline-panel]")?.toggleAttribute("data-empty", events.length === 0);
}

function line(event, teams) {
  const type = event.type ?? event.kind;
  const rescinded = event.kind === "card_rescinded";
  const item = element("li", `tl-line tl-${type} tl-${event.team ?? "neutral"}${rescinded ? " tl-rescinded" : ""}`);
  Object.assign(item.dataset, { type, minute: minuteLabel(event), team: event.team ?? "" });
  if (rescinded) item.dataset.rescinded = "true";
  const who = element("span", "tl-who");
  if (type === "substitution") {
    who.append(element("span", "tl-in", `↑ ${event.player ?? "?"}`));
    if (event.related_player) who.append(element("span", "tl-out", `↓ ${event.related_player}`));
  } else {
    who.append(element("span", "tl-player", event.player ?? ""));
    if (event.related_player && type.includes("goal")) who.append(element("span", "tl-assist", `assist ${event.related_player}`));
  }
  item.append(
    element("span", "tl-minute", minuteLabel(event)),
    element("span", "tl-icon", ""),
    element("span", "tl-kind", `${LABELS[type] ?? type}${event.team ? ` · ${teams[event.team].code}` : ""}`),
    who,
    element("span", "tl-result", event.result ?? ""),
  );
  if (event.detail) who.append(element("span", "tl-detail", event.detail));
  if (rescinded) item.append(element("span", "tl-note", "rescinded"));
  return item;
}
