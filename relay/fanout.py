"""A room's messages reach this node once, and its sockets from here.

A room message used to reach every socket through a channel of its own: per socket a queue, a
task woken and a handler dispatched by Channels, and on Redis a subscription of its own and one
decoding of the message per socket. For a room of 1,000 that was most of a fan-out's time
(BENCHMARKS.md). Now the node subscribes once per room it has sockets in, and each message,
decoded once and already encoded as text (rally.rooms), is written to the room's sockets in turn.
"""

import asyncio
import logging
import time

from channels.consumer import get_handler_name
from channels.layers import get_channel_layer

from rally import metrics

log = logging.getLogger(__name__)
RECEIVE_RETRY_S = 1.0  # after a failed receive (the layer is down): the layer reconnects meanwhile
CLOSE_MISSED = 1011  # a socket that missed a message is closed: its page reconnects and is greeted afresh


class Subscription:
    """One room's channel on this node: its members are this node's sockets in the room."""

    def __init__(self, group):
        self.group, self.members, self.channel = group, set(), None
        self.ready = asyncio.ensure_future(self._open())
        self.delivering = None
        self.delivery_s = 0.0  # how long the last message took to reach every member

    async def _open(self):
        layer = get_channel_layer()
        self.channel = await layer.new_channel()
        await layer.group_add(self.group, self.channel)
        self.delivering = asyncio.ensure_future(self._deliver(layer))

    async def _deliver(self, layer):
        while True:
            try:
                message = await layer.receive(self.channel)
            except Exception:
                log.exception("relay: receiving %s failed", self.group)
                await asyncio.sleep(RECEIVE_RETRY_S)
                continue
            if "sent_at" in message:
                metrics.BROADCAST_LATENCY.observe(max(0.0, time.time() - message["sent_at"]))
            handler = get_handler_name(message)
            started = time.perf_counter()
            for consumer in list(self.members):
                try:
                    await getattr(consumer, handler)(message)
                except Exception:  # one socket's failure must not keep the message from the rest,
                    log.exception("relay: delivering to a socket in %s failed", self.group)
                    asyncio.ensure_future(consumer.close(code=CLOSE_MISSED))  # nor leave it looking alive
            self.delivery_s = time.perf_counter() - started

    async def close(self):
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
        """How long this node's last message to the room took to reach all its sockets here."""
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
