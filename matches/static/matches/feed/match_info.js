// The line under the banner: competition, venue and kick-off in the fan's own time zone,
// and the "RECORDED · 13 MAY 2012" label of a replayed match (also in the banner).
import { setText } from "/static/rally/dom.js";
import { localKickoff } from "./clock.js";

export function mountMatchInfo(page) {
  return { update: (view) => paint(page, view) };
}

function paint(page, view) {
  const info = page.querySelector("[data-match-info]");
  setText(info.querySelector("[data-competition]"), view.competition ?? "");
  setText(info.querySelector("[data-venue]"), view.venue ?? "");
  const kickoff = localKickoff(view.startingAt);
  setText(info.querySelector("[data-kickoff]"), kickoff ? `Kick-off ${kickoff}` : "");
  for (const label of page.querySelectorAll("[data-recorded]")) setText(label, view.recorded?.label ?? "");
  page.toggleAttribute("data-recorded-match", Boolean(view.recorded));
  const illustrative = new Set(view.recorded?.illustrative ?? []);
  for (const note of page.querySelectorAll("[data-illustrative]")) note.hidden = !illustrative.has(note.dataset.illustrative);
}
