"""The embedded default's channel layer: channels' in-memory layer, made cheap for big rooms.

Channels sweeps every queue of every channel (and every group) on each receive and group send,
so one broadcast to N sockets costs N² steps: a second for a room of 1000. Messages expire after
a minute; sweeping at most once a second keeps that promise to within a second.

Its group send also starts one task and deep-copies the message once per member: a roster of
400 names sent to 500 sockets is 500 copies of it, and a join storm of 400 such rosters took 50
seconds (BENCHMARKS.md). Here a group send copies once (so the sender may still change its
dict) and every member shares that copy; consumers only read what they receive.
"""

import asyncio
import time
from copy import deepcopy

from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer
from channels.layers import get_channel_layer

from rally.background import per_event_loop

SWEEP_EVERY_S = 1.0


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    _swept_at = float("-inf")

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._swept_at >= SWEEP_EVERY_S:
            self._swept_at = now
            super()._clean_expired()

    async def group_send(self, group, message):
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        shared = (time.time() + self.expiry, deepcopy(message))
        for channel in list(self.groups.get(group, ())):
            queue = self.channels.setdefault(
                channel, asyncio.Queue(maxsize=self.get_capacity(channel))
            )
            if queue.full():
                continue  # as channels does: a full member misses this one, the others do not
            queue.put_nowait(shared)


class LayerProbe:
    """A message to ourselves through the channel layer, on one channel this process owns for
    the life of its event loop: proof that the layer accepts and delivers.

    A new channel per probe was a Redis subscription per probe that nothing released (the
    pub/sub layer unsubscribes a channel only when a receive on it is cancelled): /healthz at
    1 Hz added 60 subscriptions a minute to each node, for ever. One channel, one probe at a
    time; a probe whose answer never came gives its channel up.
    """

    def __init__(self):
        self.channel = None
        self.lock = asyncio.Lock()

    async def round_trip(self, timeout_s):
        """Returns once a message sent now came back; TimeoutError after `timeout_s`."""
        async with asyncio.timeout(timeout_s), self.lock:
            layer = get_channel_layer()
            if self.channel is None:
                self.channel = await layer.new_channel("probe.")
            await layer.send(self.channel, {"type": "probe"})
            try:
                await layer.receive(self.channel)
            except BaseException:
                # A cancelled receive unsubscribes its channel: the next probe subscribes a new
                # one before it sends (a message sent before the subscription would be lost).
                self.channel = None
                raise


layer_probe = per_event_loop(LayerProbe)  # this process's probe on the running event loop
