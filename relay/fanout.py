"""A room's messages reach this node once, and its sockets from here.

A room message used to reach every socket through a channel of its own: per socket a queue, a
task woken and a handler dispatched by Channels, and on Redis a subscription of its own and one
decoding of the message per socket. For a room of 1,000 that was most of a fan-out's time
(BENCHMARKS.md). Now the node subscribes once per room it has sockets in, and each message,
decoded once and already encoded as text (rally.rooms), is written to the room's sockets in turn.

A message that is only the newest state of something (a `tally`: the event names it `latest`)
is held, and only the newest of each is written, at most once per window: however many nodes
send the room tallies, each socket gets a few a second. The window is RELAY_TALLY_WINDOW_S, or
longer in a room so big that one message to all its sockets here takes over a tenth of the window
(LATEST_FANOUT_SHARE), so the node keeps its time for the picks themselves.
"""

import asyncio
import logging
import time

from channels.consumer import get_handler_name
from channels.layers import get_channel_layer
from django.conf import settings

from rally import metrics
from rally.background import spawn

log = logging.getLogger(__name__)
RECEIVE_RETRY_S = 1.0  # after a failed receive (the layer is down): the layer reconnects meanwhile
CLOSE_MISSED = (
    1011  # a socket that missed a message is closed: its page reconnects and is greeted afresh
)
LATEST_FANOUT_SHARE = 0.1  # of the node's time, at most, writing a room's "latest" messages
LATEST_MAX_WINDOW_S = 1.5  # however busy the node: a page is never more than this behind
LATEST_KEYS = 256  # "latest" states a room remembers the written version of (a loop's tallies: ~10)
WRITES_BETWEEN_YIELDS = 500  # a message to a big room lets the node read its sockets in between


def crowded_window(window_s, delivery_s, share, most_s):
    """`window_s`, or longer while writing one message to a room's sockets here (`delivery_s`)
    would take more than `share` of it, up to `most_s`: a big room hears fewer, fuller messages."""
    return max(window_s, min(most_s, delivery_s / share))


class Subscription:
    """One room's channel on this node: its members are this node's sockets in the room."""

    def __init__(self, group):
        self.group, self.members, self.channel = group, set(), None
        self.ready = spawn(self._open())
        self.delivering = None
        self.delivery_s = 0.0  # how long the last message took to reach every member
        self.held = {}  # latest key → the newest such message not written yet
        self.written = {}  # latest key → the version last written (an older one arriving late is dropped)
        self.written_at = float("-inf")  # when the held messages were last written
        self.flush = None

    async def _open(self):
        layer = get_channel_layer()
        self.channel = await layer.new_channel()
        await layer.group_add(self.group, self.channel)
        self.delivering = spawn(self._deliver(layer))

    async def _deliver(self, layer):
        while True:
            try:
                message = await layer.receive(self.channel)
            except Exception:
                log.exception("relay: receiving %s failed", self.group)
                await asyncio.sleep(RECEIVE_RETRY_S)
                continue
            if "latest" in message:
                self._hold(message)
            else:
                await self._write(message)

    def _hold(self, message):
        key, version = message["latest"], message["version"]
        if version <= self.written.get(key, float("-inf")):
            return
        if key not in self.held or version > self.held[key]["version"]:
            self.held[key] = message
        if self.flush is None:
            window = crowded_window(
                settings.RELAY_TALLY_WINDOW_S,
                self.delivery_s,
                LATEST_FANOUT_SHARE,
                LATEST_MAX_WINDOW_S,
            )
            delay = max(0.0, self.written_at + window - time.monotonic())
            self.flush = asyncio.get_running_loop().call_later(
                delay, lambda: spawn(self._write_held())
            )

    async def _write_held(self):
        held, self.held = self.held, {}
        self.written_at = time.monotonic()
        for key, message in held.items():
            self.written.pop(key, None)
            self.written[key] = message["version"]
            while len(self.written) > LATEST_KEYS:  # the oldest states first (past loops' tallies)
                del self.written[next(iter(self.written))]
            await self._write(message)
        self.flush = None
        if self.held:
            self._hold(next(iter(self.held.values())))

    async def _write(self, message):
        if "sent_at" in message:
            metrics.BROADCAST_LATENCY.observe(max(0.0, time.time() - message["sent_at"]))
        handler = get_handler_name(message)
        started, writing = time.perf_counter(), 0.0
        for index, consumer in enumerate(list(self.members), 1):
            try:
                await getattr(consumer, handler)(message)
            except Exception:  # one socket's failure must not keep the message from the rest,
                log.exception("relay: delivering to a socket in %s failed", self.group)
                spawn(consumer.close(code=CLOSE_MISSED))  # nor leave it looking alive
            if (
                index % WRITES_BETWEEN_YIELDS == 0
            ):  # the picks that came meanwhile are read and answered
                writing += time.perf_counter() - started
                await asyncio.sleep(0)
                started = time.perf_counter()
        self.delivery_s = (
            writing + time.perf_counter() - started
        )  # the node's time spent writing it

    async def close(self):
        if self.flush is not None:
            self.flush.cancel()
        await asyncio.wait([self.ready])
        if self.delivering is not None:
            self.delivering.cancel()
        if self.channel is not None:
            await get_channel_layer().group_discard(self.group, self.channel)


class RoomFanout:
    """This node's subscriptions, one per room with sockets here, closed with the room's last socket."""

    def __init__(self):
        self.subscriptions = {}  # group → Subscription

    async def add(self, group, consumer):
        """`consumer` receives the room's messages from now on (once this returns)."""
        subscription = self.subscriptions.get(group)
        if subscription is None:
            subscription = self.subscriptions[group] = Subscription(group)
        subscription.members.add(consumer)
        try:
            await asyncio.shield(subscription.ready)
        except Exception:  # the layer is down: the next socket to arrive tries afresh
            subscription.members.discard(consumer)
            if self.subscriptions.get(group) is subscription:
                del self.subscriptions[group]
            raise

    def delivery_s(self, group):
        """The node's time spent writing the room's last message to all its sockets here."""
        subscription = self.subscriptions.get(group)
        return subscription.delivery_s if subscription else 0.0

    async def discard(self, group, consumer):
        subscription = self.subscriptions.get(group)
        if subscription is None or consumer not in subscription.members:
            return
        subscription.members.discard(consumer)
        if subscription.members:
            return
        # A socket arriving meanwhile opens a new subscription: the layer orders its
        # subscribe after this unsubscribe (test_a_socket_arriving_as_the_last_one_leaves…).
        del self.subscriptions[group]
        await subscription.close()
