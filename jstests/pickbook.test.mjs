// The page's book of the game: the fan's own picks, the crowd's share (tallies) and the standings
// summaries; and the fan placed in a summary it is not listed in (standings.js).
import { test } from "node:test";
import assert from "node:assert/strict";

import { createPickBook } from "../predictions/static/predictions/picks.js";
import { createStandings } from "../predictions/static/predictions/standings.js";

const pick = (prediction, choice, loop, at) => ({ name: "Ann", prediction, choice, loop, at });
const tally = (prediction, counts, version, loop = 1) =>
  ({ type: "tally", loop, prediction, counts, total: Object.values(counts).reduce((a, b) => a + b, 0), version });
const WHO = { id: "who", points: 10, options: [{ id: "A" }, { id: "B" }] };
const HOW = { id: "how", points: 20, options: [{ id: "A" }, { id: "B" }] };

test("the fan's latest pick on a prediction stands, and an older copy never wins", () => {
  const book = createPickBook();
  book.setMine([pick("who", "A", 1, 10)]);
  book.addMine(pick("who", "B", 1, 20));
  book.addMine(pick("who", "A", 1, 15)); // heard late
  assert.equal(book.choiceOf(1, "who"), "B");
});

test("a new name's welcome replaces the fan's picks with its own", () => {
  const book = createPickBook();
  book.setMine([pick("who", "A", 1, 10)]);
  book.setMine([]);
  assert.equal(book.choiceOf(1, "who"), null);
});

test("the share is the newest tally of each prediction, whichever order the nodes' tallies come in", () => {
  const book = createPickBook();
  book.addTally(tally("who", { A: 3, B: 1 }, 7));
  book.addTally(tally("who", { A: 2, B: 1 }, 5)); // an older count from another node, arriving late
  assert.deepStrictEqual(book.shareOf(1, WHO), { A: 3, B: 1 });
  book.addTally(tally("who", { A: 3, B: 2 }, 8));
  assert.deepStrictEqual(book.shareOf(1, WHO), { A: 3, B: 2 });
});

test("a greeting's tallies never replace a newer one the page already heard", () => {
  const book = createPickBook();
  book.addTally(tally("who", { B: 4 }, 9));
  book.greet({ tallies: [tally("who", { B: 3 }, 8), tally("how", { A: 1 }, 8)] });
  assert.deepStrictEqual(book.shareOf(1, WHO), { A: 0, B: 4 });
  assert.deepStrictEqual(book.shareOf(1, HOW), { A: 1, B: 0 });
});

test("every option is in the share, and a choice no option has is not", () => {
  const book = createPickBook();
  book.addTally(tally("who", { A: 1, Z: 5 }, 1));
  assert.deepStrictEqual(book.shareOf(1, WHO), { A: 1, B: 0 });
});

test("a new loop starts an empty book, and a straggler of the old loop is not shown in it", () => {
  const book = createPickBook();
  book.addMine(pick("who", "A", 1, 10));
  book.addTally(tally("who", { A: 1 }, 1));
  book.addTally(tally("who", { B: 1 }, 2, 2));
  book.addMine(pick("who", "A", 1, 40));
  assert.deepStrictEqual(book.shareOf(2, WHO), { A: 0, B: 1 });
  assert.equal(book.choiceOf(2, "who"), null);
  assert.deepStrictEqual(book.shareOf(1, WHO), { A: 0, B: 0 });
});

// A room: Bo 30, the three bots at 10, 10 and 0, thirty more fans at 10 and two hundred at 0.
const summary = (resolved, top, points, players) => ({ type: "standings", loop: 1, resolved, top, points, players });
const row = (name, points, rank, bot = null) => ({ name, points, rank, bot });
const AFTER_WHO = summary(["who"], [row("Bo", 10, 1), row("Chalk", 10, 1, "cpu_chalk")], [[10, 33], [0, 203]], 236);
const AFTER_HOW = summary(["who", "how"], [row("Bo", 30, 1), row("Flip", 20, 2, "cpu_flip")], [[30, 1], [20, 1], [10, 31], [0, 203]], 236);

function fanBook(choices, summaries) {
  const book = createPickBook();
  book.setMine(Object.entries(choices).map(([prediction, choice], at) => pick(prediction, choice, 1, at)));
  summaries.forEach(book.addStandings);
  const game = { book, me: { name: "Ann", joined: true } };
  const answers = { who: "A", how: "B" };
  return createStandings(game, () => [WHO, HOW], (view, prediction) => answers[prediction.id]);
}

test("a fan outside the summary's top is placed by the points distribution, ties sharing a rank", () => {
  const board = fanBook({ who: "A", how: "A" }, [AFTER_WHO, AFTER_HOW]);
  const { rows, row: me, of } = board.latest({}, 1);
  assert.deepStrictEqual(me, row("Ann", 10, 3));
  assert.deepStrictEqual(rows.map((r) => r.name), ["Bo", "Flip", "Ann"]);
  assert.equal(of, 236);
});

test("a fan listed in the summary's top is that row, not a second one", () => {
  const board = fanBook({ who: "A" }, [summary(["who"], [row("Ann", 10, 1)], [[10, 1], [0, 3]], 4)]);
  assert.deepStrictEqual(board.latest({}, 1).rows, [row("Ann", 10, 1)]);
});

test("a fan who picked since the last summary joins the board at zero, counted in", () => {
  const board = fanBook({ how: "B" }, [AFTER_WHO]);
  const { row: me, of } = board.latest({}, 1);
  assert.deepStrictEqual([me.points, me.rank, of], [0, 34, 237]);
});

test("a watcher, or a fan with no pick, has no row", () => {
  const board = fanBook({}, [AFTER_WHO]);
  assert.equal(board.latest({}, 1).row, undefined);
});

test("the rank move of a resolution compares the summary that brought it with the one before", () => {
  const board = fanBook({ who: "A", how: "A" }, [AFTER_WHO, AFTER_HOW]);
  assert.equal(board.rankMove({}, 1, WHO), "Now tied 1st with Bo, Chalk and 30 others, of 236.");
  assert.equal(board.rankMove({}, 1, HOW), "Now tied 3rd with 30 others, of 236, down 2.");
});

test("no rank move is said before the summary with the answer comes", () => {
  const board = fanBook({ who: "A", how: "B" }, [AFTER_WHO]);
  assert.equal(board.rankMove({}, 1, HOW), "");
});

test("a summary that takes an answer back, or starts a new showing, starts the history afresh", () => {
  const book = createPickBook();
  book.addStandings(summary(["who"], [], [[0, 3]], 3));
  book.addStandings(summary(["who", "how"], [], [[0, 3]], 3));
  book.addStandings(summary(["how"], [row("Bo", 20, 1)], [[20, 1], [0, 3]], 4)); // "who" was taken back
  assert.deepStrictEqual(book.summaries(1).map((s) => s.resolved), [["how"]]);
  book.addStandings(summary([], [], [[0, 3]], 3)); // the match kicked off again
  assert.deepStrictEqual(book.summaries(1).map((s) => s.resolved), [[]]);
});
