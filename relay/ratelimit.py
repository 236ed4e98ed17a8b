"""Token buckets against floods, per connection and per client address, and the node's limits
made from settings. Pure: the caller passes the time (and the settings) in."""

from dataclasses import dataclass
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


class AddressLimits:
    """Per client address, on one node: open sockets, and a shared bucket each for frames and joins.

    One address may be a household or an office behind NAT, so the limits are far above one
    person's needs; they stop one machine from flooding a room through many sockets. A
    deployment of several nodes multiplies them: the proxy in front is the global limiter.
    """

    def __init__(self, max_sockets, frames_per_s, frame_burst, joins_per_min, join_burst):
        self.max_sockets = max_sockets
        self._bucket_shapes = {
            "frames": (frames_per_s, frame_burst),
            "joins": (joins_per_min / 60, join_burst),
        }
        self._sockets = {}
        self._buckets = {}

    def open(self, address):
        """Count a new socket from `address`; False when that address holds too many already."""
        if self._sockets.get(address, 0) >= self.max_sockets:
            return False
        self._sockets[address] = self._sockets.get(address, 0) + 1
        return True

    def close(self, address):
        left = self._sockets.get(address, 0) - 1
        if left > 0:
            self._sockets[address] = left
        else:  # the address's last socket: forget it, so the tables hold only live addresses
            self._sockets.pop(address, None)
            self._buckets.pop(address, None)

    def take(self, address, kind, now_s):
        """The verdict on one frame (`kind` "frames") or join ("joins") from `address`."""
        buckets = self._buckets.setdefault(address, {})
        if kind not in buckets:
            rate, burst = self._bucket_shapes[kind]
            buckets[kind] = TokenBucket(rate, burst, max_dropped_in_a_row=float("inf"))
        return buckets[kind].take(now_s)


class ConnectRate:
    """New sockets per client address per second, on one node: a bucket per address.

    Kept apart from AddressLimits, which forgets an address with its last socket: a client that
    opens and closes sockets in a loop must still meet its bucket. Idle addresses (their bucket
    full again) are forgotten when the table grows, so it stays bounded.
    """

    MAX_ADDRESSES = 10_000

    def __init__(self, per_s, burst):
        self.per_s, self.burst = per_s, burst
        self._buckets = {}

    def admit(self, address, now_s):
        if len(self._buckets) >= self.MAX_ADDRESSES:
            self._forget_idle(now_s)
        bucket = self._buckets.get(address)
        if bucket is None:
            bucket = self._buckets[address] = TokenBucket(
                self.per_s, self.burst, max_dropped_in_a_row=float("inf")
            )
        return bucket.take(now_s) is Verdict.ADMIT

    def _forget_idle(self, now_s):
        refilled = self.burst / self.per_s
        idle = [
            address
            for address, bucket in self._buckets.items()
            if now_s - bucket.updated_at >= refilled
        ]
        for address in (
            idle or list(self._buckets)[: self.MAX_ADDRESSES // 10]
        ):  # never full for good
            del self._buckets[address]


class LoopVoices:
    """Per client address, on one node: the players that picked in the loop being played.

    One socket is one voice per loop; this caps how many voices one address can have, so a
    script cannot fill a loop's live share through many names. The table holds the current loop
    of each room only.
    """

    def __init__(self, max_names):
        self.max_names = max_names
        self._rooms = {}  # fixture id → (loop, {address: {player id}})

    def admit(self, address, fixture_id, loop, player_id):
        """True when `player_id` may pick from `address` in `loop` (it counts from then on)."""
        room_loop, voices = self._rooms.get(fixture_id, (None, None))
        if room_loop != loop:
            voices = {}
            self._rooms[fixture_id] = (loop, voices)
        players = voices.setdefault(address, set())
        if player_id in players:
            return True
        if len(players) >= self.max_names:
            return False
        players.add(player_id)
        return True


FAILURE_LOGS_PER_ADDRESS_PER_MIN, FAILURE_LOG_BURST = 1, 3  # one address cannot fill the log


@dataclass
class NodeLimits:
    """Every limit that spans a node's sockets, in one place (relay.presence.NodePresence)."""

    addresses: AddressLimits
    connects: ConnectRate
    voices: LoopVoices
    failure_logs: ConnectRate  # logged failures per address

    @classmethod
    def from_settings(cls, settings):
        return cls(
            addresses=AddressLimits(
                max_sockets=settings.RELAY_MAX_SOCKETS_PER_ADDRESS,
                frames_per_s=settings.RELAY_FRAMES_PER_ADDRESS_PER_S,
                frame_burst=settings.RELAY_FRAME_BURST_PER_ADDRESS,
                joins_per_min=settings.RELAY_JOINS_PER_ADDRESS_PER_MIN,
                join_burst=settings.RELAY_JOIN_BURST_PER_ADDRESS,
            ),
            connects=ConnectRate(
                settings.RELAY_CONNECTS_PER_ADDRESS_PER_S, settings.RELAY_CONNECT_BURST_PER_ADDRESS
            ),
            voices=LoopVoices(settings.RELAY_NAMES_PER_ADDRESS_PER_LOOP),
            failure_logs=ConnectRate(FAILURE_LOGS_PER_ADDRESS_PER_MIN / 60, FAILURE_LOG_BURST),
        )
