"""Presence across nodes, the asynchronous half: this node's heartbeat, and roster broadcasts.

Each node refreshes the heartbeat of its live sockets with one UPDATE per interval (not one per
socket). Watchers coming and going only change the viewer count, so those broadcasts are
coalesced per room, which keeps a crowd arriving from costing one message per watcher per
arrival. Every roster broadcast, named joins and leaves included, is then throttled per room:
the first in a quiet room goes out at once, the rest of a burst as one roster at the end of a
short window (RosterWindow).
"""

import asyncio
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import timezone

from matches.rooms import group_name
from predictions import services
from predictions.services import RosterSnapshot

log = logging.getLogger(__name__)

NODE_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
ROSTER_EVENT = "roster.update"  # handled by the consumer's roster_update()


async def broadcast_roster(fixture_id, slug):
    await send_roster(slug, await database_sync_to_async(services.roster_snapshot)(fixture_id))


async def send_roster(slug, snapshot):
    """Send a roster snapshot to the room, on every node: at once, or with the rest of a burst."""
    await roster_window.send(slug, snapshot)


async def group_send_roster(slug, snapshot):
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


@dataclass
class RoomWindow:
    sent_at: float = float("-inf")  # time.monotonic() of the room's last roster broadcast
    held: RosterSnapshot | None = None  # the newest roster waiting for the window to end
    flush: asyncio.Task | None = None


class RosterWindow:
    """At most one roster broadcast per room per PRESENCE_ROSTER_WINDOW_S from this node.

    A roster goes to every socket in the room, so a burst of N joins broadcast one by one is
    N × sockets messages, each carrying the whole name list (a 500-claim storm: 250,000). The
    first roster in a quiet room goes out at once; any that follow within the window are held
    and only the newest (highest version) goes out when the window ends. Consumers still keep
    only rosters newer than the last they forwarded, so a held roster that lost a race with the
    one sent at once, or with another node's, is dropped: the Roster version ordering holds.
    """

    def __init__(self):
        self.rooms = {}  # slug → RoomWindow

    async def send(self, slug, snapshot):
        room = self.rooms.setdefault(slug, RoomWindow())
        if _running(room.flush):
            if snapshot.version > room.held.version:
                room.held = snapshot
            return
        wait = room.sent_at + settings.PRESENCE_ROSTER_WINDOW_S - time.monotonic()
        if wait > 0:
            room.held, room.flush = snapshot, asyncio.ensure_future(self._send_held(slug, room, wait))
        else:
            room.sent_at = time.monotonic()
            await group_send_roster(slug, snapshot)

    async def _send_held(self, slug, room, wait):
        await asyncio.sleep(wait)
        snapshot, room.held, room.flush = room.held, None, None  # a change from now on is held for the next window
        room.sent_at = time.monotonic()
        try:
            await group_send_roster(slug, snapshot)
        except Exception:  # the channel layer may be back for the next change
            log.exception("roster broadcast failed")


heartbeat = Heartbeat()
coalescer = RosterCoalescer()
roster_window = RosterWindow()
