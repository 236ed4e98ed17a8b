"""The relay's database work: presence and nickname locks, heartbeats, the sweep, the roster, and
what a socket reads on connect. Synchronous; the consumer calls it through database_sync_to_async.
Picks are the game's (predictions.services)."""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef

from matches import engine
from matches.models import Fixture
from predictions.live import LOOP as LIVE_LOOP
from predictions.models import Pick, Player
from predictions.services import picks_of_loop
from relay.models import Presence, Roster
from relay.tokens import hash_token, new_token, token_matches

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


@dataclass(frozen=True)
class Claim:
    """The answer to a `join`: the player won (`player_id`), or refused."""

    name: str  # the owner's spelling when won; the asked-for one when refused
    player_id: int | None = None
    token: str | None = None  # the owner's token (a new one unless the join brought it)
    reserved_until: datetime | None = None  # refused only because the owner's grace still runs
    picks: list = field(default_factory=list)
    roster: RosterSnapshot | None = None


def join(room, channel_name, node, nickname, token, now, loop):
    """Play as `nickname`: won with the loop's picks and the new roster, or refused."""
    claim = claim_nickname(room.fixture_id, channel_name, node, nickname, token, now)
    if claim.player_id is None:
        return claim
    return replace(claim, picks=picks_of_loop(room.fixture_id, loop), roster=roster_snapshot(room.fixture_id))


def leave(room, channel_name, now):
    """The socket closed: the new roster when the room's names changed, else None (the viewer
    count alone is left to the coalesced broadcast)."""
    return roster_snapshot(room.fixture_id) if close_presence(channel_name, now) else None


# Presence and nickname ownership


def open_presence(fixture_id, channel_name, node, now):
    Presence.objects.create(fixture_id=fixture_id, channel_name=channel_name, node=node, heartbeat=now)


def claim_nickname(fixture_id, channel_name, node, nickname, token, now):
    """Make this socket play as the owner of `nickname` (freeing any name it held): a Claim.

    The player's row lock orders every claim, reclaim and leave of one name, on any node; a
    name nobody ever held is won by one insert, so of racing first claims exactly one wins.
    """
    try:
        with transaction.atomic():
            player = Player.objects.select_for_update().filter(fixture_id=fixture_id, key=nickname.key).first()
            if player is None:
                token = new_token()
                player = Player.objects.create(
                    fixture_id=fixture_id, key=nickname.key, name=nickname.display, token_hash=hash_token(token)
                )
            elif token_matches(token, player.token_hash):
                pass  # the owner is back, with its picks, even while an old row of its lingers
            elif _plays_as(channel_name, player):
                token = _new_token_for(player)  # this socket is the owner already: a new token
            else:
                reserved_until = _reserved_until(player, channel_name, now)
                if reserved_until is not None:
                    return Claim(nickname.display, reserved_until=None if reserved_until is HELD else reserved_until)
                token = _new_owner(player, nickname)
            _play_as(fixture_id, channel_name, node, player, now)
    except IntegrityError:  # a racing first claim of the same name won the insert
        return Claim(nickname.display)
    return Claim(player.name, player_id=player.id, token=token)


HELD = object()  # a socket plays as the player now: taken, with no end in sight


def _plays_as(channel_name, player):
    return Presence.objects.filter(channel_name=channel_name, player=player).exists()


def _reserved_until(player, channel_name, now):
    """HELD while another socket plays as `player`; the end of its grace while that runs; else None."""
    if Presence.objects.filter(player=player).exclude(channel_name=channel_name).exists():
        return HELD
    if player.released_at is None:
        return None  # no socket, no release time: never claimed by a socket (a migrated player)
    until = player.released_at + timedelta(seconds=settings.PRESENCE_GRACE_S)
    return until if until > now else None


def _new_owner(player, nickname):
    """The grace is over: the name passes to a new fan, and the old owner's picks go with it."""
    player.picks.all().delete()
    player.name = nickname.display
    return _new_token_for(player)


def _new_token_for(player):
    token = new_token()
    player.token_hash = hash_token(token)
    player.save(update_fields=["name", "token_hash"])
    return token


def _play_as(fixture_id, channel_name, node, player, now):
    values = {"player": player, "name": player.name, "key": player.key, "heartbeat": now}
    previous = Presence.objects.filter(channel_name=channel_name).values_list("player_id", flat=True).first()
    if not Presence.objects.filter(channel_name=channel_name).update(**values):
        # The row was swept while this node could not reach the database: take it again.
        Presence.objects.create(fixture_id=fixture_id, channel_name=channel_name, node=node, **values)
    Player.objects.filter(id=player.id).update(released_at=None)
    if previous and previous != player.id:  # the socket swapped names: its old one may be free now
        _release([previous], now)


def _release(player_ids, now):
    """Start the grace of each player no socket plays as any more."""
    Player.objects.filter(id__in=player_ids, released_at=None).exclude(
        Exists(Presence.objects.filter(player=OuterRef("pk")))
    ).update(released_at=now)


def close_presence(channel_name, now):
    """Remove the socket's row: True if it played as someone (the room's names changed)."""
    with transaction.atomic():
        player_id = Presence.objects.filter(channel_name=channel_name).values_list("player_id", flat=True).first()
        if player_id is not None:  # lock the player first, as claims do: no reclaim slips between
            list(Player.objects.select_for_update().filter(id=player_id).values_list("id"))
        Presence.objects.filter(channel_name=channel_name).delete()
        if player_id is not None:
            _release([player_id], now)
    return player_id is not None


def prune_players(released_before):
    """Forget players whose grace ended before `released_before`, with no picks and no socket:
    their names are free, and a token of theirs just claims anew."""
    return (
        Player.objects.filter(released_at__lt=released_before)
        .exclude(Exists(Presence.objects.filter(player=OuterRef("pk"))))
        .exclude(Exists(Pick.objects.filter(player=OuterRef("pk"))))
        .delete()[0]
    )


def refresh_heartbeats(channel_names, now):
    channel_names = list(channel_names)
    for start in range(0, len(channel_names), HEARTBEAT_BATCH):
        Presence.objects.filter(channel_name__in=channel_names[start:start + HEARTBEAT_BATCH]).update(heartbeat=now)


def sweep_stale_presence(stale_before, now):
    """Delete the rows no node has refreshed since `stale_before` (their players' grace starts);
    the rooms whose roster changed."""
    with transaction.atomic():
        stale = list(
            Presence.objects.filter(heartbeat__lt=stale_before).values_list("id", "fixture__id", "fixture__slug", "player_id")
        )
        Presence.objects.filter(id__in=[row[0] for row in stale]).delete()
        _release({row[3] for row in stale if row[3] is not None}, now)
    return sorted({(fixture_id, slug) for _, fixture_id, slug, _ in stale})


def roster_snapshot(fixture_id):
    """Bump the room's roster version and read the roster under that row's lock, so a higher
    version always carries a roster at least as new."""
    with transaction.atomic():
        if not Roster.objects.filter(fixture_id=fixture_id).update(version=F("version") + 1):
            Roster.objects.get_or_create(fixture_id=fixture_id)
            Roster.objects.filter(fixture_id=fixture_id).update(version=F("version") + 1)
        version = Roster.objects.values_list("version", flat=True).get(fixture_id=fixture_id)
        room = Presence.objects.filter(fixture_id=fixture_id)
        # One player may have several sockets (two tabs, a reconnect beside a lingering row): named once.
        online = list(dict.fromkeys(room.exclude(key=None).order_by("name").values_list("name", flat=True)))
        return RosterSnapshot(version=version, online=online, viewers=room.count())
