"""A crowd arriving at kick-off: what keeps thousands of sockets opened at once counted and served.

Each socket used to make two trips to the database thread (one thread, shared by the whole
node) before its handshake finished; when a crowd arrived faster than that thread served them,
handshakes outlived daphne's connect timeout and were dropped mid-trip, leaving rows behind and
pages never greeted (bench/arrival.py: 6,000 opened 50 every 0.3 s, 3,890 never connected and
the room counted sockets nobody held). Now the handshake needs no trip at all (the room's
context comes from a per-node cache, one read per room per second), and arrivals and departures
go to the database in batches: whatever a room's sockets ask while its previous batch runs
goes in the next one, so a crowd costs a trip per batch, not per socket.
"""

import asyncio

from channels.db import database_sync_to_async
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from rally.background import spawn
from rally.http import now_ms
from rally.lru import BoundedTTLCache
from relay import services
from relay.game import game

CONTEXT_CACHE_S = 1.0  # as /state: nodes may lag an operator's re-anchor by a second
CONTEXT_CACHE_ROOMS = 1024  # known rooms; unknown slugs are never cached (the slug is the client's)


class RoomContexts:
    """A room's context (relay.services.room_context), read once per room per CONTEXT_CACHE_S
    however many sockets ask at once."""

    def __init__(self):
        self.cache = BoundedTTLCache(CONTEXT_CACHE_ROOMS, CONTEXT_CACHE_S)
        self.reading = {}  # slug → the read in flight, shared by everyone asking meanwhile

    async def get(self, slug):
        room = self.cache.get(slug)
        if room is not BoundedTTLCache.MISSING:
            return room
        if slug not in self.reading:
            self.reading[slug] = spawn(self._read(slug))
        return await asyncio.shield(self.reading[slug])

    async def _read(self, slug):
        try:
            room = await database_sync_to_async(services.room_context)(slug)
            if room is not None:
                self.cache.set(slug, room)
            return room
        finally:
            del self.reading[slug]


class Batches:
    """Work for many sockets of one room done in one trip: `work(room, items)` runs for
    everything submitted while the room's previous batch ran (and, with `gather_s`, for that long
    before each batch), and every submitter gets its result."""

    def __init__(self, work, gather_s=0.0):
        self.work, self.gather_s = work, gather_s
        self.waiting = {}  # fixture id → (room, items, futures) for the next batch
        self.running = set()  # fixture ids with a batch in flight

    async def submit(self, room, item):
        future = asyncio.get_running_loop().create_future()
        _, items, futures = self.waiting.setdefault(room.fixture_id, (room, [], []))
        items.append(item)
        futures.append(future)
        if room.fixture_id not in self.running:
            self.running.add(room.fixture_id)  # now, not when the task starts: one run per room
            spawn(self._run(room.fixture_id))
        return await future

    async def _run(self, fixture_id):
        try:
            while fixture_id in self.waiting:
                if self.gather_s:
                    await asyncio.sleep(self.gather_s)
                room, items, futures = self.waiting.pop(fixture_id)
                try:
                    result, error = await self.work(room, items), None
                except Exception as failure:  # each submitter decides what a failed trip means
                    result, error = None, failure
                for future in futures:
                    if not future.done():  # a submitter cancelled (its socket went) is skipped
                        future.set_exception(error) if error else future.set_result(result)
        finally:
            self.running.discard(fixture_id)


class Crowd:
    """This node's arrivals, departures, joins and picks, batched per room; presence changes go to
    `rosters`, the share of the picks to `tallies`."""

    def __init__(self, rosters, tallies, node_id):
        self.rosters, self.tallies, self.node_id = rosters, tallies, node_id
        self.contexts = RoomContexts()
        self.arrivals, self.departures = Batches(self._arrive), Batches(self._leave)
        self.joins = Batches(self._join)
        # A crowd answering at once: one transaction and one upsert per room per window, not a
        # write per pick on the node's one database thread (bench/pick_storm.py).
        self.picks = Batches(self._pick, gather_s=settings.RELAY_PICK_BATCH_S)
        self.unwritten = {}  # fixture id → (room, channel names): departures a database outage kept back

    async def arrive(self, room, channel_name):
        """(the roster, the loop's picks) a newcomer is greeted with, once its row is written."""
        return await self.arrivals.submit(room, channel_name)

    async def leave(self, room, channel_name):
        """The socket's row goes with the room's next batch. Without the database it is kept for
        retry_departures: the node still beats, so no sweep would free it."""
        try:
            await self.departures.submit(room, channel_name)
        except DatabaseError:
            self._keep_unwritten(room, {channel_name})
            raise

    async def retry_departures(self):
        """Write the departures a database outage kept back (with each heartbeat)."""
        for fixture_id in list(self.unwritten):
            room, channel_names = self.unwritten.pop(fixture_id)
            try:
                await self._leave(room, channel_names)
            except DatabaseError:
                self._keep_unwritten(room, channel_names)

    def _keep_unwritten(self, room, channel_names):
        self.unwritten.setdefault(room.fixture_id, (room, set()))[1].update(channel_names)

    async def join(self, room, request):
        """The Claim of a `join` (relay.services.JoinRequest), made with the room's next batch."""
        return (await self.joins.submit(room, request))[request]

    async def pick(self, room, pending):
        """(reason, None) or (None, the stored pick) of a relay.game.PendingPick, once its batch
        is stored: a pick is confirmed only once it is kept. DatabaseError: not stored."""
        return (await self.picks.submit(room, pending))[pending]

    async def _arrive(self, room, channel_names):
        greeting = await database_sync_to_async(services.arrive)(
            room, channel_names, self.node_id, timezone.now(), now_ms()
        )
        self.rosters.viewers_changed(room.fixture_id, room.slug)
        return greeting

    async def _join(self, room, requests):
        return await database_sync_to_async(services.join)(
            room, requests, self.node_id, timezone.now(), now_ms()
        )

    async def _pick(self, room, pending):
        verdicts, tallies = await database_sync_to_async(game().store_picks)(room, pending)
        self.tallies.changed(room.slug, tallies)
        return verdicts

    async def _leave(self, room, channel_names):
        freed = await database_sync_to_async(services.leave)(room, channel_names, timezone.now())
        self.rosters.names_left(room.fixture_id, room.slug, freed)
