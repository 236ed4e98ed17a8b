// The fan's place in words: ranks and ties said plainly (predictions/static/predictions/standings.js).
import assert from "node:assert/strict";
import test from "node:test";
import { moveText, placeText } from "../predictions/static/predictions/standings.js";

const row = (name, points, rank, bot = null) => ({ name, points, rank, bot });

test("a fan alone at a rank is that rank of the room", () => {
  const me = row("Kim", 20, 2);
  assert.equal(placeText({ row: me, rows: [row("Chalk", 30, 1, "cpu_chalk"), me], of: 5, level: 0 }), "2nd of 5");
});

test("a tie names who shares the rank, and counts those the summary does not list", () => {
  const me = row("Kim", 30, 1);
  const chalk = row("Chalk", 30, 1, "cpu_chalk");
  assert.equal(placeText({ row: me, rows: [chalk, me], of: 5, level: 1 }), "tied 1st with Chalk, of 5");
  const flip = row("Flip", 30, 1, "cpu_flip");
  assert.equal(placeText({ row: me, rows: [chalk, flip, me], of: 40, level: 4 }), "tied 1st with Chalk, Flip and 2 others, of 40");
  assert.equal(placeText({ row: me, rows: [me], of: 40, level: 1 }), "tied 1st with 1 other, of 40");
});

test("a move says where the fan went, and nothing when the rank held", () => {
  const before = { row: row("Kim", 0, 3), rows: [], of: 4, level: 0 };
  const chalk = row("Chalk", 10, 1, "cpu_chalk");
  const after = { row: row("Kim", 10, 1), rows: [chalk], of: 4, level: 1 };
  assert.equal(moveText(before, after), "Now tied 1st with Chalk, of 4, up 2.");
  assert.equal(moveText(after, after), "Now tied 1st with Chalk, of 4.");
});
