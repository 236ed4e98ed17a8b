"""The relay's database work: presence and nickname locks, heartbeats, the sweep, the roster, and
what a socket reads on connect. Synchronous; the consumer calls it through database_sync_to_async.
Picks are the game's, asked through relay.game."""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower

from matches import engine
from matches.models import Fixture
from relay.game import FEED_LOOP, game
from relay.models import NodeHeartbeat, Player, Presence, Roster
from relay.tokens import hash_token, new_token, token_matches

NAMES_PER_STATEMENT = 500  # channel names per DELETE, well under any database's parameter limit
HELLO_NAMES = 100  # a newcomer's hello lists this many names (case-folded order) and the total


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
            return FEED_LOOP
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


def arrive(room, channel_names, node, now, now_ms):
    """Sockets opened (a batch, relay.crowd.Crowd): their rows; the roster and the game's greeting
    (the share, the standings) every one of them is greeted with."""
    Presence.objects.bulk_create(
        Presence(fixture_id=room.fixture_id, channel_name=channel_name, node=node, heartbeat=now)
        for channel_name in channel_names
    )
    return roster_snapshot(room.fixture_id), game().greeting(room, now_ms)


@dataclass(frozen=True)
class Claim:
    """The answer to a `join`: the player won (`player_id`), or refused."""

    name: str  # the owner's spelling when won; the asked-for one when refused
    player_id: int | None = None
    token: str | None = None  # the owner's token (a new one unless the join brought it)
    reserved_until: datetime | None = None  # refused only because the owner's grace still runs
    picks: list = field(default_factory=list)  # won: the owner's own picks in the loop
    greeting: dict = field(default_factory=dict)  # won: the game's greeting (relay.game)
    # Won: the roster's events, {name: (present, version)}: the name joined (with its batch, join),
    # and the one this socket played as before left if no other socket plays as it
    # (relay.presence.RosterBroadcasts).
    presence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class JoinRequest:
    """One socket's `join`, waiting for its room's next batch of claims (relay.crowd.Crowd)."""

    channel_name: str
    nickname: object  # relay.nicknames.Nickname
    token: str | None
    loop: int | None


def join(room, requests, node, now, now_ms):
    """The claims of a room's sockets made while its previous batch ran: {request: Claim}, won
    with the owner's picks, the game's greeting and the roster's events, or refused. The batch
    takes one roster version for its joins, reads the winners' picks once per loop and the
    greeting once: a storm of claims is a few trips, not a roster-row write and reads per claim."""
    claims = {
        request: claim_nickname(
            room.fixture_id, request.channel_name, node, request.nickname, request.token, now
        )
        for request in requests
    }
    won = [request for request, claim in claims.items() if claim.player_id is not None]
    if not won:
        return claims
    # After every winner's commit: higher than the version of any event of these names before
    # their claims, and none can leave again before this returns (a name leaves only when its
    # socket's row goes: this node's next batch, or the sweep's, long after).
    version = bump_roster_version(room.fixture_id)
    picks = {
        loop: game().picks_of(
            room.fixture_id,
            loop,
            [claims[request].player_id for request in won if request.loop == loop],
        )
        for loop in {request.loop for request in won}
    }
    greeting = game().greeting(room, now_ms)
    for request in won:
        claim = claims[request]
        claims[request] = replace(
            claim,
            picks=picks[request.loop][claim.player_id],
            greeting=greeting,
            presence=claim.presence | {claim.name: (True, version)},
        )
    return claims


def leave(room, channel_names, now):
    """Sockets closed (a batch): {name: the roster version of its leave} of the players no socket
    plays as any more, whose grace starts now. The names leave together, so they share one version."""
    channel_names, freed = list(channel_names), {}
    for start in range(0, len(channel_names), NAMES_PER_STATEMENT):
        rows = Presence.objects.filter(
            channel_name__in=channel_names[start : start + NAMES_PER_STATEMENT]
        )
        freed.update(_leave(room.fixture_id, rows, now))
    return freed


# Presence and nickname ownership


