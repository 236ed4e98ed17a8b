// The match day as every lobby card and table reads it: one poll of /api/day/ for the whole page
// (a module is one instance per page, so the lobby's parts share it), each answer handed to the
// subscribers with the page's offset to the server's clock and the tables derived here, by the
// same rules as the server (league_table.js).
import { apiUrls, fetchJSON } from "/static/rally/api.js";
import { derive } from "./league_table.js";

const REFRESH_MS = 3_000; // the server caches the answer for 1 s; at 20x a match minute is 3 s
const subscribers = [];
let started = false;

export function watchDay(onDay) {
  subscribers.push(onDay);
  if (!started) {
    started = true;
    refresh();
    setInterval(refresh, REFRESH_MS);
  }
}

// "GOAL · Manchester City 3–2 Queens Park Rangers" (by codes, "GOAL · MCI 3–2 QPR", where a
// line must stay one line).
export function goalLine(fixture, short = false) {
  const { home, away } = fixture.teams;
  const [h, a] = short ? [home.code, away.code] : [home.name, away.name];
  return `GOAL · ${h} ${fixture.scores.home}–${fixture.scores.away} ${a}`;
}

export function tablesOf(answer) {
  const tables = {};
  for (const [key, competition] of Object.entries(answer.competitions ?? {})) {
    const results = answer.fixtures.filter((fixture) => fixture.table === key).map((fixture) => fixture.result);
    tables[key] = derive(competition, results);
  }
  return tables;
}

async function refresh() {
  try {
    const sentAt = Date.now();
    const answer = await fetchJSON(apiUrls.day());
    const offset = answer.serverNow - Math.round((sentAt + Date.now()) / 2);
    const day = { answer, offset, tables: tablesOf(answer) };
    for (const onDay of subscribers) onDay(day);
  } catch {
    // the page keeps what it shows; the next refresh tries again
  }
}
