"""Presence across nodes, the asynchronous half: this node's heartbeat, and roster broadcasts.

Each node refreshes the heartbeat of its live sockets with one UPDATE per interval (not one per
socket). A named join or leave is broadcast at once; watchers coming and going only change the
viewer count, so those broadcasts are coalesced per room, which keeps a crowd arriving from
costing one message per watcher per arrival.
"""

import asyncio
import logging
import os
import socket
import uuid

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import timezone

from matches.rooms import group_name
from predictions import services

log = logging.getLogger(__name__)

NODE_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
ROSTER_EVENT = "roster.update"  # handled by the consumer's roster_update()


async def broadcast_roster(fixture_id, slug):
    await send_roster(slug, await database_sync_to_async(services.roster_snapshot)(fixture_id))


async def send_roster(slug, snapshot):
    """Send a roster snapshot to the room, on every node."""
    await get_channel_layer().group_send(
        group_name(slug), {"type": ROSTER_EVENT, "version": snapshot.version, "message": snapshot.as_protocol()}
    )


def _running(task):
    # A task of an event loop that has since closed (one per test) is as good as finished.
    return task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop()


class Heartbeat:
    """Keeps this node's presence rows fresh while it has live sockets."""

    def __init__(self):
        self.channels = set()
        self.task = None

    def add(self, channel_name):
        self.channels.add(channel_name)
        if not _running(self.task):
            self.task = asyncio.ensure_future(self._beat())

    def discard(self, channel_name):
        self.channels.discard(channel_name)

    async def _beat(self):
        while self.channels:
            await asyncio.sleep(settings.PRESENCE_HEARTBEAT_S)
            try:
                await database_sync_to_async(services.refresh_heartbeats)(set(self.channels), timezone.now())
            except Exception:  # the database may be back next time; the sweep allows for misses
                log.exception("presence heartbeat failed")


class RosterCoalescer:
    """At most one pending viewer-count broadcast per room on this node."""

    def __init__(self):
        self.pending = {}

    def soon(self, fixture_id, slug):
        if not _running(self.pending.get(fixture_id)):
            self.pending[fixture_id] = asyncio.ensure_future(self._later(fixture_id, slug))

    async def _later(self, fixture_id, slug):
        await asyncio.sleep(settings.PRESENCE_COALESCE_S)
        self.pending.pop(fixture_id, None)  # changes from now on schedule the next broadcast
        try:
            await broadcast_roster(fixture_id, slug)
        except Exception:
            log.exception("roster broadcast failed")


heartbeat = Heartbeat()
coalescer = RosterCoalescer()