def claim_nickname(fixture_id, channel_name, node, nickname, token, now):
    """Make this socket play as the owner of `nickname` (freeing any name it held): a Claim.

    The player's row lock orders every claim, reclaim and leave of one name, on any node; a
    name nobody ever held is won by one insert, so of racing first claims exactly one wins.
    A name this socket played as before and frees takes its leave's roster version in the same
    transaction, so a claim of it on another node is a join with a later version; the won
    name's join takes its version with its batch (join).
    """
    try:
        with transaction.atomic():
            player = _locked_owner(fixture_id, nickname)
            if player is None:
                token = new_token()
                player = Player.objects.create(
                    fixture_id=fixture_id,
                    key=nickname.key,
                    look=nickname.look,
                    name=nickname.display,
                    token_hash=hash_token(token),
                )
            elif token_matches(token, player.token_hash):
                pass  # the owner is back, with its picks, even while an old row of its lingers
            elif _plays_as(channel_name, player):
                token = _new_token_for(player)  # this socket is the owner already: a new token
            else:
                reserved_until = _reserved_until(player, channel_name, now)
                if reserved_until is not None:
                    return Claim(
                        nickname.display,
                        reserved_until=None if reserved_until is HELD else reserved_until,
                    )
                token = _new_owner(player, nickname)
            left = _play_as(fixture_id, channel_name, node, player, now)
            left_version = bump_roster_version(fixture_id) if left else None
    except IntegrityError:  # a racing first claim of the same name (or a look-alike) won the insert
        return Claim(nickname.display)
    return Claim(
        player.name,
        player_id=player.id,
        token=token,
        presence=dict.fromkeys(left, (False, left_version)),
    )


HELD = object()  # a socket plays as the player now: taken, with no end in sight


def _locked_owner(fixture_id, nickname):
    """The player owning `nickname`, its row locked: the one with its key, else one whose name
    looks like it (its owner may be back under another spelling, or its grace may be over); None
    when nobody ever held either."""
    rows = list(
        Player.objects.select_for_update()
        .filter(Q(key=nickname.key) | Q(look=nickname.look), fixture_id=fixture_id)
        .order_by("id")
    )
    return next((row for row in rows if row.key == nickname.key), rows[0] if rows else None)


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
    player.name, player.key, player.look = nickname.display, nickname.key, nickname.look
    return _new_token_for(player)


def _new_token_for(player):
    token = new_token()
    player.token_hash = hash_token(token)
    player.save(update_fields=["name", "key", "look", "token_hash"])
    return token


def _play_as(fixture_id, channel_name, node, player, now):
    """This socket's row plays as `player`: the name it played as before, if that left the roster."""
    values = {"player": player, "name": player.name, "key": player.key, "heartbeat": now}
    previous = (
        Presence.objects.filter(channel_name=channel_name)
        .values_list("player_id", flat=True)
        .first()
    )
    if not Presence.objects.filter(channel_name=channel_name).update(**values):
        # The row was swept while this node could not reach the database: take it again.
        Presence.objects.create(
            fixture_id=fixture_id, channel_name=channel_name, node=node, **values
        )
    Player.objects.filter(id=player.id).update(released_at=None)
    if previous and previous != player.id:  # the socket swapped names: its old one may be free now
        return _release([previous], now)
    return []


def _release(player_ids, now):
    """Start the grace of each player no socket plays as any more: their names, which leave the roster."""
    released = dict(
        Player.objects.filter(id__in=player_ids, released_at=None)
        .exclude(Exists(Presence.objects.filter(player=OuterRef("pk"))))
        .values_list("id", "name")
    )
    Player.objects.filter(id__in=released).update(released_at=now)
    return list(released.values())


def _leave(fixture_id, rows, now):
    """Delete presence `rows` of one room in one transaction: {name: the roster version of its
    leave} of those that left the roster (their players' grace starts)."""
    with transaction.atomic():
        gone = list(rows.values_list("id", "player_id", "name"))
        player_ids = sorted({player_id for _, player_id, _ in gone if player_id is not None})
        # Lock the players first, as claims do: no reclaim slips between the delete and the release.
        list(
            Player.objects.select_for_update()
            .filter(id__in=player_ids)
            .order_by("id")
            .values_list("id")
        )
        Presence.objects.filter(id__in=[row_id for row_id, _, _ in gone]).delete()
        names = _release(player_ids, now)
        names += [
            name for _, player_id, name in gone if player_id is None and name
        ]  # rows older than players
        return dict.fromkeys(names, bump_roster_version(fixture_id)) if names else {}


