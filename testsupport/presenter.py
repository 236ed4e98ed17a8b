"""The presenter's tests' shared facts: an editor's password, a kick-off, moments of the replay."""

from datetime import UTC, datetime, timedelta

PASSWORD = "a-long-enough-password"
KICKOFF = datetime(2026, 5, 16, 15, 0, tzinfo=UTC)


WALL_START = datetime(2026, 5, 16, 14, 0, tzinfo=UTC).timestamp()


class FakeWall:
    """A wall clock the test moves; the recorded feed runs `speed` times faster on it."""

    def __init__(self):
        self.t = WALL_START

    def __call__(self):
        return self.t

    @property
    def now(self):
        return datetime.fromtimestamp(self.t, UTC)


def replay_moment(replay, phase):
    """A moment inside the first loop's `phase` (docs/engine.md §1)."""
    anchor = replay.anchor
    play_ms = anchor.last_sequence * anchor.tick_ms
    offset_ms = {
        "LIVE": 30 * anchor.tick_ms,
        "POST_MATCH": play_ms + 1_000,
        "PRE_MATCH": play_ms + anchor.pause_ms - 1_000,
    }[phase]
    return datetime.fromtimestamp((anchor.base_started_at + offset_ms) / 1000, UTC)


def minutes(n):
    return timedelta(minutes=n)


def replay_loop_transcript(replay, writer):
    """The presenter's lines of the replay's first loop, tip-off to the next, as the director's
    timer and its wakes for news would run it: [(seconds since tip-off, game clock, text)]."""
    from django.conf import settings

    from matches.engine import fold_state, replay_clock
    from showrunner import director

    anchor = replay.anchor.as_protocol()
    events = replay.replay_events_as_protocol()
    start = anchor["baseStartedAt"]
    end = start + anchor["lastSequence"] * anchor["tickMs"] + anchor["pauseMs"]
    at_ms, lines = start, []
    while at_ms < end:
        now = datetime.fromtimestamp(at_ms / 1000, UTC)
        for script in director.run_cycle(now, writer):
            clock = replay_clock(anchor, at_ms)
            state = fold_state(events, clock["sequence"], replay.teams)
            shown = (
                f"Q{state['quarter']} {state['clock']}"
                if clock["phase"] == "LIVE"
                else clock["phase"]
            )
            lines.append(((at_ms - start) / 1000, shown, script.text))
        wake = director.next_wake(now)
        wait_s = (
            settings.SHOWRUNNER_INTERVAL_S
            if wake is None
            else min(settings.SHOWRUNNER_INTERVAL_S, wake)
        )
        at_ms += max(100, int(1000 * (wait_s + director.WAKE_MARGIN_S)))
    return lines


def recorded_match_transcript(provider, wall, seconds):
    """The presenter's lines of a recorded match played fast, as `serve` runs it: the poller at
    the provider's own interval, the director woken by each stored change (the poller's signal)
    and by its timer otherwise. [(wall seconds, the match clock the page shows, text)]."""
    from django.conf import settings

    from matches.feed import poller
    from matches.models import Fixture
    from showrunner import director

    poll_every = provider.poll_interval(settings.POLLER_INTERVAL_S)
    lines, next_poll, next_direct, elapsed = [], 0.0, 0.0, 0.0
    while elapsed <= seconds:
        if elapsed >= next_poll:
            if poller.poll_once(provider):
                next_direct = elapsed  # the poller's signal wakes the director
            next_poll = elapsed + poll_every
        if elapsed >= next_direct:
            for script in director.run_cycle(now=wall.now):
                snapshot = Fixture.objects.get(id=script.fixture_id).snapshot or {}
                shown = (snapshot.get("elapsed") or {}).get("display") or ""  # as last stored
                lines.append((elapsed, shown, script.text))
            wake = director.next_wake(wall.now)
            wait = (
                settings.SHOWRUNNER_INTERVAL_S
                if wake is None
                else min(wake, settings.SHOWRUNNER_INTERVAL_S)
            )
            next_direct = elapsed + wait + director.WAKE_MARGIN_S
        wall.t += 0.5
        elapsed += 0.5
    return lines
