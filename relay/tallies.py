"""The crowd's share, as the room hears it: a `tally` per prediction at most once per
RELAY_TALLY_WINDOW_S per room per node, never a message per vote (docs/protocol.md); each node
writes only the newest of them to its sockets, at most once per window (relay.fanout).

A batch of picks (relay.crowd) counts the share of each prediction it touched in its own
transaction, at a room-wide version; this node keeps the newest count of each prediction and
sends it when the room's window allows, encoded once, through the room's group to every node.
Pages keep the highest version of each prediction, so nodes' tallies may arrive in any order.
"""

import asyncio
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings

from rally.rooms import broadcast

log = logging.getLogger(__name__)
RETRY_S = 1.0  # the channel layer was down: the newest counts go out when it is back


@dataclass
class RoomTallies:
    slug: str
    pending: dict = field(
        default_factory=dict
    )  # (loop, prediction) → the newest tally not yet sent
    sent_at: float = float("-inf")
    timer: asyncio.TimerHandle | None = None


@dataclass
class TallyBroadcasts:
    rooms: dict = field(default_factory=dict)  # slug → RoomTallies

    def changed(self, slug, tallies):
        room = self.rooms.setdefault(slug, RoomTallies(slug))
        for tally in tallies:
            key = (tally["loop"], tally["prediction"])
            if key not in room.pending or tally["version"] > room.pending[key]["version"]:
                room.pending[key] = tally
        if room.pending and room.timer is None:
            self._schedule(room, room.sent_at + settings.RELAY_TALLY_WINDOW_S)

    def _schedule(self, room, due):
        loop = asyncio.get_running_loop()
        room.timer = loop.call_at(
            loop.time() + max(0.0, due - time.monotonic()),
            lambda: asyncio.ensure_future(self._send(room)),
        )

    async def _send(self, room):
        tallies, room.pending = room.pending, {}
        room.sent_at = time.monotonic()
        try:
            for tally in tallies.values():
                await broadcast(
                    room.slug, tally, latest=f"tally:{tally['loop']}:{tally['prediction']}"
                )
        except Exception:  # the layer may be back next time: keep the counts unless newer came
            log.exception("tally broadcast failed")
            for key, tally in tallies.items():
                room.pending.setdefault(key, tally)
            room.sent_at = time.monotonic() - settings.RELAY_TALLY_WINDOW_S + RETRY_S
        room.timer = None
        if room.pending:
            self._schedule(room, room.sent_at + settings.RELAY_TALLY_WINDOW_S)
