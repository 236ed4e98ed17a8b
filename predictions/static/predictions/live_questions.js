// A feed fixture's questions as the page holds them (docs/engine.md §7): the server makes and
// settles them; `hello` and `welcome` bring them all, `prediction_update` each change. Between
// messages the page locks an open question itself when the match clock passes its lock, so a
// card never invites a pick the server would reject. Pure: no DOM, no fetch, no wall clock.
const MS_PER_MINUTE = 60_000;
const END_OF_PAUSE = { HT: 4599, BREAK: 9099, EXTRA_TIME_BREAK: 10599 }; // as the server's clock stands in a pause
export const VOID_TEXT = {
  not_played: "Void: the match was not played out.",
  late_report: "Void: a goal was reported after this question opened.",
};

// The questions by id, in the order they open (ties: the order the server listed them).
export function createLiveQuestions() {
  let byId = new Map();
  const ordered = () => [...byId.values()].sort((a, b) => a.opens_at - b.opens_at);
  return {
    adopt(predictions) {
      if (Array.isArray(predictions)) byId = new Map(predictions.map((prediction) => [prediction.id, prediction]));
    },
    update(prediction) {
      if (prediction?.id) byId.set(prediction.id, prediction);
    },
    all: ordered,
  };
}

// The match clock as the server counts it (minute × 100 + added minute; 0 before kick-off;
// Infinity once the match is over: nothing is open). `ticking` is the page's own running
// minute ({minute, extra_time} from feed/clock.js `tick`) or null when the clock stands.
export function matchClock(view, ticking) {
  const category = view.state?.category;
  if (!category || category === "not_started") return 0;
  if (category !== "running" && category !== "paused") return Infinity;
  if (END_OF_PAUSE[view.state.code]) return END_OF_PAUSE[view.state.code];
  const shown = ticking ?? view.elapsed;
  return shown?.minute ? shown.minute * 100 + (shown.extra_time ?? 0) : 0;
}

// What the card shows: the server's status, except that an open question the clock has passed
// is locked (the server would reject a pick now; it says so again when the feed settles it).
export function shownStatus(prediction, clockValue) {
  return prediction.status === "open" && clockValue >= prediction.locks_at ? "locked" : prediction.status;
}

// When the running period's clock reaches the match clock `value`, in the page's time (ms), or
// null when it cannot tell (the clock stands, or `value` lies in another period).
function reachedAt(value, facts) {
  if (!facts?.ticking) return null;
  const minute = Math.floor(value / 100) + (value % 100);
  const regular = Math.floor(value / 100);
  if (regular <= facts.counts_from || regular > facts.regular_end) return null;
  return facts.started_ms + ((minute - 1 - facts.counts_from) * MS_PER_MINUTE) / (facts.rate || 1);
}

// The countdown to an open question's lock: {leftMs, fraction} (fraction of its window left, 1
// when its opening is out of reach), or null when the page cannot tell when it locks.
export function lockCountdown(prediction, facts, nowMs) {
  const locksAt = reachedAt(prediction.locks_at, facts);
  if (locksAt === null) return null;
  const opensAt = reachedAt(prediction.opens_at, facts);
  const leftMs = Math.max(0, locksAt - nowMs);
  const fraction = opensAt === null || locksAt <= opensAt ? 1 : Math.min(1, leftMs / (locksAt - opensAt));
  return { leftMs, fraction };
}

// "locks at 86'", "locks at kick-off": the lock as the match clock shows it.
export function lockLabel(prediction) {
  const shown = prediction.window?.[1];
  return !shown || shown === "1'" || shown === "KO" ? "kick-off" : shown;
}
