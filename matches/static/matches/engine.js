// The shared-truth engine, replay half (docs/engine.md §1–2): the replay clock and the state fold.
// A plain ES module, no dependencies. Mirrors matches/engine.py function for function, same JSON
// shapes in and out; matches/tests/engine_vectors.json (jstests/engine.test.mjs) holds both to the
// same outputs. The game half (seeded random, predictions, bots, standings) is
// predictions/static/predictions/engine.js.

// Integer division and remainder that stay exact for any safe integer (no float rounding).
function divmod(a, b) {
  const rest = a % b;
  return [(a - rest) / b, rest];
}

// §1 Replay clock

export function replayClock(anchor, nowMs) {
  const { tickMs, pauseMs, lastSequence } = anchor;
  const playMs = lastSequence * tickMs;
  const cycleMs = playMs + pauseMs;
  const elapsed = Math.max(0, nowMs - anchor.baseStartedAt);
  const [cycleIndex, within] = divmod(elapsed, cycleMs);
  const loopStartedAt = anchor.baseStartedAt + cycleIndex * cycleMs;
  return {
    cycleIndex,
    loop: cycleIndex + 1,
    sequence: within < playMs ? divmod(within, tickMs)[0] + 1 : lastSequence,
    phase: phase(within - playMs, pauseMs),
    withinMs: within,
    playMs,
    cycleMs,
    loopStartedAt,
    nextTipoffMs: loopStartedAt + cycleMs,
  };
}

function phase(sinceFinalBuzzerMs, pauseMs) {
  if (sinceFinalBuzzerMs < 0) return "LIVE";
  // `x < pauseMs / 2` without a fraction, so an odd pause splits identically everywhere.
  return 2 * sinceFinalBuzzerMs < pauseMs ? "POST_MATCH" : "PRE_MATCH";
}

// §2 State fold

export function foldState(events, sequence, teams) {
  const state = {
    sequence,
    quarter: 1,
    clock: "10:00",
    score: { [teams.home]: 0, [teams.away]: 0 },
    players: {},
    last: null,
  };
  for (const event of events) {
    if (event.sequence > sequence) break;
    foldEvent(state, event);
  }
  return state;
}

function foldEvent(state, event) {
  state.quarter = event.quarter;
  state.clock = event.clock;
  state.last = event;
  if (Object.hasOwn(state.score, event.team)) state.score[event.team] += event.points;
  if (event.player_id !== null) {
    state.players[event.player_id] = (state.players[event.player_id] ?? 0) + event.points;
  }
}
