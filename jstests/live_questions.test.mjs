// A feed fixture's questions on the page: the server's list and updates, the lock by the page's
// own match clock, the countdown to it, and the standings ranked as the server ranks them.
import { test } from "node:test";
import assert from "node:assert/strict";

import { createLiveQuestions, lockCountdown, lockLabel, shownStatus } from "../predictions/static/predictions/live_questions.js";

const round = (id, opens_at, locks_at, extra = {}) => ({ id, kind: "next_goal", opens_at, locks_at, status: "open",
  answer: null, points: 5, options: [{ id: "home" }, { id: "away" }, { id: "none" }], ...extra });
const FACTS = { ticking: true, started_ms: 0, counts_from: 0, regular_end: 45, rate: 1 };

test("the questions come in opening order and an update replaces its question", () => {
  const questions = createLiveQuestions();
  questions.adopt([round("late-goal", 0, 8600), round("next-goal-1", 100, 600)]);
  questions.update(round("next-goal-1", 100, 600, { status: "resolved", answer: "home" }));
  questions.update(round("next-goal-4", 400, 900));
  assert.deepEqual(questions.all().map((q) => [q.id, q.status]),
    [["late-goal", "open"], ["next-goal-1", "resolved"], ["next-goal-4", "open"]]);
});

test("an open question the clock has passed shows locked; a settled one shows what the server said", () => {
  assert.equal(shownStatus(round("r", 100, 600), 599), "open");
  assert.equal(shownStatus(round("r", 100, 600), 600), "locked");
  assert.equal(shownStatus(round("r", 100, 600, { status: "void" }), 300), "void");
});

test("the countdown runs to the lock by the page's clock facts, and is unknown in another period", () => {
  const at = (minutes) => minutes * 60_000;
  assert.deepEqual(lockCountdown(round("r", 100, 600), FACTS, at(2.5)), { leftMs: at(2.5), fraction: 0.5 });
  assert.deepEqual(lockCountdown(round("r", 4300, 4503), FACTS, at(46)), { leftMs: at(1), fraction: 0.2 });
  assert.equal(lockCountdown(round("late", 0, 8600), FACTS, at(10)), null);
  assert.equal(lockCountdown(round("r", 100, 600), { ticking: false }, 0), null);
  assert.equal(lockLabel({ window: ["KO", "1'"] }), "kick-off");
  assert.equal(lockLabel({ window: ["KO", "86'"] }), "86'");
});

test("a question of the restarted match marks the last showing's questions previous; the board is this showing's", () => {
  const questions = createLiveQuestions();
  questions.adopt([round("next-goal-1", 100, 600, { status: "resolved", answer: "home" }), round("late-goal", 0, 8600)]);
  assert.deepEqual(questions.current().map((q) => q.id), ["late-goal", "next-goal-1"]);
  questions.update({ ...round("full-time-result-show2", 0, 100), showing: 2 });
  assert.deepEqual(questions.current().map((q) => q.id), ["full-time-result-show2"]);
  assert.deepEqual(questions.all().filter((q) => q.previous_showing).map((q) => q.id), ["late-goal", "next-goal-1"]);
  assert.equal(shownStatus(questions.all().find((q) => q.id === "late-goal"), 0), "locked"); // never a card again
});

test("a correction travels with the question it corrected", () => {
  const questions = createLiveQuestions();
  questions.adopt([round("next-goal-56", 5600, 6100, { status: "resolved", answer: "away" })]);
  questions.update(round("next-goal-56", 5600, 6100, { status: "open" }), { status: "resolved", answer: "away" });
  assert.deepEqual(questions.all()[0].corrected, { status: "resolved", answer: "away" });
});

test("the questions know which showing is being played", () => {
  const questions = createLiveQuestions();
  questions.adopt([round("late-goal", 0, 8600)]);
  assert.equal(questions.showing(), 1);
  questions.update({ ...round("late-goal-show2", 0, 8600), showing: 2 });
  assert.equal(questions.showing(), 2);
});
