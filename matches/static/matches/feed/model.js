// The feed page's state, folded from what the server sends: a full snapshot (the socket's
// hello, or GET …/state) replaces everything; a COMPOSITE_UPDATE replaces everything but
// the pressure chart, which it extends with its new points. Pure: no DOM, no clock.

// The kinds the vidiprinter shows; the feed's other events are kept but not shown. The server's
// one table of SportMonks event types (matches/feed/event_types.py, SHOWN_KINDS) says the same:
// both are held to matches/tests/feed_rules_vectors.json.
export const SHOWN_KINDS = ["var", "goal", "penalty_scored", "penalty_missed", "red_card", "shootout_missed",
  "shootout_scored", "card_rescinded"];

export function emptyView(teams) {
  return { teams, state: null, statusChange: null, scores: { home: 0, away: 0, periods: {} },
           elapsed: null, clock: null, startingAt: null, recorded: null, competition: null, venue: null,
           lineups: { home: [], away: [] }, statistics: [], events: [], pressure: [], hash: null, serverNow: 0,
           shootout: null, showing: 1, final: false };
}

export function applySnapshot(view, snapshot) {
  if (!snapshot || !snapshot.state) return view;
  return { ...fold(view, snapshot), statusChange: null, pressure: byMinute([], snapshot.pressure ?? []) };
}

export function applyComposite(view, message) {
  const base = message.pressure_reset ? [] : view.pressure;
  return { ...fold(view, message), pressure: byMinute(base, message.pressure_delta ?? []) };
}

function fold(view, message) {
  return {
    ...view,
    teams: message.teams ?? view.teams,
    state: message.state,
    statusChange: message.status_change ?? null,
    scores: message.scores,
    elapsed: message.elapsed,
    clock: message.clock ?? null,
    startingAt: message.starting_at ?? view.startingAt,
    recorded: message.recorded ?? null,
    competition: message.competition ?? null,
    venue: message.venue ?? null,
    lineups: message.lineups ?? { home: [], away: [] },
    statistics: message.statistics ?? [],
    events: sortEvents(message.events ?? []),
    shootout: message.shootout ?? null,
    showing: message.showing ?? 1,
    final: Boolean(message.final),
    hash: message.hash,
    serverNow: message.serverNow,
  };
}

// Points keyed by minute: a delta point replaces a revised minute and adds a new one.
function byMinute(points, delta) {
  const merged = new Map(points.map((point) => [point.minute, point]));
  for (const point of delta) merged.set(point.minute, point);
  return [...merged.values()].sort((a, b) => a.minute - b.minute);
}

// Stoppage time in place: 45+2 before 46, 90+2 before 90+4.
export function sortEvents(events) {
  return [...events].sort((a, b) => a.minute - b.minute || (a.extra_minute ?? 0) - (b.extra_minute ?? 0));
}

export function shownEvents(events) {
  return events.filter((event) => SHOWN_KINDS.includes(event.kind));
}

export function minuteLabel(event) {
  return event.extra_minute ? `${event.minute}+${event.extra_minute}'` : `${event.minute}'`;
}

// The socket's health: silent for longer than `silentAfterMs` means fall back to reading
// the state every `pollEveryMs` until the socket speaks again.
export function createSilenceWatch({ silentAfterMs = 90_000, pollEveryMs = 60_000, now }) {
  let heardAt = now();
  let polledAt = null;
  return {
    heard() {
      heardAt = now();
      polledAt = null;
    },
    // Whether to read the state now; call it often (every few seconds).
    shouldPoll() {
      const at = now();
      if (at - heardAt <= silentAfterMs) return false;
      if (polledAt !== null && at - polledAt < pollEveryMs) return false;
      polledAt = at;
      return true;
    },
    get fallingBack() {
      return now() - heardAt > silentAfterMs;
    },
  };
}
