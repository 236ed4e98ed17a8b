// The page derives the league table as the server does (the shared vectors): at every goal of
// the recorded final day, the rows beside each match, and the tie rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { derive, excerpt } from "../matches/static/matches/feed/league_table.js";

const vectors = JSON.parse(readFileSync(new URL("../matches/tests/league_table_vectors.json", import.meta.url)));

for (const moment of vectors.recordedDay) {
  test(`the final day's table as it stands: ${moment.name}`, () => {
    const derived = derive(vectors.competitions.recordedDay, moment.results);
    assert.deepEqual(derived, moment.expected);
    for (const { teams, expected } of moment.excerpts) {
      assert.deepEqual(excerpt(derived.rows, teams).map((row) => row.team), expected);
    }
  });
}

for (const tie of vectors.tieRules) {
  test(`the tie rules: ${tie.competition}: ${tie.name}`, () => {
    assert.deepEqual(derive(vectors.competitions[tie.competition], tie.results), tie.expected);
  });
}
