// The page's roster from hello and presence diffs arriving from several nodes in any order.
import { test } from "node:test";
import assert from "node:assert/strict";

import { applyDiff, applyState, rosterFromHello, shownNames } from "../predictions/static/predictions/roster.js";

const hello = (online, version = 10, named = online.length, viewers = named) => ({ version, online, named, viewers });
const diff = (version, joins = {}, leaves = {}, named = 0, viewers = 0) => ({ version, joins, leaves, named, viewers });

test("a join and a leave change the names shown", () => {
  const roster = rosterFromHello(hello(["Ann"]));
  applyDiff(roster, diff(12, { Bob: 11 }, {}, 2, 3));
  applyDiff(roster, diff(14, {}, { Ann: 13 }, 1, 2));
  assert.deepStrictEqual(shownNames(roster), { shown: ["Bob"], more: 0 });
  assert.equal(roster.viewers, 2);
});

test("diffs applied out of order end where the server is", () => {
  const roster = rosterFromHello(hello([]));
  applyDiff(roster, diff(16, {}, { Bob: 15 }, 0, 1)); // the leave overtook the join
  applyDiff(roster, diff(13, { Bob: 12 }, {}, 1, 2));
  assert.deepStrictEqual(shownNames(roster).shown, []);
  assert.equal(roster.viewers, 1, "older totals never replace newer ones");
  assert.equal(roster.version, 16);
});

test("what the hello already showed is not applied again", () => {
  const roster = rosterFromHello(hello(["Ann"], 20));
  applyDiff(roster, diff(19, {}, { Ann: 18 }, 0, 0));
  assert.deepStrictEqual(shownNames(roster).shown, ["Ann"]);
  assert.equal(roster.named, 1);
});

test("a big room shows the first names and how many more", () => {
  const names = Array.from({ length: 100 }, (_, i) => `fan${String(i).padStart(5, "0")}`);
  const roster = rosterFromHello(hello(names, 5, 10000, 12000));
  assert.equal(shownNames(roster).shown.length, 100);
  assert.equal(shownNames(roster).more, 9900);
});

test("names sort as the server's keys do, whatever their case", () => {
  const roster = rosterFromHello(hello([], 0));
  applyDiff(roster, diff(3, { bob: 1, Ann: 2 }, {}, 2, 2));
  assert.deepStrictEqual(shownNames(roster).shown, ["Ann", "bob"]);
});

test("a presence state repairs what an outage lost and keeps what came after it", () => {
  const roster = rosterFromHello(hello(["Ann", "Cid"], 10));
  applyDiff(roster, diff(30, { Dee: 29 }, {}, 3, 3)); // after the state was read
  const repaired = applyState(roster, hello(["Ann", "Bob"], 25, 2, 4)); // Bob's join and Cid's leave were lost
  assert.deepStrictEqual(shownNames(repaired).shown, ["Ann", "Bob", "Dee"]);
  assert.equal(repaired.version, 30, "totals never go back");
  applyDiff(repaired, diff(20, {}, { Bob: 19 }, 0, 0));
  assert.deepStrictEqual(shownNames(repaired).shown, ["Ann", "Bob", "Dee"], "what the state already shows is not applied again");
});
