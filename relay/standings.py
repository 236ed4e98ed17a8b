"""The replay's standings, pushed: when a question resolves, each node reads the room's standings
summary once (the game caches it per resolution) and writes it to its own sockets there.

The replay's resolutions follow from the anchor alone, so every node knows when they fall
without a message between nodes; the summary itself (predictions.engine.summarize) does not
grow with the crowd. A feed fixture's standings change when the feed settles a question, and
whoever settles it announces them (predictions.live).
"""

import asyncio
import logging

from channels.db import database_sync_to_async

from rally.http import now_ms
from rally.rooms import encode
from relay.game import game

log = logging.getLogger(__name__)
AFTER_RESOLUTION_S = 0.5  # the last batch of picks before a lock is long stored; a little margin
RETRY_S = 5.0


class StandingsPushes:
    """One task per room with sockets on this node, sleeping until the room's next resolution."""

    def __init__(self, sockets, contexts):
        self.sockets = sockets  # fixture id → this node's greeted consumers (NodePresence.sockets)
        self.contexts = contexts  # relay.crowd.RoomContexts: an operator may re-anchor the replay
        self.tasks = {}  # fixture id → task

    def watch(self, room):
        task = self.tasks.get(room.fixture_id)
        if task is None or task.done():
            self.tasks[room.fixture_id] = asyncio.ensure_future(self._push_at_each_resolution(room))

    async def _push_at_each_resolution(self, room):
        while self.sockets.get(room.fixture_id):
            due = game().next_standings_change(room, now_ms())
            if due is None:
                return
            await asyncio.sleep(max(0, due - now_ms()) / 1000 + AFTER_RESOLUTION_S)
            room = await self.contexts.get(room.slug) or room
            text = await self._read(room)
            for consumer in list(self.sockets.get(room.fixture_id, ())):
                await consumer.send(text_data=text)

    async def _read(self, room):
        """The room's standings message, encoded; read again until the database answers."""
        while True:
            try:
                return encode(
                    await database_sync_to_async(game().standings_summary)(room, now_ms())
                )
            except Exception:
                log.exception("standings of %s could not be read", room.slug)
                await asyncio.sleep(RETRY_S)
