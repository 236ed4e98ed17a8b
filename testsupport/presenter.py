"""The presenter's tests' shared facts: an editor's password, a kick-off, moments of the replay."""

from datetime import UTC, datetime, timedelta

PASSWORD = "a-long-enough-password"
KICKOFF = datetime(2026, 5, 16, 15, 0, tzinfo=UTC)


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
