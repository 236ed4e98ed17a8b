"""The relay's database work: presence and nickname locks, heartbeats, the sweep, the roster, and
what a socket reads on connect. Synchronous; the consumer calls it through database_sync_to_async.
Picks are the game's (predictions.services)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from matches import engine
from matches.models import Fixture
from predictions.services import picks_of_loop
from relay.models import Presence, Roster

HEARTBEAT_BATCH = 500  # channel names per UPDATE, well under any database's parameter limit
HELLO_NAMES = 100  # a newcomer's hello lists this many names (in key order) and the total


@dataclass(frozen=True)
class RoomContext:
    """What a socket needs for its whole life, read once on connect."""

    fixture_id: int
    slug: str
    kind: str
    anchor: dict | None  # protocol shape; replay fixtures only
    snapshot: dict
    predictions: dict  # prediction id → protocol shape

    def current_loop(self, now_ms):
        return engine.replay_clock(self.anchor, now_ms)["loop"] if self.anchor else None


@dataclass(frozen=True)
class RosterSnapshot:
    """What a newcomer's hello carries: the first HELLO_NAMES names and the totals, as of `version`."""

    version: int
    online: list
    named: int
    viewers: int


@dataclass(frozen=True)
class RosterCounts:
    """The room's totals, read under the roster row's lock at a version of their own."""

    version: int
    named: int
    viewers: int


def room_context(slug):
    fixture = Fixture.objects.with_anchor(slug)
    if fixture is None:
        return None
    anchor = getattr(fixture, "anchor", None)
    return RoomContext(
        fixture_id=fixture.id,
        slug=fixture.slug,
        kind=fixture.kind,
        anchor=anchor.as_protocol() if anchor else None,
        snapshot=fixture.snapshot,
        predictions={p.key: p.as_protocol() for p in fixture.predictions.all()},
    )


# A socket's life in the room: each step is one call, so one trip to the database thread.


def arrive(room, channel_names, node, now, loop):
    """Sockets opened (a batch, relay.presence.Crowd): their rows; the roster and the loop's
    picks every one of them is greeted with."""
    Presence.objects.bulk_create(
        Presence(fixture_id=room.fixture_id, channel_name=channel_name, node=node, heartbeat=now)
        for channel_name in channel_names
    )
    return roster_snapshot(room.fixture_id), picks_of_loop(room.fixture_id, loop)


def join(room, channel_name, node, nickname, now, loop):
    """(the loop's picks, the roster version of the join) when the nickname is won; None when
    someone holds it."""
    version = claim_nickname(room.fixture_id, channel_name, node, nickname, now)
    if version is None:
        return None
    return picks_of_loop(room.fixture_id, loop), version


def leave(room, channel_names):
    """Sockets closed (a batch): {name: the roster version of its leave} of those that held one.
    The names leave together, so they share one version."""
    channel_names, freed = list(channel_names), {}
    for start in range(0, len(channel_names), HEARTBEAT_BATCH):
        with transaction.atomic():
            rows = Presence.objects.filter(channel_name__in=channel_names[start:start + HEARTBEAT_BATCH])
            names = list(rows.exclude(key=None).values_list("name", flat=True))
            rows.delete()
            if names:
                freed.update(dict.fromkeys(names, bump_roster_version(room.fixture_id)))
    return freed


# Presence and nickname locks


def open_presence(fixture_id, channel_name, node, now):
    Presence.objects.create(fixture_id=fixture_id, channel_name=channel_name, node=node, heartbeat=now)


def claim_nickname(fixture_id, channel_name, node, nickname, now):
    """Take `nickname` for this socket (freeing any name it held): the roster version of the
    claim if it won the lock, None if someone else holds it."""
    values = {"name": nickname.display, "key": nickname.key, "heartbeat": now}
    try:
        with transaction.atomic():
            if not Presence.objects.filter(channel_name=channel_name).update(**values):
                # The row was swept while this node could not reach the database: take it again.
                Presence.objects.create(fixture_id=fixture_id, channel_name=channel_name, node=node, **values)
            return bump_roster_version(fixture_id)
    except IntegrityError:  # the unique (fixture, key) constraint: someone else holds it
        return None


def refresh_heartbeats(channel_names, now):
    channel_names = list(channel_names)
    for start in range(0, len(channel_names), HEARTBEAT_BATCH):
        Presence.objects.filter(channel_name__in=channel_names[start:start + HEARTBEAT_BATCH]).update(heartbeat=now)


def sweep_stale_presence(stale_before):
    """Delete the rows no node has refreshed since `stale_before`: per room whose rows went,
    (fixture id, slug, {freed name: roster version of its leave})."""
    with transaction.atomic():
        stale = list(Presence.objects.filter(heartbeat__lt=stale_before).values_list("id", "fixture_id", "fixture__slug", "name"))
        Presence.objects.filter(id__in=[row_id for row_id, _, _, _ in stale]).delete()
        rooms = {(fixture_id, slug): {} for _, fixture_id, slug, _ in stale}
        for _, fixture_id, slug, name in stale:
            if name:  # every leave gets its own version: a name is ordered by its events
                rooms[fixture_id, slug][name] = bump_roster_version(fixture_id)
    return [(fixture_id, slug, freed) for (fixture_id, slug), freed in sorted(rooms.items())]


# The roster version orders every presence event of a room across nodes: each claim and leave
# takes the next version in its own transaction (so a name freed on one node and claimed on
# another gets the later version for the claim), and so does every broadcast of the totals.


def bump_roster_version(fixture_id):
    """The room's next roster version; the caller's transaction holds the row's lock till it ends."""
    with transaction.atomic():
        if not Roster.objects.filter(fixture_id=fixture_id).update(version=F("version") + 1):
            Roster.objects.get_or_create(fixture_id=fixture_id)
            Roster.objects.filter(fixture_id=fixture_id).update(version=F("version") + 1)
        return Roster.objects.values_list("version", flat=True).get(fixture_id=fixture_id)


def roster_counts(fixture_id):
    """The room's totals at a new version: what a presence diff carries beside its names."""
    with transaction.atomic():
        version = bump_roster_version(fixture_id)
        room = Presence.objects.filter(fixture_id=fixture_id)
        return RosterCounts(version=version, named=room.exclude(key=None).count(), viewers=room.count())


def roster_snapshot(fixture_id, names=HELLO_NAMES):
    """A newcomer's roster: the version is read first, so every event after what the names
    show has a higher version and reaches the newcomer as a diff (it is in the room's group
    before this is read)."""
    roster, _ = Roster.objects.get_or_create(fixture_id=fixture_id)
    room = Presence.objects.filter(fixture_id=fixture_id)
    named = room.exclude(key=None)
    online = list(named.order_by("key").values_list("name", flat=True)[:names])
    return RosterSnapshot(version=roster.version, online=online, named=named.count(), viewers=room.count())
