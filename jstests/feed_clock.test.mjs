// The football clock on the page ticks and stands like the server's (the shared vectors), the score
// bug shows the ticking clock, the server's display when it stands still, and a local kick-off time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { clockDisplay, matchClock, standingClock, tick } from "../matches/static/matches/feed/clock.js";

const vectors = JSON.parse(readFileSync(new URL("../matches/tests/clock_vectors.json", import.meta.url)));

for (const vector of vectors.tick) {
  test(`the page ticks like the server: ${vector.name}`, () => {
    assert.deepEqual(tick(vector.facts, vector.now_ms), vector.expected);
  });
}

for (const vector of vectors.standing) {
  test(`the game's clock stands where the server's does: ${vector.name}`, () => {
    assert.deepEqual(standingClock(vector.state, vector.elapsed, vector.final), vector.expected);
  });
}

const running = { state: { category: "running" }, elapsed: { display: "11'" },
                  clock: { ticking: true, started_ms: 0, counts_from: 0, regular_end: 45, rate: 1 } };

test("a quiet match's clock moves on without an update", () => {
  assert.equal(clockDisplay(running, 10 * 60_000 + 1), "11'");
  assert.equal(clockDisplay(running, 12 * 60_000 + 1), "13'");
});

test("half time stands still on the server's label", () => {
  assert.equal(clockDisplay({ state: { category: "paused" }, elapsed: { display: "HT" }, clock: { ticking: false } }, 9e12), "HT");
});

test("before kick-off the score bug shows the kick-off in the fan's time", () => {
  const view = { state: { category: "not_started" }, startingAt: 1_336_917_600, elapsed: { display: "14:00" } };
  assert.equal(clockDisplay(view, 0, (ms) => `local ${ms}`), "local 1336917600000");
});

test("the match clock reads as the server's: 0 before kick-off, the end of the half in a pause, past all once over", () => {
  assert.equal(matchClock({ state: { code: "NS", category: "not_started" } }, null), 0);
  assert.equal(matchClock({ state: { category: "running" }, elapsed: { minute: 45, extra_time: 1 } }, { minute: 45, extra_time: 2 }), 4502);
  assert.equal(matchClock({ state: { code: "HT", category: "paused" }, elapsed: { minute: 45 } }, null), 4599);
  assert.equal(matchClock({ state: { code: "FT", category: "finished" }, elapsed: { minute: 90 }, final: true }, null), Infinity);
  // A full time the feed has not confirmed is a pause: extra time may follow.
  assert.equal(matchClock({ state: { code: "FT", category: "finished" }, elapsed: { minute: 90 }, final: false }, null), 9099);
  assert.equal(matchClock({ state: { code: "INPLAY_PENALTIES", category: "paused" }, elapsed: { minute: 120 } }, null), 12099);
});
