// The shared-truth engine, game half (docs/engine.md §3–6): seeded random, predictions, CPU bots
// and the leaderboard. A plain ES module, no dependencies. Mirrors predictions/engine.py function
// for function, same JSON shapes in and out; matches/tests/engine_vectors.json
// (jstests/engine.test.mjs) holds both to the same outputs. The replay clock and the state fold
// are matches/static/matches/engine.js.

// §3 Seeded random (bryc's xmur3 and mulberry32)

export function xmur3(str) {
  let h = 1779033703 ^ str.length; // length and charCodeAt count UTF-16 code units
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return function nextSeed() {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

export function mulberry32(a) {
  let state = a >>> 0;
  return function nextFloat() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededRandom(str) {
  return mulberry32(xmur3(str)());
}

// §4 Predictions

export function tally(prediction, events, sequence) {
  const field = prediction.on === "team" ? "team" : "player_id";
  const totals = Object.fromEntries(prediction.options.map((option) => [option.id, 0]));
  for (const event of events) {
    const inWindow = prediction.since < event.sequence && event.sequence <= sequence;
    if (inWindow && Object.hasOwn(totals, event[field])) totals[event[field]] += event.points;
  }
  return totals;
}

// Option ids, highest tally first; Array.prototype.sort is stable, so ties keep declared order.
function rankedOptions(prediction, events, sequence) {
  const totals = tally(prediction, events, sequence);
  const ids = prediction.options.map((option) => option.id);
  return [ids.sort((a, b) => totals[b] - totals[a]), totals];
}

export function correctOption(prediction, events) {
  return rankedOptions(prediction, events, prediction.resolves_at)[0][0];
}

export function resolutions(predictions, events, sequence) {
  return Object.fromEntries(
    predictions
      .filter((prediction) => prediction.resolves_at <= sequence)
      .map((prediction) => [prediction.id, correctOption(prediction, events)]),
  );
}

export function pickWindow(prediction, sequence) {
  if (sequence < prediction.opens_at) return "not_open";
  return sequence < prediction.locks_at ? "open" : "locked";
}

// §5 CPU bots

export const BOTS = Object.freeze([
  Object.freeze({ id: "cpu_chalk", name: "Chalk", skill: 0.85 }),
  Object.freeze({ id: "cpu_flip", name: "Flip", skill: 0.55 }),
  Object.freeze({ id: "cpu_rebel", name: "Rebel", skill: 0.3 }),
]);

export function botPick(cycleIndex, prediction, bot, events) {
  const rng = seededRandom(`${cycleIndex}:${prediction.id}:${bot.id}`);
  const [ranked, totals] = rankedOptions(prediction, events, prediction.locks_at);
  const favourite = ranked[0];
  const underdog = ranked[ranked.length - 1];
  if (totals[favourite] === totals[underdog]) {
    // nothing to go on
    const options = prediction.options;
    return options[Math.floor(rng() * options.length)].id;
  }
  return rng() < bot.skill ? favourite : underdog;
}

export function botPicks(cycleIndex, predictions, events, sequence) {
  return predictions
    .filter((prediction) => prediction.locks_at <= sequence)
    .flatMap((prediction) =>
      BOTS.map((bot) => ({
        name: bot.name,
        bot: bot.id,
        prediction: prediction.id,
        choice: botPick(cycleIndex, prediction, bot, events),
      })),
    );
}

// §6 Leaderboard

// Rows {name, points, rank, bot}: the bots, then every human who picked. `picks` are human picks
// {name, prediction, choice} in arrival order; the latest of a name on a prediction stands.
export function standings(cycleIndex, picks, events, predictions, sequence) {
  const resolved = predictions.filter((prediction) => prediction.resolves_at <= sequence);
  const results = resolutions(resolved, events, sequence);
  const rows = [...botRows(cycleIndex, resolved, results, events), ...humanRows(picks, resolved, results)];
  return rankedRows(rows);
}

function botRows(cycleIndex, resolved, results, events) {
  return BOTS.map((bot) => {
    const botRow = row(bot.name, bot.id);
    for (const prediction of resolved) {
      if (botPick(cycleIndex, prediction, bot, events) === results[prediction.id]) {
        botRow.points += prediction.points;
      }
    }
    return botRow;
  });
}

// Keyed apart from the bots: a human can never add to a bot's row.
function humanRows(picks, resolved, results) {
  const rows = new Map();
  const worth = new Map(resolved.map((prediction) => [prediction.id, prediction.points]));
  for (const [name, predictionId, choice] of standingChoices(picks)) {
    if (!rows.has(name)) rows.set(name, row(name, null));
    if (Object.hasOwn(results, predictionId) && results[predictionId] === choice) {
      rows.get(name).points += worth.get(predictionId);
    }
  }
  return [...rows.values()];
}

// [name, prediction, choice] per (name, prediction), the latest choice at the first arrival's place.
function standingChoices(picks) {
  const latest = new Map();
  for (const pick of picks) {
    const key = JSON.stringify([pick.name, pick.prediction]);
    const entry = latest.get(key) ?? [pick.name, pick.prediction, null];
    entry[2] = pick.choice;
    latest.set(key, entry);
  }
  return latest.values();
}

function row(name, botId) {
  return { name, points: 0, rank: 0, bot: botId };
}

// Points descending, then name in UTF-16 code-unit order (plain `<`, never localeCompare);
// standard competition ranks. Also the feed fixtures' ranking (live_questions.js).
export function rankedRows(rows) {
  const ordered = rows.sort(
    (a, b) => b.points - a.points || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  ordered.forEach((current, index) => {
    const tiedWithPrevious = index > 0 && ordered[index - 1].points === current.points;
    current.rank = tiedWithPrevious ? ordered[index - 1].rank : index + 1;
  });
  return ordered;
}

// §6.1 The leaderboard at crowd scale: a page ranks its own fan in the server's summary
// ({top, players, points: [[points, rows], …]}) without the whole table.
export function rankOf(summary, points) {
  return 1 + summary.points.reduce((above, [held, count]) => (held > points ? above + count : above), 0);
}
