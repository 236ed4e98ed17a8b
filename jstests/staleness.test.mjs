import assert from "node:assert/strict";
import { test } from "node:test";

const { staleText } = await import("../matches/static/matches/feed/staleness.js");

test("a feed read on time says nothing", () => {
  assert.equal(staleText({ ok: true, age_s: 20 }), "");
});

test("a late feed says how long ago it was read", () => {
  assert.match(staleText({ ok: false, age_s: 400 }), /last read 7 min ago/);
});

test("a feed never read says it is paused", () => {
  assert.match(staleText({ ok: false, age_s: null }), /has not been read yet/);
});
