// The page's book of relayed picks: what the leaderboard and the live share are folded from.
import { test } from "node:test";
import assert from "node:assert/strict";

import { createPickBook, shareOf } from "../predictions/static/predictions/picks.js";

const pick = (name, prediction, choice, loop, at) => ({ name, prediction, choice, loop, at });
const WHO = { id: "who", options: [{ id: "A" }, { id: "B" }] };

test("the latest pick of a name on a prediction stands", () => {
  const book = createPickBook();
  book.addAll([pick("Ann", "who", "A", 1, 10), pick("Ann", "who", "B", 1, 20)]);
  assert.deepStrictEqual(book.picks(1).map((p) => p.choice), ["B"]);
  assert.equal(book.choiceOf("Ann", 1, "who"), "B");
});

test("a pick heard twice (in welcome and relayed) counts once, and an older copy never wins", () => {
  const book = createPickBook();
  book.add(pick("Ann", "who", "B", 1, 20));
  book.addAll([pick("Ann", "who", "A", 1, 10), pick("Ann", "who", "B", 1, 20)]);
  assert.deepStrictEqual(book.picks(1), [pick("Ann", "who", "B", 1, 20)]);
});

test("a new loop starts an empty book, and the old loop's picks are not shown in it", () => {
  const book = createPickBook();
  book.add(pick("Ann", "who", "A", 1, 10));
  assert.deepStrictEqual(book.picks(2), []);
  book.add(pick("Bob", "who", "B", 2, 30));
  book.add(pick("Ann", "who", "A", 1, 40)); // a straggler from the loop that ended
  assert.deepStrictEqual(book.picks(2), [pick("Bob", "who", "B", 2, 30)]);
  assert.equal(book.choiceOf("Ann", 2, "who"), null);
});

test("names that look alike in JSON stay apart", () => {
  const book = createPickBook();
  book.addAll([pick('a","b', "c", "A", 1, 1), pick("a", 'b","c', "B", 1, 2)]);
  assert.equal(book.picks(1).length, 2);
});

test("the live share counts standing picks per option", () => {
  const picks = [pick("Ann", "who", "A", 1, 1), pick("Bob", "who", "A", 1, 2), pick("Cy", "who", "B", 1, 3),
    pick("Cy", "other", "A", 1, 4), pick("Di", "who", "Z", 1, 5)];
  assert.deepStrictEqual(shareOf(picks, WHO), { A: 2, B: 1 });
});
