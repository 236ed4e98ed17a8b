"""The relay: one socket per page per fixture room (docs/protocol.md, WebSocket).

A thin shell: frames are parsed by relay.protocol, names judged by relay.nicknames, picks by
predictions.picks (the game's engine), and the database is relay.services (presence) and
predictions.services (picks).
"""

import json
import logging
import time

from autobahn.exception import Disconnected
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from matches.models import Fixture
from rally.rooms import ROOM_EVENT, broadcast, group_name
from predictions import services as game
from relay import protocol, services
from relay.nicknames import InvalidName, parse_nickname
from predictions.picks import judge_pick
from relay.presence import NODE_ID, ROSTER_EVENT, on_this_loop
from relay.ratelimit import AddressLimits, TokenBucket, Verdict
from rally.http import now_ms

log = logging.getLogger(__name__)
ECHOED_NAME_LENGTH = 40  # an invalid name is echoed back, but never a 4 kB one
CLOSE_UNAVAILABLE = 1011  # the database is down: the page reconnects with backoff
BROADCASTS = {ROOM_EVENT, ROSTER_EVENT}  # their handlers only forward: no database
JOINS_PER_CONNECTION_PER_MIN, JOIN_BURST_PER_CONNECTION = 10, 10  # room to try a few taken names

address_limits = AddressLimits(
    max_sockets=settings.RELAY_MAX_SOCKETS_PER_ADDRESS,
    frames_per_s=settings.RELAY_FRAMES_PER_ADDRESS_PER_S,
    frame_burst=settings.RELAY_FRAME_BURST_PER_ADDRESS,
    joins_per_min=settings.RELAY_JOINS_PER_ADDRESS_PER_MIN,
    join_burst=settings.RELAY_JOIN_BURST_PER_ADDRESS,
)


def db(function):
    return database_sync_to_async(function)


def client_address(scope):
    """The peer's address (daphne --proxy-headers puts the client's there behind a proxy)."""
    return (scope.get("client") or ["unknown"])[0]


