"""Presence across nodes, the asynchronous half: this node's heartbeat, and roster broadcasts.

Each node beats once per interval while it has sockets, and its sockets' rows live as long as
it does (one write per node, not one per socket). Presence reaches a room as diffs (Phoenix
Presence's presence_diff): who came and went, and the totals, by one path (RosterBroadcasts)
with one throttle per room, so a join costs each watcher a few dozen bytes however big the
room, and a crowd arriving costs one small diff per window rather than one message per watcher
per arrival.

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
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.utils import timezone

from rally.background import per_event_loop
from rally.http import now_ms
from rally.layers import layer_probe
from rally.rooms import encode, group_name
from relay import services
from relay.crowd import Crowd
from relay.fanout import RoomFanout, crowded_window
from relay.game import game
from relay.protocol import CLOSE_UNAVAILABLE
from relay.ratelimit import NodeLimits
from relay.standings import StandingsPushes
from relay.tallies import TallyBroadcasts

log = logging.getLogger(__name__)

NODE_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
ROSTER_EVENT = "roster.update"  # handled by the consumer's roster_update()
ROSTER_FANOUT_SHARE = 0.1  # of the node's time, at most, writing presence diffs to a room's sockets
ROSTER_MAX_WINDOW_S = 2.0
BEAT_RETRY_S = 1.0  # a failed heartbeat is tried again this soon, not a whole interval later


class Heartbeat:
    """Keeps this node's presence rows alive while it has sockets: one write per interval for
    the whole node, not one per socket (at 10,000 sockets, 0.2 ms of PostgreSQL where refreshing
    every row took 47–64 ms: bench/heartbeat.py)."""

    def __init__(self, needed, after_beat, after_outage):
        self.needed = needed  # needed(): whether the node has sockets (or departures to write)
        self.after_beat = after_beat  # a coroutine function: the node's own upkeep
        self.after_outage = after_outage  # a coroutine function: the first beat after failed ones
        self.task = None

    def start(self):
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._beat())

    async def _beat(self):
        failing = False
        while self.needed():
            try:
                await database_sync_to_async(services.beat)(NODE_ID, timezone.now())
            except Exception:  # retried within a second: the node beats as soon as it is back
                if not failing:
                    log.exception("presence heartbeat failed; retrying every %gs", BEAT_RETRY_S)
                failing = True
            else:
                await self._upkeep(after_outage=failing)
                failing = False
            await asyncio.sleep(
                min(BEAT_RETRY_S, settings.PRESENCE_HEARTBEAT_S)
                if failing
                else settings.PRESENCE_HEARTBEAT_S
            )

    async def _upkeep(self, after_outage):
        try:
            if after_outage:
                log.info("presence heartbeat: the database is back, this node beats again")
                await self.after_outage()
            await self.after_beat()
        except Exception:  # the database may be back next time
            log.exception("presence upkeep failed")


class LayerWatch:
    """Notices this node's channel layer coming back after an outage, and then resyncs its sockets.

    Redis pub/sub delivers at most once: while a node's subscription reconnects (a Redis restart,
    a network blip), what others publish to its rooms reaches nobody there, and no error says so;
    a lost diff would leave its pages wrong for good. So while the node has sockets it sends
    itself a probe through the layer every PRESENCE_LAYER_PROBE_S. A subscription is down at
    least a second (the layer's receiver waits that long before reconnecting), so some probe is
    lost with it; at the first probe that comes back, the node sends each of its sockets the
    room's state as the database holds it (`presence_state`), which contains whatever was lost.
    An in-process layer cannot lose a message: nothing to watch.
    """

    def __init__(self, needed, on_recovery):
        self.needed, self.on_recovery = (
            needed,
            on_recovery,
        )  # needed(): whether the node has sockets
        self.task = None

    def start(self):
        if isinstance(get_channel_layer(), InMemoryChannelLayer):
            return
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._watch())

    async def _watch(self):
        lost = False
        while self.needed():
            try:
                await layer_probe().round_trip(settings.PRESENCE_LAYER_PROBE_S * 4)
                if lost:
                    lost = False
                    await self.on_recovery()
            except Exception:  # the layer is down
                lost = True
            await asyncio.sleep(settings.PRESENCE_LAYER_PROBE_S)


@dataclass
class RoomChanges:
    """A room's presence events not yet broadcast by this node."""

    fixture_id: int
    slug: str
    names: dict = field(
        default_factory=dict
    )  # name → (present, version): the newest event per name
    wanted_at: float | None = (
        None  # time.monotonic() the earliest pending change wants out by; None: nothing pending
    )
    sent_at: float = float("-inf")  # of the room's last broadcast
    timer: asyncio.TimerHandle | None = None
    sending: bool = False


@dataclass
class RosterBroadcasts:
    """Every presence change this node sends, by one path, as diffs: at most one `presence_diff`
    per room per PRESENCE_ROSTER_WINDOW_S.

    A diff names who came and went (each with the roster version of its event) and carries the
    room's totals at a version of their own, read once per broadcast: a burst of 500 joins is a
    few diffs of names, not 500 reads and broadcasts of a 500-name roster. A name change in a
    quiet room goes out at once, the rest of a burst at the end of the window; watchers coming
    and going only change the totals, so those wait PRESENCE_COALESCE_S to gather a crowd's
    arrival into one diff. The diff is encoded once and the same text goes to every socket.
    """

    rooms: dict = field(default_factory=dict)  # fixture id → RoomChanges
    delivery_s: object = lambda slug: (
        0.0
    )  # the node's time writing its last message to a room (relay.fanout)

    def window_s(self, slug):
        """PRESENCE_ROSTER_WINDOW_S, or longer while one diff to the room's sockets here takes over
        a tenth of it (a crowd of 10,000 arriving): the names gather into fewer, bigger diffs."""
        return crowded_window(
            settings.PRESENCE_ROSTER_WINDOW_S,
            self.delivery_s(slug),
            ROSTER_FANOUT_SHARE,
            ROSTER_MAX_WINDOW_S,
        )

    def names_changed(self, fixture_id, slug, events):
        """`events`: {name: (present, version)} — joins (True) and leaves (False)."""
        room = self._room(fixture_id, slug)
        for name, (present, version) in events.items():
            if name not in room.names or version > room.names[name][1]:
                room.names[name] = (present, version)
        self._want(room, time.monotonic())

    def names_left(self, fixture_id, slug, freed):
        """`freed`: {name: version} — the names that left (their owners' grace runs), or none:
        then only the totals changed (watchers left)."""
        if freed:
            self.names_changed(
                fixture_id, slug, {name: (False, version) for name, version in freed.items()}
            )
        else:
            self.viewers_changed(fixture_id, slug)

    def viewers_changed(self, fixture_id, slug):
        """Only the totals changed: send them a little later, with whatever else came meanwhile."""
        self._want(self._room(fixture_id, slug), time.monotonic() + settings.PRESENCE_COALESCE_S)

    def _room(self, fixture_id, slug):
        room = self.rooms.get(fixture_id)
        if room is None:
            room = self.rooms[fixture_id] = RoomChanges(fixture_id, slug)
        return room

    def _want(self, room, at):
        if room.wanted_at is not None and room.wanted_at <= at:
            return  # already due no later than this
        room.wanted_at = at
        if not room.sending:
            self._schedule(room)

    def _schedule(self, room):
        if room.timer:
            room.timer.cancel()
        due = max(room.wanted_at, room.sent_at + self.window_s(room.slug))
        loop = asyncio.get_running_loop()
        room.timer = loop.call_at(
            loop.time() + max(0.0, due - time.monotonic()),
            lambda: asyncio.ensure_future(self._send(room)),
        )

    async def _send(self, room):
        room.timer, room.sending, room.wanted_at = None, True, None
        names, room.names = room.names, {}
        try:
            counts = await database_sync_to_async(services.roster_counts)(room.fixture_id)
            await get_channel_layer().group_send(group_name(room.slug), roster_event(counts, names))
        except (
            Exception
        ):  # the database or channel layer may be back next time: keep the names for it
            log.exception("presence broadcast failed")
            for name, event in names.items():
                if name not in room.names or event[1] > room.names[name][1]:
                    room.names[name] = event
            room.wanted_at = time.monotonic() + settings.PRESENCE_COALESCE_S
        finally:
            room.sent_at, room.sending = time.monotonic(), False
            if room.wanted_at is not None:
                self._schedule(room)


def state_message(snapshot):
    """A `presence_state`: the room as the database holds it (capped as a hello's roster is)."""
    return {
        "type": "presence_state",
        "version": snapshot.version,
        "online": snapshot.online,
        "named": snapshot.named,
        "viewers": snapshot.viewers,
    }


def roster_event(counts, names):
    """The channel-layer event of one diff: its version (for the newcomer's floor) and its text."""
    message = {
        "type": "presence_diff",
        "version": counts.version,
        "joins": {name: version for name, (present, version) in names.items() if present},
        "leaves": {name: version for name, (present, version) in names.items() if not present},
        "named": counts.named,
        "viewers": counts.viewers,
    }
    return {"type": ROSTER_EVENT, "version": counts.version, "text": encode(message)}


@dataclass
class NodePresence:
    """This node's presence work on one event loop."""

    heartbeat: Heartbeat = None
    rosters: RosterBroadcasts = field(default_factory=RosterBroadcasts)
    tallies: TallyBroadcasts = field(default_factory=TallyBroadcasts)
    fanout: RoomFanout = field(default_factory=RoomFanout)
    crowd: Crowd = None
    layer_watch: LayerWatch = None
    standings: StandingsPushes = None
    sockets: dict = field(default_factory=dict)  # fixture id → this node's greeted consumers in it
    limits: NodeLimits = field(default_factory=lambda: NodeLimits.from_settings(settings))
    live: set = field(
        default_factory=set
    )  # sockets that have not finished leaving: a graceful stop waits
    draining: bool = False  # the node is stopping: new sockets are turned away

    def __post_init__(self):
        self.rosters.delivery_s = lambda slug: self.fanout.delivery_s(group_name(slug))
        self.crowd = Crowd(self.rosters, self.tallies, NODE_ID)
        self.heartbeat = Heartbeat(
            lambda: bool(self.sockets or self.crowd.unwritten),
            self.crowd.retry_departures,
            self.reassert,
        )
        self.layer_watch = LayerWatch(lambda: bool(self.sockets), self.resync)
        self.standings = StandingsPushes(self.sockets, self.crowd.contexts)

    def stop_accepting(self):
        """The node is stopping (SIGTERM): new sockets are turned away with 1001 (the page retries,
        and the proxy sends it to another node)."""
        self.draining = True

    async def all_left(self, timeout_s):
        """Wait until every socket of this node has run its disconnect (left its room); True if
        they all did within `timeout_s`."""
        deadline = asyncio.get_running_loop().time() + timeout_s
        while self.live and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        return not self.live

    def greeted(self, consumer):
        self.sockets.setdefault(consumer.room.fixture_id, set()).add(consumer)
        self.heartbeat.start()
        self.layer_watch.start()
        self.standings.watch(consumer.room)

    def gone(self, consumer):
        room = self.sockets.get(consumer.room.fixture_id, set())
        room.discard(consumer)
        if not room:
            self.sockets.pop(consumer.room.fixture_id, None)

    async def reassert(self):
        """After a database outage: a socket of this node whose row is gone (swept while this node
        could not beat) is closed 1011, so its page reconnects and rejoins with its token: it is
        counted again, and plays as its name again if the name is still its owner's."""
        consumers = {c.channel_name: c for room in self.sockets.values() for c in list(room)}
        missing = await database_sync_to_async(services.without_rows)(list(consumers))
        if missing:
            log.warning(
                "presence: %d sockets lost their rows while away; they reconnect", len(missing)
            )
        for channel_name in missing:
            await consumers[channel_name].abort(CLOSE_UNAVAILABLE)

    async def resync(self):
        """Every socket of this node gets its room's state: its presence and the share of every
        prediction in play, which hold whatever the layer lost; one read and one encoding per room."""
        for fixture_id, consumers in list(self.sockets.items()):
            room = next(iter(consumers)).room
            try:
                snapshot = await database_sync_to_async(services.roster_snapshot)(fixture_id)
                tallies = await database_sync_to_async(game().tallies_of_loop)(
                    fixture_id, room.current_loop(now_ms())
                )
            except Exception:  # without the database the pages keep what they have
                log.exception("presence resync failed")
                continue
            text = encode(state_message(snapshot))
            shares = [encode(tally) for tally in tallies]
            for consumer in list(self.sockets.get(fixture_id, ())):
                await consumer.resync(snapshot.version, text)
                for share in shares:
                    await consumer.send(text_data=share)


on_this_loop = per_event_loop(NodePresence)  # this node's presence state on the running loop
