// The feed page's own match clock between updates. The server sends the clock's facts beside
// its `elapsed` (matches/feed/elapsed.py, clock_facts): while `ticking`, the minute at wall-clock
// time T is counts_from + floor((T − started_ms) × rate / 60 s) + 1, capped at the period's
// regular end with the rest shown as stoppage ("45+2'"). The same arithmetic as the server's
// `tick`, held to the same vectors (matches/tests/clock_vectors.json). Pure: no DOM.

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
