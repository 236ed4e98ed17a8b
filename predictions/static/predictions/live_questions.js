// A feed fixture's questions as the page holds them (docs/engine.md §7): the server makes and
// settles them; `hello` and `welcome` bring them all, `prediction_update` each change. Between
// messages the page locks an open question itself when the match clock passes its lock, so a
// card never invites a pick the server would reject. Pure: no DOM, no fetch, no wall clock.
const MS_PER_MINUTE = 60_000;
const PAST_ADDED_TIME = 99; // a pause stands at the end of the half just played, past any added time
const VOIDED = ["ABANDONED", "AWARDED"]; // with the unplayed states: no result on the pitch
export const VOID_TEXT = {
  not_played: "Void: the match was not played out.",
  late_report: "Void: a goal was reported after this question opened.",
  restarted: "Void: the match restarted before this was settled.",
  editor: "Void: withdrawn by Rally's editors.",
};

// The questions by id, in the order they open (ties: the order the server listed them). When
// the recorded match restarts, a question of the new showing marks the older ones
// `previous_showing` (the page folds them away); `current()` is the showing being played.
export function createLiveQuestions() {
  let byId = new Map();
  const ordered = () => [...byId.values()].sort((a, b) => a.opens_at - b.opens_at);
  const showing = () => Math.max(1, ...[...byId.values()].map((q) => q.showing ?? 1));
  const mark = () => {
    const now = showing();
    for (const [id, q] of byId) {
      if ((q.showing ?? 1) < now && !q.previous_showing) byId.set(id, { ...q, previous_showing: true });
    }
  };
  return {
    adopt(predictions) {
      if (Array.isArray(predictions)) byId = new Map(predictions.map((prediction) => [prediction.id, prediction]));
      mark();
    },
    // `corrected` (from the update's message): what a settled question said before the feed corrected it.
    update(prediction, corrected = null) {
      if (!prediction?.id) return;
      byId.set(prediction.id, corrected ? { ...prediction, corrected } : prediction);
      mark();
    },
    all: ordered,
    current: () => ordered().filter((q) => !q.previous_showing),
    showing,
  };
}

// The clock while it stands, as the server's `standing_clock` (predictions/livegame.py) has it,
// held to the same vectors (predictions/tests/live_clock_vectors.json): {value, phase}, or null
// while it ticks. 0 before kick-off; in a pause (half time, the breaks, the shoot-out, a full
// time the feed has not yet confirmed) the end of the half just played, past any added time; in
// a state the feed is unsure of (AU, PENDING) the last minute; over once the match is over.
export function standingClock(state, elapsed, final = false) {
  const code = state?.code;
  const category = state?.category ?? null;
  const minute = elapsed?.minute ?? null;
  const extra = elapsed?.extra_time ?? 0;
  const value = (m, x) => m * 100 + Math.min(x ?? 0, 99);
  if (VOIDED.includes(code) || category === "halted" || category === "unplayed" || (category === "finished" && final)) {
    return { value: value(minute ?? 0, extra), phase: "over" };
  }
  if (category === "not_started" || minute === null) return { value: 0, phase: "before_kickoff" };
  if (category === "paused" || category === "finished") return { value: value(minute, PAST_ADDED_TIME), phase: "paused" };
  if (category !== "running") return { value: value(minute, extra), phase: "paused" };
  return null;
}

// The match clock as the server counts it (minute × 100 + added minute; 0 before kick-off;
// Infinity once the match is over: nothing is open). `ticking` is the page's own running
// minute ({minute, extra_time} from feed/clock.js `tick`) or null when the clock stands.
export function matchClock(view, ticking) {
  if (!view.state) return 0;
  const standing = standingClock(view.state, view.elapsed, view.final);
  if (standing) return standing.phase === "over" ? Infinity : standing.value;
  const shown = ticking ?? view.elapsed;
  return shown?.minute ? shown.minute * 100 + (shown.extra_time ?? 0) : 0;
}

// What the card shows: the server's status, except that an open question the clock has passed
// is locked (the server would reject a pick now; it says so again when the feed settles it).
export function shownStatus(prediction, clockValue) {
  if (prediction.status !== "open") return prediction.status;
  return clockValue >= prediction.locks_at || prediction.previous_showing ? "locked" : "open";
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
