"""The relay's database work: presence and nickname locks, heartbeats, the sweep, the roster, and
what a socket reads on connect. Synchronous; the consumer calls it through database_sync_to_async.
Picks are the game's (predictions.services)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from matches import engine
from matches.models import Fixture
from predictions.live import LOOP as LIVE_LOOP
from predictions.services import picks_of_loop
from relay.models import Presence, Roster

HEARTBEAT_BATCH = 500  # channel names per UPDATE, well under any database's parameter limit


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
        if self.kind == Fixture.Kind.FEED:
            return LIVE_LOOP  # a feed fixture is played once
        return engine.replay_clock(self.anchor, now_ms)["loop"] if self.anchor else None


@dataclass(frozen=True)
class RosterSnapshot:
    version: int
    online: list
    viewers: int

    def as_protocol(self):
        return {"type": "presence", "online": self.online, "viewers": self.viewers}


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


def arrive(room, channel_name, node, now, loop):
    """A socket opened: its row; the roster and the loop's picks it is greeted with."""
    open_presence(room.fixture_id, channel_name, node, now)
    return roster_snapshot(room.fixture_id), picks_of_loop(room.fixture_id, loop)


def join(room, channel_name, node, nickname, now, loop):
    """(the loop's picks, the new roster) when the nickname is won; None when someone holds it."""
    if not claim_nickname(room.fixture_id, channel_name, node, nickname, now):
        return None
    return picks_of_loop(room.fixture_id, loop), roster_snapshot(room.fixture_id)


def leave(room, channel_name):
    """The socket closed: the new roster when the room's names changed, else None (the viewer
    count alone is left to the coalesced broadcast)."""
    return roster_snapshot(room.fixture_id) if close_presence(channel_name) else None


# Presence and nickname locks


def open_presence(fixture_id, channel_name, node, now):
    Presence.objects.create(fixture_id=fixture_id, channel_name=channel_name, node=node, heartbeat=now)


def claim_nickname(fixture_id, channel_name, node, nickname, now):
    """Take `nickname` for this socket (freeing any name it held): True if it won the lock."""
    values = {"name": nickname.display, "key": nickname.key, "heartbeat": now}
    try:
        with transaction.atomic():
            if not Presence.objects.filter(channel_name=channel_name).update(**values):
                # The row was swept while this node could not reach the database: take it again.
                Presence.objects.create(fixture_id=fixture_id, channel_name=channel_name, node=node, **values)
    except IntegrityError:  # the unique (fixture, key) constraint: someone else holds it
        return False
    return True


def close_presence(channel_name):
    """Remove the socket's row: True if it held a nickname (the room's names changed)."""
    rows = Presence.objects.filter(channel_name=channel_name)
    named = rows.exclude(key=None).exists()
    rows.delete()
    return named


def refresh_heartbeats(channel_names, now):
    channel_names = list(channel_names)
    for start in range(0, len(channel_names), HEARTBEAT_BATCH):
        Presence.objects.filter(channel_name__in=channel_names[start:start + HEARTBEAT_BATCH]).update(heartbeat=now)


def sweep_stale_presence(stale_before):
    """Delete the rows no node has refreshed since `stale_before`; the rooms whose roster changed."""
    with transaction.atomic():
        stale = list(Presence.objects.filter(heartbeat__lt=stale_before).values_list("id", "fixture__id", "fixture__slug"))
        Presence.objects.filter(id__in=[row_id for row_id, _, _ in stale]).delete()
    return sorted({(fixture_id, slug) for _, fixture_id, slug in stale})


def roster_snapshot(fixture_id):
    """Bump the room's roster version and read the roster under that row's lock, so a higher
    version always carries a roster at least as new."""
    with transaction.atomic():
        if not Roster.objects.filter(fixture_id=fixture_id).update(version=F("version") + 1):
            Roster.objects.get_or_create(fixture_id=fixture_id)
            Roster.objects.filter(fixture_id=fixture_id).update(version=F("version") + 1)
        version = Roster.objects.values_list("version", flat=True).get(fixture_id=fixture_id)
        room = Presence.objects.filter(fixture_id=fixture_id)
        online = list(room.exclude(key=None).order_by("key").values_list("name", flat=True))
        return RosterSnapshot(version=version, online=online, viewers=room.count())
