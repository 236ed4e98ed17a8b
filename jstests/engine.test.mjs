// The browser engine (both halves) must reproduce every golden vector of the Python engine exactly.
// Vectors: matches/tests/engine_vectors.json (one file for both halves), regenerated with
// `python -m testsupport.golden`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as replay from "../matches/static/matches/engine.js";
import * as game from "../predictions/static/predictions/engine.js";

const vectors = JSON.parse(
  readFileSync(new URL("../matches/tests/engine_vectors.json", import.meta.url), "utf8"),
);
const { events, teams, predictionSets } = vectors;
const seeded = new Map(predictionSets.seeded.map((prediction) => [prediction.id, prediction]));
const botsById = new Map(game.BOTS.map((bot) => [bot.id, bot]));

const take = (generator, count) => Array.from({ length: count }, () => generator());

// One subtest per vector, so a failure names the exact input that disagrees.
function eachVector(section, describe, check) {
  test(`${section} matches every golden vector`, async (t) => {
    assert.ok(vectors[section].length > 0, `no ${section} vectors`);
    for (const vector of vectors[section]) {
      await t.test(describe(vector), () => check(vector));
    }
  });
}

test("the bots are the same three bots", () => {
  assert.deepStrictEqual(game.BOTS, vectors.bots);
});

eachVector("random", (v) => `seed ${JSON.stringify(v.seed).slice(0, 40)}`, (v) => {
  assert.deepStrictEqual(take(game.xmur3(v.seed), v.xmur3.length), v.xmur3);
  assert.deepStrictEqual(take(game.seededRandom(v.seed), v.seededRandom.length), v.seededRandom);
});

eachVector("mulberry32", (v) => `seed ${v.seed}`, (v) => {
  assert.deepStrictEqual(take(game.mulberry32(v.seed), v.out.length), v.out);
});

eachVector("replayClock", (v) => `${JSON.stringify(v.anchor)} at ${v.nowMs}`, (v) => {
  assert.deepStrictEqual(replay.replayClock(v.anchor, v.nowMs), v.out);
});

eachVector("foldState", (v) => `sequence ${v.sequence}`, (v) => {
  assert.deepStrictEqual(replay.foldState(events, v.sequence, teams), v.out);
});

eachVector("tally", (v) => `${v.prediction} at ${v.sequence}`, (v) => {
  assert.deepStrictEqual(game.tally(seeded.get(v.prediction), events, v.sequence), v.out);
});

eachVector("correctOption", (v) => v.prediction, (v) => {
  assert.strictEqual(game.correctOption(seeded.get(v.prediction), events), v.out);
});

eachVector("resolutions", (v) => `sequence ${v.sequence}`, (v) => {
  assert.deepStrictEqual(game.resolutions(predictionSets.seeded, events, v.sequence), v.out);
});

eachVector("pickWindow", (v) => `${v.prediction} at ${v.sequence}`, (v) => {
  assert.strictEqual(game.pickWindow(seeded.get(v.prediction), v.sequence), v.out);
});

eachVector("botPick", (v) => `loop ${v.cycleIndex} ${v.prediction} ${v.bot}`, (v) => {
  const pick = game.botPick(v.cycleIndex, seeded.get(v.prediction), botsById.get(v.bot), events);
  assert.strictEqual(pick, v.out);
});

eachVector("botPicks", (v) => `loop ${v.cycleIndex} at ${v.sequence}`, (v) => {
  assert.deepStrictEqual(game.botPicks(v.cycleIndex, predictionSets.seeded, events, v.sequence), v.out);
});

eachVector("standings", (v) => `${v.case}, loop ${v.cycleIndex} at ${v.sequence}`, (v) => {
  const predictions = predictionSets[v.predictionSet];
  assert.deepStrictEqual(game.standings(v.cycleIndex, v.picks, events, predictions, v.sequence), v.out);
});

test("the docs/engine.md §6 ranking example is among the vectors", () => {
  const example = vectors.standings.find((v) => v.case === "rankingExample");
  const humans = example.out.filter((row) => row.bot === null).map((row) => [row.name, row.rank]);
  assert.deepStrictEqual(humans, [["z", 1], ["a", 2], ["b", 2], ["😀", 2], ["\uFFFF", 2], ["c", 6]]);
});

eachVector("rankOf", (v) => `ranks among ${v.summary.players} rows`, (v) => {
  assert.deepStrictEqual(v.out.map(([points]) => [points, game.rankOf(v.summary, points)]), v.out);
});