def prune_players(released_before):
    """Forget players whose grace ended before `released_before`, with no picks and no socket:
    their names are free, and a token of theirs just claims anew."""
    return (
        Player.objects.filter(released_at__lt=released_before)
        .exclude(Exists(Presence.objects.filter(player=OuterRef("pk"))))
        .filter(picks=None)  # the game's picks of the player (predictions.Pick)
        .delete()[0]
    )


def beat(node, now):
    """`node` is alive: its sockets' rows stay, however old (one write per node per interval)."""
    if not NodeHeartbeat.objects.filter(node=node).update(beat_at=now):
        NodeHeartbeat.objects.get_or_create(node=node, defaults={"beat_at": now})


def without_rows(channel_names):
    """Those of `channel_names` that have no presence row (swept while their node was away)."""
    present = set()
    for start in range(0, len(channel_names), NAMES_PER_STATEMENT):
        chunk = channel_names[start : start + NAMES_PER_STATEMENT]
        present.update(
            Presence.objects.filter(channel_name__in=chunk).values_list("channel_name", flat=True)
        )
    return [name for name in channel_names if name not in present]


def sweep_stale_presence(stale_before, now):
    """Delete the rows of nodes that have not beaten since `stale_before` (their players' grace
    starts), and forget those nodes: per room whose rows went, (fixture id, slug, {freed name:
    roster version of its leave}). A row written since `stale_before` stays, so a node's first
    sockets are safe before its first beat."""
    live_nodes = NodeHeartbeat.objects.filter(beat_at__gte=stale_before).values("node")
    stale = Presence.objects.filter(heartbeat__lt=stale_before).exclude(node__in=live_nodes)
    rooms = dict(stale.values_list("fixture_id", "fixture__slug"))
    changed = [
        (fixture_id, slug, _leave(fixture_id, stale.filter(fixture_id=fixture_id), now))
        for fixture_id, slug in sorted(rooms.items())
    ]
    NodeHeartbeat.objects.filter(beat_at__lt=stale_before).delete()
    return changed


# The roster version orders every presence event of a room across nodes: each claim and leave
# takes the next version in its own transaction, after its players' locks (so a name freed on
# one node and claimed on another gets the later version for the claim), and so does every
# broadcast of the totals.


def bump_roster_version(fixture_id):
    """The room's next roster version; the caller's transaction holds the row's lock till it ends."""
    return bump_version(Roster, fixture_id)


def bump_version(model, fixture_id):
    """The next version of a room's counter row (`model`: a `fixture` and a `version`, made on
    first use); the caller's transaction holds the row's lock till it ends, so whatever it writes
    meanwhile is ordered by this version on every node."""
    with transaction.atomic():
        if not model.objects.filter(fixture_id=fixture_id).update(version=F("version") + 1):
            model.objects.get_or_create(fixture_id=fixture_id)
            model.objects.filter(fixture_id=fixture_id).update(version=F("version") + 1)
        return model.objects.values_list("version", flat=True).get(fixture_id=fixture_id)


def _named(room):
    """A room's presence rows that play as someone: one player may have several (two tabs, a
    reconnect beside a lingering row), each named once, by its key."""
    return room.exclude(key=None)


def roster_counts(fixture_id):
    """The room's totals at a new version: what a presence diff carries beside its names."""
    with transaction.atomic():
        version = bump_roster_version(fixture_id)
        room = Presence.objects.filter(fixture_id=fixture_id)
        named = _named(room).values("key").distinct().count()
        return RosterCounts(version=version, named=named, viewers=room.count())


def roster_snapshot(fixture_id, names=HELLO_NAMES):
    """A newcomer's roster: the version is read first, so every event after what the names
    show has a higher version and reaches the newcomer as a diff (it is in the room's group
    before this is read). Names in case-folded order, as pages list them."""
    roster, _ = Roster.objects.get_or_create(fixture_id=fixture_id)
    room = Presence.objects.filter(fixture_id=fixture_id)
    named = _named(room)
    online = list(
        named.order_by(Lower("name"), "name").values_list(Lower("name"), "name").distinct()[:names]
    )
    return RosterSnapshot(
        version=roster.version,
        online=[name for _, name in online],
        named=named.values("key").distinct().count(),
        viewers=room.count(),
    )
