// A feed fixture's questions as the page holds them (docs/engine.md §7): the server makes and
// settles them; `hello` and `welcome` bring them all, `prediction_update` each change. Between
// messages the page locks an open question itself when the match clock passes its lock, so a
// card never invites a pick the server would reject. Pure: no DOM, no fetch, no wall clock.
import { reachedAt } from "/static/matches/feed/clock.js";

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

// What the card shows: the server's status, except that an open question the clock has passed
// is locked (the server would reject a pick now; it says so again when the feed settles it).
export function shownStatus(prediction, clockValue) {
  if (prediction.status !== "open") return prediction.status;
  return clockValue >= prediction.locks_at || prediction.previous_showing ? "locked" : "open";
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
