// The lobby's feed cards: live score, state, the recorded label and a clock that runs every
// second from the server's clock facts, all from the match day's one answer (day.js, every 3 s).
// A goal that arrives while the lobby is open flashes on its card ("GOAL · STK 1–2 BOL") in a
// line the card always keeps room for; the lobby's announcer says it with the teams' names.
import { sharedNow } from "/static/rally/clock.js";
import { setText } from "/static/rally/dom.js";
import { clockDisplay, localTime } from "./clock.js";
import { goalLine, watchDay } from "./day.js";

const TICK_MS = 1_000;
const FLASH_MS = 8_000;
const GOALS = ["goal", "penalty_scored"];
const cards = new Map([...document.querySelectorAll('[data-kind="feed"]')].map((card) => [card.dataset.fixture, card]));
const rows = new Map(); // card → { view, offset }
const goalsSeen = new Map(); // slug → ids of goals already shown

function show(card, fixture, offset) {
  rows.set(card, { view: { state: fixture.state, elapsed: fixture.elapsed, clock: fixture.clock, startingAt: fixture.starting_at }, offset });
  const recorded = card.querySelector("[data-lobby-recorded]");
  setText(recorded, fixture.recorded ?? "");
  recorded.hidden = !fixture.recorded;
  const status = card.querySelector("[data-lobby-status]");
  setText(status, fixture.state?.name ?? "Scheduled");
  status.classList.toggle("badge-live", !fixture.recorded);
  status.classList.toggle("badge-state", Boolean(fixture.recorded));
  setText(card.querySelector("[data-lobby-score]"), `${fixture.scores.home}–${fixture.scores.away}`);
  card.dataset.state = fixture.state?.code ?? "";
  flashNewGoals(card, fixture);
  tick(card);
}

function flashNewGoals(card, fixture) {
  const ids = fixture.events.filter((event) => GOALS.includes(event.kind)).map((event) => event.id);
  const seen = goalsSeen.get(fixture.slug);
  goalsSeen.set(fixture.slug, new Set(ids));
  if (!seen || ids.every((id) => seen.has(id))) return; // the first look is not news
  const flash = card.querySelector("[data-goal-flash]");
  setText(flash, goalLine(fixture, true)); // one line: the card keeps its height
  card.dataset.flash = "true";
  clearTimeout(card.flashTimer);
  card.flashTimer = setTimeout(() => { delete card.dataset.flash; setText(flash, ""); }, FLASH_MS);
}

function tick(card) {
  const row = rows.get(card);
  if (row) setText(card.querySelector("[data-lobby-clock]"), clockDisplay(row.view, sharedNow(row.offset)));
}

for (const heading of document.querySelectorAll("[data-kickoff-ms]")) {
  setText(heading, `kick-off ${localTime(Number(heading.dataset.kickoffMs))}`);
}
if (cards.size) {
  watchDay(({ answer, offset }) => {
    for (const fixture of answer.fixtures) {
      const card = cards.get(fixture.slug);
      if (card) show(card, fixture, offset);
    }
  });
  setInterval(() => cards.forEach(tick), TICK_MS);
}
