// The vidiprinter: the match's key events, oldest first, stoppage time in place,
// each coloured by kind (goal amber, red card red, VAR blue, penalties green and orange). A VAR
// event says what was decided ("Goal Disallowed"); a card the referee rescinded stays, struck
// through and marked rescinded; shoot-out kicks are shoot-out kicks, never goals.
import { element } from "/static/rally/dom.js";
import { minuteLabel, shownEvents } from "./model.js";

const LABELS = {
  goal: "GOAL",
  red_card: "RED CARD",
  var: "VAR",
  penalty_scored: "PENALTY SCORED",
  penalty_missed: "PENALTY MISSED",
  shootout_scored: "SHOOT-OUT ✓",
  shootout_missed: "SHOOT-OUT ✗",
  card_rescinded: "CARD",
};
const CARDS = { yellow_card: "YELLOW CARD", red_card: "RED CARD", second_yellow: "RED CARD" };

export function mountVidiprinter(list) {
  return { update: (view) => paint(list, view) };
}

function paint(list, view) {
  const events = shownEvents(view.events);
  const key = events.map((event) => `${event.id}:${event.kind}:${event.result ?? ""}:${event.detail ?? ""}`).join("|");
  if (list.dataset.key === key) return; // unchanged: keep the DOM (and any selection) as it is
  list.dataset.key = key;
  list.replaceChildren(...events.map((event) => line(event, view.teams)));
  list.closest("[data-vidiprinter-panel]")?.toggleAttribute("data-empty", events.length === 0);
}

function line(event, teams) {
  const item = element("li", `vp-line vp-${event.kind}`);
  Object.assign(item.dataset, { kind: event.kind, minute: minuteLabel(event), team: event.team ?? "" });
  const rescinded = event.kind === "card_rescinded";
  const kind = element("span", "vp-kind", rescinded ? CARDS[event.type] ?? LABELS.card_rescinded : LABELS[event.kind]);
  if (rescinded) {
    item.dataset.rescinded = "true";
    item.setAttribute("aria-label", `${minuteLabel(event)} ${kind.textContent.toLowerCase()} rescinded: ${event.player ?? ""}`);
  }
  item.append(
    element("span", "vp-minute", minuteLabel(event)),
    kind,
    element("span", "vp-team", event.team ? teams[event.team].code : ""),
    element("span", "vp-player", event.player ?? ""), // textContent: feed data never becomes markup
    element("span", "vp-result", rescinded ? "rescinded" : event.result ?? event.detail ?? ""),
  );
  if (event.detail) item.dataset.detail = event.detail;
  return item;
}
