// The league table as it stands: the standings before the day's kick-offs plus every fixture's
// live score. Mirrors matches/league_table.py (see it for the shapes); both are held to
// matches/tests/league_table_vectors.json, so the lobby, every match page and the server agree.
const UNCOUNTED = ["not_started", "unplayed"];
const EXCERPT_REACH = 1; // a team's rivals: the places either side of it
const POINTS = { won: 3, drawn: 1, lost: 0 };

export function derive(competition, results) {
  const counted = results.filter((r) => !UNCOUNTED.includes(r.category));
  const before = ranked(competition.rows.map(fresh));
  const positionBefore = new Map(before.map((row) => [row.team, row.position]));
  const rows = new Map(competition.rows.map((row) => [row.team, fresh(row)]));
  for (const result of counted) {
    for (const [side, other] of [["home", "away"], ["away", "home"]]) {
      const row = rows.get(result[side]);
      if (row) add(row, result, side, other);
    }
  }
  const table = ranked([...rows.values()]);
  const zones = competition.zones ?? [];
  for (const row of table) {
    row.moved = positionBefore.get(row.team) - row.position;
    row.zone = zoneOf(zones, row.position);
  }
  const lastRound = table.length > 0 && table.every((row) => row.played === competition.games);
  const settled = counted.length > 0 && counted.every((r) => r.category === "finished");
  return { rows: table, headlines: headlines(table, zones, lastRound, settled, counted) };
}

export function excerpt(rows, teams) {
  const places = new Set(rows.filter((row) => teams.includes(row.team)).map((row) => row.position));
  const near = new Set();
  for (const p of places) for (let step = -EXCERPT_REACH; step <= EXCERPT_REACH; step += 1) near.add(p + step);
  return rows.filter((row) => near.has(row.position) || teams.includes(row.team));
}

function fresh(row) {
  return {
    team: row.team, code: row.code || "", played: row.played, won: row.won, drawn: row.drawn,
    lost: row.lost, goals_for: row.goals_for, goals_against: row.goals_against,
    goal_difference: row.goals_for - row.goals_against, points: row.points, playing: null,
  };
}

function add(row, result, side, other) {
  const scored = result[`${side}_goals`];
  const conceded = result[`${other}_goals`];
  const outcome = scored > conceded ? "won" : scored === conceded ? "drawn" : "lost";
  row.played += 1;
  row[outcome] += 1;
  row.points += POINTS[outcome];
  row.goals_for += scored;
  row.goals_against += conceded;
  row.goal_difference = row.goals_for - row.goals_against;
  row.playing = { opponent: result[other], at_home: side === "home", scored, conceded, finished: result.category === "finished" };
}

// Code-point order, as Python compares strings (JavaScript's < compares UTF-16 units).
const byName = (a, b) => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
  }
  return x.length - y.length;
};

function ranked(rows) {
  rows.sort((a, b) => b.points - a.points || b.goal_difference - a.goal_difference
    || b.goals_for - a.goals_for || byName(a.team, b.team));
  rows.forEach((row, index) => {
    const previous = index ? rows[index - 1] : null;
    const level = previous !== null && previous.points === row.points
      && previous.goal_difference === row.goal_difference && previous.goals_for === row.goals_for;
    row.position = level ? previous.position : index + 1;
    row.shared = level;
    if (level) previous.shared = true;
  });
  return rows;
}

function zoneOf(zones, position) {
  const zone = zones.find((z) => z.from <= position && position <= z.to);
  return zone ? zone.key : null;
}

function headlines(table, zones, lastRound, settled, counted) {
  if (!counted.length) return [];
  const prefix = settled ? "Final table: " : "As it stands: ";
  const lines = [];
  const leaders = table.filter((row) => row.position === 1).map((row) => row.team);
  if (leaders.length > 1) lines.push(`${prefix}${names(leaders)} are level at the top`);
  else if (leaders.length) lines.push(`${prefix}${leaders[0]} ${lastRound ? "are champions" : "top the table"}`);
  for (const zone of zones) {
    if (zone.key !== "relegation") continue;
    const down = table.filter((row) => zone.from <= row.position && row.position <= zone.to).map((row) => row.team);
    if (down.length) lines.push(`${prefix}${names(down)} ${lastRound ? "go down" : "are in the relegation places"}`);
  }
  return lines;
}

function names(list) {
  return list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}
