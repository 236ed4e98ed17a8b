// The leaderboard at crowd scale (docs/engine.md §6.1). After each resolution the room is sent
// the standings once, summarized: the top rows and how many rows hold each number of points.
// The page ranks its own fan in it from the fan's own picks, so it never needs the whole table.
import { rankOf } from "./engine.js";

// `game` as game.js builds it; `predictions` the fixture's; `answerOf(prediction)` its answer
// once resolved. Both come from the fixture's rules (replay_rules.js, live_rules.js).
export function createStandings(game, predictionsOf, answerOf) {
  // The fan as of `summary`: its points on the predictions resolved by then, or null.
  function fanAt(summary, view, loop) {
    const name = game.me.joined ? game.me.name : null;
    if (!name) return null;
    const predictions = predictionsOf(view);
    const choice = (prediction) => game.book.choiceOf(loop, prediction.id);
    const resolved = new Set(summary.resolved);
    const points = predictions
      .filter((prediction) => resolved.has(prediction.id) && choice(prediction) !== null
        && choice(prediction) === answerOf(view, prediction))
      .reduce((sum, prediction) => sum + prediction.points, 0);
    return { name, points, picked: predictions.some((prediction) => choice(prediction) !== null) };
  }

  // {rows, row, of, level}: the summary's rows with the fan's own placed among them; `level` is
  // how many others hold the fan's points.
  function placeIn(summary, view, loop) {
    const me = fanAt(summary, view, loop);
    const rows = summary.top.map((row) => ({ ...row }));
    let row = me ? rows.find((candidate) => candidate.bot === null && candidate.name === me.name) : undefined;
    let of = summary.players;
    let counted = Boolean(row);
    if (me?.picked && !row) {
      row = { name: me.name, points: me.points, rank: rankOf(summary, me.points), bot: null };
      rows.push(row);
      counted = me.points > 0; // a fan who scored was counted; one who only picked since may not be
      if (!counted) of += 1;
    }
    const holding = row ? summary.points.find(([held]) => held === row.points)?.[1] ?? 0 : 0;
    return { rows, row, of, level: Math.max(0, holding - (counted ? 1 : 0)) };
  }

  const empty = { rows: [], row: undefined, of: 0, level: 0 };
  return {
    // The leaderboard as the room's latest summary stands.
    latest(view, loop) {
      const summary = game.book.summaries(loop).at(-1);
      return summary ? placeIn(summary, view, loop) : empty;
    },
    // "Now 2nd of 6 (up 2)": the fan's rank in the first summary with `prediction` resolved,
    // against the one before it; "" until that summary comes.
    rankMove(view, loop, prediction) {
      const summaries = game.book.summaries(loop);
      const index = summaries.findIndex((summary) => summary.resolved.includes(prediction.id));
      if (index < 0) return "";
      const before = index > 0 ? placeIn(summaries[index - 1], view, loop) : empty;
      return moveText(before, placeIn(summaries[index], view, loop));
    },
  };
}

export function ordinal(rank) {
  const tens = rank % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : { 1: "st", 2: "nd", 3: "rd" }[rank % 10] ?? "th";
  return `${rank}${suffix}`;
}

// The words of a rank move: `before` and `after` are places ({row, rows, of, level}).
export function moveText(before, after) {
  if (!after.row) return "";
  const was = before.row?.rank ?? after.row.rank;
  const change = was === after.row.rank ? "" : was > after.row.rank ? `, up ${was - after.row.rank}` : `, down ${after.row.rank - was}`;
  return `Now ${placeText(after)}${change}.`;
}

// The fan's place said plainly: "2nd of 5", "tied 1st with Chalk, of 5", "tied 3rd with Flip and
// 2 others, of 40" (the names of those tied that the summary's top rows hold).
export function placeText({ row, rows, of, level }) {
  const rank = ordinal(row.rank);
  if (!level) return `${rank} of ${of}`;
  const names = rows.filter((other) => other !== row && other.points === row.points).map((other) => other.name).slice(0, 2);
  const rest = level - names.length;
  const listed = rest > 0 ? [...names, `${rest} ${rest === 1 ? "other" : "others"}`] : names;
  const who = listed.length > 1 ? `${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}` : listed[0];
  return `tied ${rank} with ${who}, of ${of}`;
}
