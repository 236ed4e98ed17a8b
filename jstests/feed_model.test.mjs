// The feed page's pure state: snapshots replace, composites extend the chart, the
// vidiprinter order is stoppage-aware, and a silent socket falls back to polling.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  applyComposite, applySnapshot, createSilenceWatch, emptyView, minuteLabel, shownEvents, sortEvents,
} from "../matches/static/matches/feed/model.js";

const teams = { home: { code: "MCI", name: "Manchester City" }, away: { code: "QPR", name: "Queens Park Rangers" } };
const point = (minute, home = 60, away = 40) => ({ minute, home, away });
const goal = (minute, extra = null) => ({ id: minute * 10 + (extra ?? 0), kind: "goal", minute, extra_minute: extra, team: "home" });

function composite(fields) {
  return { type: "COMPOSITE_UPDATE", state: { code: "INPLAY_2ND_HALF", name: "2nd Half" }, status_change: null,
           scores: { home: 1, away: 0, periods: {} }, elapsed: { minute: 61, extra_time: 0, display: "61'" },
           events: [], pressure_delta: [], hash: "h", serverNow: 1, ...fields };
}

test("a snapshot replaces the whole chart", () => {
  const before = { ...emptyView(teams), pressure: [point(1), point(2), point(3)] };
  const after = applySnapshot(before, { ...composite({}), pressure: [point(1), point(2)] });
  assert.deepEqual(after.pressure.map((p) => p.minute), [1, 2]);
});

test("a composite extends the chart with its new points and replaces revised ones", () => {
  const before = { ...emptyView(teams), pressure: [point(1), point(2)] };
  const after = applyComposite(before, composite({ pressure_delta: [point(2, 70, 30), point(3)] }));
  assert.deepEqual(after.pressure, [point(1), point(2, 70, 30), point(3)]);
});

test("a composite that resets the pressure starts the chart over", () => {
  const before = { ...emptyView(teams), pressure: [point(1), point(2)] };
  assert.deepEqual(applyComposite(before, composite({ pressure_reset: true, pressure_delta: [] })).pressure, []);
});

test("a composite changes score, clock, state and events together", () => {
  const after = applyComposite(emptyView(teams), composite({ events: [goal(39)], status_change: { from: "HT", to: "INPLAY_2ND_HALF" } }));
  assert.equal(after.scores.home, 1);
  assert.equal(after.elapsed.display, "61'");
  assert.equal(after.state.code, "INPLAY_2ND_HALF");
  assert.deepEqual(after.statusChange, { from: "HT", to: "INPLAY_2ND_HALF" });
  assert.equal(after.events.length, 1);
});

test("events are in stoppage-aware order: 45+2 before 46, 90+2 before 90+4", () => {
  const sorted = sortEvents([goal(90, 4), goal(46), goal(90, 2), goal(45, 2), goal(90)]);
  assert.deepEqual(sorted.map(minuteLabel), ["45+2'", "46'", "90'", "90+2'", "90+4'"]);
});

test("the vidiprinter shows goals, red cards, VAR and penalties, not the rest", () => {
  const kinds = ["goal", "red_card", "var", "penalty_scored", "penalty_missed", "other"];
  const events = kinds.map((kind, index) => ({ ...goal(index + 1), kind }));
  assert.deepEqual(shownEvents(events).map((e) => e.kind), kinds.slice(0, 5));
});

test("a socket silent for more than 90 s falls back to reading the state every 60 s", () => {
  let now = 0;
  const watch = createSilenceWatch({ now: () => now });
  now = 90_000;
  assert.equal(watch.shouldPoll(), false);
  now = 90_001;
  assert.equal(watch.shouldPoll(), true);
  now = 120_000;
  assert.equal(watch.shouldPoll(), false);
  now = 150_001;
  assert.equal(watch.shouldPoll(), true);
  watch.heard();
  now = 200_000;
  assert.equal(watch.shouldPoll(), false);
  assert.equal(watch.fallingBack, false);
});

test("the vidiprinter's kinds are the server's table's (feed_rules_vectors.json)", async () => {
  const { readFileSync } = await import("node:fs");
  const vectors = JSON.parse(readFileSync(new URL("../matches/tests/feed_rules_vectors.json", import.meta.url)));
  const { SHOWN_KINDS } = await import("../matches/static/matches/feed/model.js");
  assert.deepEqual(SHOWN_KINDS, vectors.shown_kinds);
});

test("a composite carries the shoot-out score, the showing and whether full time is final", () => {
  const after = applyComposite(emptyView(teams), composite({ shootout: { home: 4, away: 3 }, showing: 2, final: true }));
  assert.deepEqual([after.shootout, after.showing, after.final], [{ home: 4, away: 3 }, 2, true]);
  const before = applyComposite(emptyView(teams), composite({}));
  assert.deepEqual([before.shootout, before.showing, before.final], [null, 1, false]);
});

test("a rescinded card and shoot-out kicks are shown, other events are not", () => {
  const kinds = ["card_rescinded", "shootout_scored", "shootout_missed", "other"];
  const events = kinds.map((kind, index) => ({ ...goal(index + 1), kind }));
  assert.deepEqual(shownEvents(events).map((e) => e.kind), kinds.slice(0, 3));
});
