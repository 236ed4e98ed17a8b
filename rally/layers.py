"""The embedded default's channel layer: channels' in-memory layer with its expiry sweep throttled.

Channels sweeps every queue of every channel (and every group) on each receive and group send,
so one broadcast to N sockets costs N² steps: a second for a room of 1000. Messages expire after
a minute; sweeping at most once a second keeps that promise to within a second.
"""

import time

from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer

SWEEP_EVERY_S = 1.0


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    _swept_at = float("-inf")

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._swept_at >= SWEEP_EVERY_S:
            self._swept_at = now
            super()._clean_expired()
