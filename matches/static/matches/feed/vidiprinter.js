// The vidiprinter: the match's key events, oldest first, stoppage time in place,
// each coloured by kind (goal amber, red card red, VAR blue, penalties green and orange).
import { element } from "/static/rally/dom.js";
import { minuteLabel, shownEvents } from "./model.js";

const LABELS = {
  goal: "GOAL",
  red_card: "RED CARD",
  var: "VAR",
  penalty_scored: "PENALTY SCORED",
  penalty_missed: "PENALTY MISSED",
};

export function mountVidiprinter(list) {
  return { update: (view) => paint(list, view) };
}

function paint(list, view) {
  const events = shownEvents(view.events);
  const key = events.map((event) => `${event.id}:${event.result ?? ""}`).join("|");
  if (list.dataset.key === key) return; // unchanged: keep the DOM (and any selection) as it is
  list.dataset.key = key;
  list.replaceChildren(...events.map((event) => line(event, view.teams)));
  list.closest("[data-vidiprinter-panel]")?.toggleAttribute("data-empty", events.length === 0);
}

function line(event, teams) {
  const item = element("li", `vp-line vp-${event.kind}`);
  Object.assign(item.dataset, { kind: event.kind, minute: minuteLabel(event), team: event.team ?? "" });
  item.append(
    element("span", "vp-minute", minuteLabel(event)),
    element("span", "vp-kind", LABELS[event.kind]),
    element("span", "vp-team", event.team ? teams[event.team].code : ""),
    element("span", "vp-player", event.player ?? ""), // textContent: feed data never becomes markup
    element("span", "vp-result", event.result ?? ""),
  );
  return item;
}