class MatchConsumer(AsyncWebsocketConsumer):
    room = None
    address = None  # set once this socket counts against its address's limits
    closing = False  # frames already queued behind a close are not handled
    roster_version = float("inf")  # until the hello: a socket not yet greeted is sent no diff

    async def connect(self):
        # Nothing here waits for the database before the handshake completes: a crowd arriving
        # must never hold handshakes past daphne's connect timeout (relay/crowd.py).
        self.node = on_this_loop()  # this node's heartbeat, crowd and presence broadcasts
        self.room = await self.node.crowd.contexts.get(self.scope["url_route"]["kwargs"]["slug"])
        if self.room is None:
            await self.close(code=protocol.CLOSE_UNKNOWN_FIXTURE)
            return
        if not address_limits.open(client_address(self.scope)):
            await self.refuse_crowded_address()
            return
        self.address = client_address(self.scope)
        self.nickname = None
        self.bucket = TokenBucket()
        self.join_bucket = TokenBucket(JOINS_PER_CONNECTION_PER_MIN / 60, JOIN_BURST_PER_CONNECTION, float("inf"))
        self.group = group_name(self.room.slug)
        await self.accept()
        await self.channel_layer.group_add(self.group, self.channel_name)
        try:
            roster, picks = await self.node.crowd.arrive(self.room, self.channel_name)
        except DatabaseError:
            log.warning("relay: no database, refusing a socket in %s", self.room.slug)
            await self.abort(CLOSE_UNAVAILABLE)
            return
        self.roster_version = roster.version  # diffs up to this version are already in the hello
        self.node.greeted(self)
        await self.send_json(self.hello(roster, picks))

    async def dispatch(self, message):
        # Channels checks the database connection before every handler, a hop to the single
        # sync thread; for a broadcast that is one serial hop per socket in the room, which
        # made fan-out to 1000 sockets take a second. Broadcast handlers never use the database
        # (and database_sync_to_async checks the connection around each call anyway).
        if message["type"] in BROADCASTS:
            await getattr(self, get_handler_name(message))(message)
        else:
            await super().dispatch(message)

    async def refuse_crowded_address(self):
        self.room = None  # never joined the room: disconnect has nothing to undo
        await self.accept()
        await self.send_error("too_many_connections", "Too many connections from your address.")
        await self.abort(protocol.CLOSE_FLOOD)

    async def disconnect(self, code):
        if self.address:
            address_limits.close(self.address)
            self.address = None
        if self.room is None:
            return
        self.node.gone(self)
        await self.channel_layer.group_discard(self.group, self.channel_name)
        try:
            await self.node.crowd.leave(self.room, self.channel_name)
        except DatabaseError:  # no heartbeat refreshes the row any more: the sweeper frees it
            log.warning("relay: no database, leaving a stale row in %s", self.room.slug)

    def hello(self, roster, picks):
        message = {"type": "hello", "serverNow": now_ms(), "version": roster.version, "online": roster.online,
                   "named": roster.named, "viewers": roster.viewers}
        if self.room.kind == Fixture.Kind.REPLAY:
            message["anchor"] = self.room.anchor
            message["picks"] = picks  # a watcher's board is complete too
        else:
            message["snapshot"] = self.room.snapshot
        return message

    async def receive(self, text_data=None, bytes_data=None):
        if self.closing:
            return
        verdict = self.bucket.take(time.monotonic())
        if verdict is Verdict.CLOSE:
            await self.abort(protocol.CLOSE_FLOOD)
        elif verdict is Verdict.WARN:
            await self.send_error("rate_limited", "Too many messages: slow down.")
        elif verdict is Verdict.ADMIT:
            await self.handle_admitted_by_address(text_data)

    async def handle_admitted_by_address(self, text_data):
        """Many sockets from one address share one bucket, so none can flood through numbers."""
        verdict = address_limits.take(self.address, "frames", time.monotonic())
        if verdict is Verdict.ADMIT:
            await self.handle_frame(text_data)
        elif verdict is Verdict.WARN:
            await self.send_error("rate_limited", "Too many messages from your address: slow down.")

    async def handle_frame(self, text_data):
        try:
            command = protocol.parse_frame(text_data)
            await self.COMMANDS[type(command)](self, command)
        except protocol.ProtocolError as error:
            await self.send_json(error.as_message())
        except protocol.Abuse as abuse:
            await self.abort(abuse.close_code)
        except Exception:  # one bad frame must never take the socket (or the room) down
            log.exception("relay: frame failed in %s", self.room.slug)
            await self.send_error("internal", "The server could not handle that message.")

    async def on_join(self, command):
        now_s = time.monotonic()
        if self.join_bucket.take(now_s) is not Verdict.ADMIT:
            await self.send_error("rate_limited", "Too many joins on this connection: wait a moment.")
            return
        if address_limits.take(self.address, "joins", now_s) is not Verdict.ADMIT:
            await self.send_error("rate_limited", "Too many joins from your address: wait a moment.")
            return
        try:
            nickname = parse_nickname(command.name)
        except InvalidName as reason:
            name = command.name[:ECHOED_NAME_LENGTH]
            await self.send_json({"type": "invalid_name", "name": name, "detail": str(reason)})
            return
        joined = await db(services.join)(self.room, self.channel_name, NODE_ID, nickname, timezone.now(), self.loop())
        if joined is None:
            await self.send_json({"type": "name_taken", "name": nickname.display})
            return
        self.nickname = nickname
        picks, version = joined
        await self.send_json({"type": "welcome", "name": nickname.display, "picks": picks})
        self.node.rosters.names_changed(self.room.fixture_id, self.room.slug, {nickname.display: (True, version)})

    async def on_pick(self, command):
        at = now_ms()
        reason = judge_pick(
            command, joined=self.nickname is not None, predictions=self.room.predictions, anchor=self.room.anchor, now_ms=at
        )
        if reason:
            await self.send_json({"type": "pick_rejected", "prediction": command.prediction, "reason": reason})
            return
        # Identity is the connection: the name is the one this socket holds, never the client's.
        pick = {"name": self.nickname.display, "prediction": command.prediction, "choice": command.choice,
                "loop": command.loop, "at": at}
        await db(game.store_pick)(self.room.fixture_id, pick)
        await broadcast(self.room.slug, {"type": "pick", **pick})

    async def on_ping(self, command):
        await self.send_json({"type": "pong", "serverNow": now_ms()})

    COMMANDS = {protocol.Join: on_join, protocol.Pick: on_pick, protocol.Ping: on_ping}

    def loop(self):
        return self.room.current_loop(now_ms())

    async def room_message(self, event):
        """A message for the whole room (see rally.rooms.broadcast), encoded once for all."""
        await self.send(text_data=event["text"])

    async def roster_update(self, event):
        """A presence diff from any node (relay.presence), unless the hello already held it.
        Diffs of several nodes may arrive out of order: every name and total carries its
        version, and the page keeps the newest of each (docs/protocol.md)."""
        if event["version"] > self.roster_version:
            await self.send(text_data=event["text"])

    async def resync(self, version, text):
        """The room's state after this node's channel layer lost messages (relay.presence.LayerWatch):
        the diffs it already holds are not forwarded again."""
        self.roster_version = max(self.roster_version, version)
        await self.send(text_data=text)

    async def abort(self, code):
        self.closing = True
        await self.close(code=code)

    async def send(self, text_data=None, bytes_data=None, close=False):
        # A socket can close while messages for it still queue behind its disconnect; sending
        # one then raises, which would end this consumer before its disconnect ran, leaving its
        # row counted and its name held. Its disconnect is on the way: nothing more to send.
        try:
            await super().send(text_data, bytes_data, close)
        except Disconnected:
            self.closing = True

    async def send_json(self, message):
        await self.send(text_data=json.dumps(message, ensure_ascii=False))

    async def send_error(self, code, detail):
        await self.send_json({"type": "error", "code": code, "detail": detail})
