"""The small interface every feed provider implements, and the errors the poller handles."""

import logging
from abc import ABC, abstractmethod
from datetime import date

from .parse import InvalidPayload, normalise

log = logging.getLogger(__name__)

# One fixture as the feed sends it: a SportMonks v3 fixture object with its includes.
FixturePayload = dict


class FeedError(Exception):
    """The provider could not deliver this cycle; the poller keeps the last good state."""


class RateLimited(FeedError):
    """The feed asked us to wait; `retry_after` is in seconds."""

    def __init__(self, retry_after, detail="rate limited"):
        super().__init__(f"{detail}; retry in {retry_after:.0f}s")
        self.retry_after = retry_after


class FeedProvider(ABC):
    """A provider fetches fixtures as its feed sends them; this base reads each one once.

    The pipeline (the poller, the showrunner's day sync) takes `live_snapshots()` and
    `day_snapshots(day)`: Rally's normalised snapshot of every fixture that parses, each
    payload normalised exactly once.
    """

    name = "feed"
    rate = 1.0  # how fast `now()` runs against the wall clock (the recorded demo can run faster)
    # A replayed match: `{"date": ISO date it was played, "illustrative": [parts not measured]}`; None when live.
    recorded = None

    @abstractmethod
    def live_payloads(self) -> list[FixturePayload]:
        """The fixtures in play (or about to be, or just finished), each with its includes, unread."""

    @abstractmethod
    def day_payloads(self, day: date) -> list[FixturePayload]:
        """The fixtures of one day, with participants and state, for the showrunner's schedule; unread."""

    @abstractmethod
    def now(self) -> float:
        """The provider's clock in Unix seconds: what its period timestamps are measured against."""

    def poll_interval(self, interval: float) -> float:
        """Seconds between the poller's cycles for this provider, given the configured ones."""
        return interval

    def season_standings(self, season_id, include) -> list | None:
        """A season's standings as the feed sends them (v3 rows with the includes named), or None
        when the provider has none (the recorded day brings its own, sourced)."""
        return None

    def fixture_payload(self, fixture_id) -> FixturePayload | None:
        """One fixture by id with the live includes (one that left the in-play list), or None."""
        return None

    def live_snapshots(self) -> list[dict]:
        return self._snapshots(self.live_payloads())

    def day_snapshots(self, day: date) -> list[dict]:
        return self._snapshots(self.day_payloads(day))

    def fixture_snapshot(self, fixture_id) -> dict | None:
        payload = self.fixture_payload(fixture_id)
        return next(iter(self._snapshots([payload] if payload else [])), None)

    def _snapshots(self, payloads):
        # Whether the match is replayed is the provider's to say: the payload is v3 as sent.
        return [
            snapshot | {"recorded": self.recorded}
            for _, snapshot in read_valid(payloads, self.name)
        ]


def read_valid(fixtures, source):
    """(payload, snapshot) for each fixture that parses; each bad one is skipped with a logged reason, never raised."""
    valid = []
    for index, fixture in enumerate(fixtures):
        try:
            snapshot = normalise(fixture)
        except InvalidPayload as problem:
            fixture_id = fixture.get("id") if isinstance(fixture, dict) else None
            log.warning("%s: skipping fixture #%s (id %s): %s", source, index, fixture_id, problem)
            continue
        valid.append((fixture, snapshot))
    return valid
