"""A per-connection token bucket against floods. Pure: the caller passes the time in."""

from enum import Enum


class Verdict(Enum):
    ADMIT = "admit"  # handle the frame
    WARN = "warn"  # drop it and tell the client, once per run of dropped frames
    DROP = "drop"  # drop it silently
    CLOSE = "close"  # the run went on too long: this is abuse


class TokenBucket:
    def __init__(self, rate_per_s=5.0, burst=20, max_dropped_in_a_row=30):
        self.rate, self.burst, self.max_dropped = rate_per_s, burst, max_dropped_in_a_row
        self.tokens = float(burst)
        self.updated_at = None
        self.dropped_in_a_row = 0

    def take(self, now_s):
        """The verdict on one frame arriving at `now_s` (seconds, monotonic)."""
        if self.updated_at is not None:
            self.tokens = min(self.burst, self.tokens + (now_s - self.updated_at) * self.rate)
        self.updated_at = now_s
        if self.tokens >= 1:
            self.tokens -= 1
            self.dropped_in_a_row = 0
            return Verdict.ADMIT
        self.dropped_in_a_row += 1
        if self.dropped_in_a_row >= self.max_dropped:
            return Verdict.CLOSE
        return Verdict.WARN if self.dropped_in_a_row == 1 else Verdict.DROP
