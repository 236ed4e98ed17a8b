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

  // {rows, row, of}: the summary's rows with the fan's own placed among them.
  function placeIn(summary, view, loop) {
    const me = fanAt(summary, view, loop);
    const rows = summary.top.map((row) => ({ ...row }));
    let row = me ? rows.find((candidate) => candidate.bot === null && candidate.name === me.name) : undefined;
    let of = summary.players;
    if (me?.picked && !row) {
      row = { name: me.name, points: me.points, rank: rankOf(summary, me.points), bot: null };
      rows.push(row);
      if (me.points === 0) of += 1; // a fan who scored was counted; one who only picked since may not be
    }
    return { rows, row, of };
  }

  const empty = { rows: [], row: undefined, of: 0 };
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

// The words of a rank move: `before` and `after` are {row: your standings row or undefined, of}.
export function moveText(before, after) {
  if (!after.row) return "";
  const was = before.row?.rank ?? after.row.rank;
  const change = was === after.row.rank ? "holding" : was > after.row.rank ? `up ${was - after.row.rank}` : `down ${after.row.rank - was}`;
  return `Now ${ordinal(after.row.rank)} of ${after.of} (${change}).`;
}
