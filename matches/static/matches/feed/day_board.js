// The lobby's centrepiece: each league table as it stands with the title and the drop said
// plainly, and the vidiprinter of every ground, newest first. All derived on the page from the
// match day's answer (day.js), by the server's rules.
import { element, setText } from "/static/rally/dom.js";
import { goalLine, watchDay } from "./day.js";
import { paintHeadlines, paintTable } from "./table_view.js";
import { minuteLabel } from "./model.js";

const LABELS = { goal: "GOAL", penalty_scored: "PENALTY", red_card: "RED CARD", full_time: "RESULT" };
const board = document.querySelector("[data-match-day]");

// What the vidiprinter lists: goals and red cards by minute, then each final whistle in the
// order they blew (a page that loads late cannot place a whistle among stoppage-time goals).
export function dayLines(fixtures) {
  const lines = [];
  for (const fixture of fixtures) {
    const { home, away } = fixture.teams;
    for (const event of fixture.events) {
      const team = event.team === "home" ? home.name : away.name;
      const score = event.result ? ` ${event.result.replace("-", "–")}` : "";
      lines.push({
        key: `${fixture.slug}:${event.id}:${event.kind}`,
        order: [fixture.starting_at ?? 0, event.minute + (event.extra_minute ?? 0), 0],
        kind: event.kind,
        minute: minuteLabel(event),
        text: event.kind === "red_card"
          ? `${event.player ?? ""} (${team})`
          : `${home.name}${score} ${away.name} · ${event.player ?? team}`,
      });
    }
    if (fixture.state?.category === "finished") {
      lines.push({
        key: `${fixture.slug}:ft`,
        order: [fixture.starting_at ?? 0, Infinity, fixture.ended_at ?? 0], // whistles in the order they blew
        kind: "full_time",
        minute: "FT",
        text: `${home.name} ${fixture.scores.home}–${fixture.scores.away} ${away.name}`,
      });
    }
  }
  const before = (a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2];
  return lines.sort(before).reverse();
}

function paintVidiprinter(list, fixtures) {
  const lines = dayLines(fixtures);
  const key = lines.map((line) => line.key).join("|");
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(...lines.map((line) => {
    const item = element("li", `dv-line dv-${line.kind}`);
    item.dataset.kind = line.kind;
    item.append(element("span", "dv-minute", line.minute), element("span", "dv-kind", LABELS[line.kind]),
      element("span", "dv-text", line.text));
    return item;
  }));
}

if (board) {
  const announcer = board.querySelector("[data-day-announcer]");
  const goalsSeen = new Map();
  watchDay(({ answer, tables }) => {
    for (const [key, table] of Object.entries(tables)) {
      const panel = [...board.querySelectorAll("[data-day-table]")].find((node) => node.dataset.dayTable === key);
      if (!panel) continue;
      paintTable(panel.querySelector("[data-league-rows]"), table.rows, answer.competitions[key].zones);
      paintHeadlines(panel.querySelector("[data-day-headlines]"), table.headlines);
    }
    paintVidiprinter(board.querySelector("[data-day-vidiprinter]"), answer.fixtures);
    // One polite announcement per new goal, with what it does to the table.
    const news = [];
    for (const fixture of answer.fixtures) {
      const ids = fixture.events.filter((event) => event.kind !== "red_card").map((event) => event.id);
      const seen = goalsSeen.get(fixture.slug);
      goalsSeen.set(fixture.slug, new Set(ids));
      if (seen && ids.some((id) => !seen.has(id))) news.push(goalLine(fixture));
    }
    const title = Object.values(tables).map((table) => table.headlines[0]).filter(Boolean);
    if (news.length) setText(announcer, [...news, ...title].join(". "));
  });
}
