"""Presence across nodes, the asynchronous half: this node's heartbeat, and roster broadcasts.

Each node refreshes the heartbeat of its live sockets with one UPDATE per interval (not one per
socket). Every roster goes to its room by one path (RosterBroadcasts), with one throttle per
room: the first roster in a quiet room goes out at once, the rest of a burst as one roster at
the end of a short window. Watchers coming and going only change the viewer count, so those are
coalesced per room before they take that path, which keeps a crowd arriving from costing one
message per watcher per arrival.

The state is this node's, kept per event loop: `on_this_loop()` makes it on first use on the
running loop, so timers and tasks always belong to the loop that runs them (the server's one
loop; a test's own loop in tests) and nothing outlives the loop it was made on.
"""

import asyncio
import logging
import os
import socket
import time
import uuid
import weakref
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import timezone

from rally.rooms import group_name
from relay import services
from relay.services import RosterSnapshot

log = logging.getLogger(__name__)

NODE_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
ROSTER_EVENT = "roster.update"  # handled by the consumer's roster_update()


class Heartbeat:
    """Keeps this node's presence rows fresh while it has live sockets."""

    def __init__(self):
        self.channels = set()
        self.task = None

    def add(self, channel_name):
        self.channels.add(channel_name)
        if self.task is None or self.task.done():
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


@dataclass
class RoomWindow:
    sent_at: float = float("-inf")  # time.monotonic() of the room's last roster broadcast
    held: RosterSnapshot | None = None  # the newest roster waiting for the window to end; None: no flush pending


@dataclass
class RosterBroadcasts:
    """Every roster this node sends, by one path: at most one broadcast per room per
    PRESENCE_ROSTER_WINDOW_S.

    A roster goes to every socket in the room, so a burst of N joins broadcast one by one is
    N × sockets messages, each carrying the whole name list (a 500-claim storm: 250,000). The
    first roster in a quiet room goes out at once; any that follow within the window are held
    and only the newest (highest version) goes out when the window ends. Consumers still keep
    only rosters newer than the last they forwarded, so a held roster that lost a race with the
    one sent at once, or with another node's, is dropped: the Roster version ordering holds.

    Viewer-count changes (watchers coming and going) are coalesced first: at most one pending
    re-read per room, PRESENCE_COALESCE_S after the first change.
    """

    rooms: dict = field(default_factory=dict)  # slug → RoomWindow
    recounts: set = field(default_factory=set)  # fixture ids with a coalesced re-read pending

    def viewers_changed(self, fixture_id, slug):
        """Only the viewer count changed: send the room's roster a little later, once."""
        if fixture_id not in self.recounts:
            self.recounts.add(fixture_id)
            asyncio.ensure_future(self._recount_later(fixture_id, slug))

    async def _recount_later(self, fixture_id, slug):
        try:
            await asyncio.sleep(settings.PRESENCE_COALESCE_S)
        finally:
            self.recounts.discard(fixture_id)  # changes from now on schedule the next broadcast
        try:
            await self.refresh(fixture_id, slug)
        except Exception:
            log.exception("roster broadcast failed")

    async def refresh(self, fixture_id, slug):
        """Read the room's roster (bumping its version) and send it."""
        await self.send(slug, await database_sync_to_async(services.roster_snapshot)(fixture_id))

    async def send(self, slug, snapshot):
        """Send a roster snapshot to the room, on every node: at once, or with the rest of a burst."""
        room = self.rooms.setdefault(slug, RoomWindow())
        if room.held is not None:
            if snapshot.version > room.held.version:
                room.held = snapshot
            return
        wait = room.sent_at + settings.PRESENCE_ROSTER_WINDOW_S - time.monotonic()
        if wait > 0:
            room.held = snapshot
            asyncio.ensure_future(self._send_held(slug, room, wait))
        else:
            room.sent_at = time.monotonic()
            await self._group_send(slug, snapshot)

    async def _send_held(self, slug, room, wait):
        try:
            await asyncio.sleep(wait)
        finally:
            snapshot, room.held = room.held, None  # a change from now on is held for the next window
        room.sent_at = time.monotonic()
        try:
            await self._group_send(slug, snapshot)
        except Exception:  # the channel layer may be back for the next change
            log.exception("roster broadcast failed")

    @staticmethod
    async def _group_send(slug, snapshot):
        await get_channel_layer().group_send(
            group_name(slug), {"type": ROSTER_EVENT, "version": snapshot.version, "message": snapshot.as_protocol()}
        )


@dataclass
class NodePresence:
    """This node's presence work on one event loop."""

    heartbeat: Heartbeat = field(default_factory=Heartbeat)
    rosters: RosterBroadcasts = field(default_factory=RosterBroadcasts)


_by_loop = weakref.WeakKeyDictionary()  # event loop → NodePresence, gone with its loop


def on_this_loop():
    """This node's presence state on the running event loop, made on first use."""
    loop = asyncio.get_running_loop()
    node = _by_loop.get(loop)
    if node is None:
        node = _by_loop[loop] = NodePresence()
    return node
