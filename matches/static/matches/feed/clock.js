// The football match clock on the page, the mirror of the server's (matches/feed/clock.py), held
// to the same vectors (matches/tests/clock_vectors.json). Two forms of one clock: what the score
// bug shows, ticked between updates from the clock's facts the server sends beside its `elapsed`
// (while `ticking`, the minute at wall-clock time T is counts_from + floor((T − started_ms) ×
// rate / 60 s) + 1, capped at the period's regular end with the rest shown as stoppage, "45+2'");
// and the game's clock, minute × 100 + added minute, which opens and locks questions. Pure: no DOM.
const MS_PER_MINUTE = 60_000;
const ADDED_MINUTES = 99; // the most added minutes the game's clock expresses; a pause stands here

export function tick(facts, nowMs) {
  if (!facts?.ticking) return null;
  const playedS = (Math.max(nowMs - facts.started_ms, 0) * (facts.rate ?? 1)) / 1000;
  const minute = facts.counts_from + Math.floor(playedS / 60) + 1;
  if (minute > facts.regular_end) {
    const extra = minute - facts.regular_end;
    return { minute: facts.regular_end, extra_time: extra, display: `${facts.regular_end}+${extra}'` };
  }
  return { minute, extra_time: 0, display: `${minute}'` };
}

// What the score bug shows at `nowMs` (the server's time): the ticking clock, else the server's
// display; before kick-off, the kick-off in the fan's own time zone.
export function clockDisplay(view, nowMs, formatTime = localTime) {
  if (view.state?.category === "not_started" && view.startingAt) return formatTime(view.startingAt * 1000);
  return tick(view.clock, nowMs)?.display ?? view.elapsed?.display ?? "";
}

export function localTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function localKickoff(seconds) {
  if (!seconds) return "";
  return new Date(seconds * 1000).toLocaleString([], {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
  });
}

// The game's clock while it stands, as the server's `standing_clock` has it: {value, phase}, or
// null while it ticks. 0 before kick-off; in a pause (half time, the breaks, the shoot-out, a full
// time the feed has not yet confirmed) the end of the half just played, past any added time; in
// a state the feed is unsure of (AU, PENDING) the last minute; over once the match is over.
export function standingClock(state, elapsed, final = false) {
  const category = state?.category ?? null;
  const minute = elapsed?.minute ?? null;
  const extra = elapsed?.extra_time ?? 0;
  const value = (m, x) => m * 100 + Math.min(x ?? 0, 99);
  if (state?.voids || category === "halted" || category === "unplayed" || (category === "finished" && final)) {
    return { value: value(minute ?? 0, extra), phase: "over" };
  }
  if (category === "not_started" || minute === null) return { value: 0, phase: "before_kickoff" };
  if (category === "paused" || category === "finished") return { value: value(minute, ADDED_MINUTES), phase: "paused" };
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

// When the running period's clock reaches the match clock `value`, in the page's time (ms), or
// null when it cannot tell (the clock stands, or `value` lies in another period).
export function reachedAt(value, facts) {
  if (!facts?.ticking) return null;
  const minute = Math.floor(value / 100) + (value % 100);
  const regular = Math.floor(value / 100);
  if (regular <= facts.counts_from || regular > facts.regular_end) return null;
  return facts.started_ms + ((minute - 1 - facts.counts_from) * MS_PER_MINUTE) / (facts.rate || 1);
}
