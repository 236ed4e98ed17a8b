"""The relay: one socket per page per fixture room (docs/protocol.md, WebSocket).

A thin shell: frames are parsed by relay.protocol, names judged by relay.nicknames, and the
database is relay.services (presence), through relay.crowd's batches; picks are judged and
stored by the game registered with relay.game, a room's picks together (relay.crowd).
"""

import logging
import time
import uuid
from functools import partial

from autobahn.exception import Disconnected
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import DatabaseError

from matches.models import Fixture
from rally import metrics
from rally.background import spawn
from rally.clientaddr import scope_client
from rally.http import now_ms
from rally.rooms import encode, group_name
from relay import protocol, services
from relay.game import Owner, PendingPick
from relay.nicknames import InvalidName, Nickname, parse_nickname
from relay.presence import NODE_ID, on_this_loop
from relay.ratelimit import TokenBucket, Verdict

log = logging.getLogger(__name__)
ECHOED_NAME_LENGTH = 40  # an invalid name is echoed back, but never a 4 kB one
JOINS_PER_CONNECTION_PER_MIN, JOIN_BURST_PER_CONNECTION = 10, 10  # room to try a few taken names
MAX_EARLY_MESSAGES = 1000  # room messages kept for a socket while its hello is being read

RECEIVED = metrics.MESSAGES_IN.labels(NODE_ID)
SENT = metrics.MESSAGES_OUT.labels(NODE_ID)


class MatchConsumer(AsyncWebsocketConsumer):
    # The room's messages reach this socket from its node's one subscription to the room
    # (relay.fanout), not through a channel of its own: one queue, task and decoding per node,
    # not per socket.
    channel_layer_alias = None
    room = None
    address = None  # set once this socket counts against its address's limits
    closing = False  # frames already queued behind a close are not handled
    roster_version = float("inf")  # until the hello: a socket not yet greeted is sent no diff
    early = None  # the room's messages that came before the hello, sent right after it

    async def dispatch(self, message):
        """As Channels dispatches, less its trip to the database thread before every message to
        close old connections: this consumer reaches the database only through
        database_sync_to_async (relay.crowd), which closes them on that thread itself. A trip per
        frame was a tenth of a node's time in a storm of picks (bench/pick_storm.py)."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.node = on_this_loop()  # this node: its limits, crowd, presence and fan-out
        if self.node.draining:
            await self.close(code=protocol.CLOSE_GOING_AWAY)
            return
        self.channel_name = uuid.uuid4().hex  # the socket's name in its presence row
        address = scope_client(self.scope)
        if not self.node.limits.connects.admit(address, time.monotonic()):
            await self.refuse(
                "too_many_connections",
                "Too many new connections from your address: wait a moment.",
                protocol.CLOSE_TOO_MANY_CONNECTIONS,
            )
            return
        # Nothing here waits for the database before the handshake completes: a crowd arriving
        # must never hold handshakes past daphne's connect timeout (relay/crowd.py).
        try:
            self.room = await self.node.crowd.contexts.get(
                self.scope["url_route"]["kwargs"]["slug"]
            )
        except DatabaseError:  # accepted, then closed: the page retries with backoff
            if self.node.limits.failure_logs.admit(address, time.monotonic()):
                log.warning("relay: no database, refusing a socket")
            self.closing = True
            await self.accept()
            await self.close(code=protocol.CLOSE_UNAVAILABLE)
            return
        if self.room is None:
            # Accepted, then closed: a refused handshake reads as a network fault, and the page
            # would retry it for ever; 4404 tells it the fixture does not exist.
            await self.refuse(
                "unknown_fixture", "No fixture has this address.", protocol.CLOSE_UNKNOWN_FIXTURE
            )
            return
        if not self.node.limits.addresses.open(address):
            await self.refuse(
                "too_many_connections",
                "Too many connections from your address.",
                protocol.CLOSE_TOO_MANY_CONNECTIONS,
            )
            return
        self.address = address
        self.nickname = None
        self.player_id = None
        self.voice_loop = None  # the loop this socket has picked in: its one voice there
        self.bucket = TokenBucket()
        self.join_bucket = TokenBucket(
            JOINS_PER_CONNECTION_PER_MIN / 60, JOIN_BURST_PER_CONNECTION, float("inf")
        )
        self.group = group_name(self.room.slug)
        await self.accept()
        try:
            await self.enter_room()
        except Exception as failure:  # whatever failed, the socket holds nothing of the room's
            await self.fail_greeting(failure)
        except BaseException:  # cancelled (the node stops): undone without waiting here
            spawn(self.leave_room())
            raise

    async def enter_room(self):
        # The room's messages reach this socket from the moment it joins the room's subscription,
        # before the state its hello carries is read; until the hello is sent they wait, then
        # follow it in order (a page is never sent anything before its hello).
        self.early = []
        await self.node.fanout.add(self.group, self)
        roster, greeting = await self.node.crowd.arrive(self.room, self.channel_name)
        hello = self.hello(roster, greeting)
        self.roster_version = roster.version  # diffs up to this version are in the hello
        self.node.greeted(self)
        self.node.live.add(self)
        metrics.SOCKETS.labels(self.room.slug, NODE_ID).inc()
        await self.send_json(hello)
        while self.early:
            version, text = self.early.pop(0)
            if version is None or version > self.roster_version:
                await self.send(text_data=text)
        self.early = None

    async def fail_greeting(self, failure):
        """The socket was accepted but not greeted (no database, a message it could not be sent,
        a bug): undo everything connect() did — the room's subscription, the presence row, the
        gauge, this node's socket sets, the address's slot — and close 1011, so the page retries
        with backoff. Its disconnect, which may never come, has nothing left to undo."""
        slug = self.room.slug
        if isinstance(failure, DatabaseError):
            log.warning("relay: no database, refusing a socket in %s", slug)
        elif self.node.limits.failure_logs.admit(
            self.address, time.monotonic()
        ):  # rate-limited per address
            log.error("relay: greeting a socket in %s failed", slug, exc_info=failure)
        await self.leave_room()
        await self.abort(protocol.CLOSE_UNAVAILABLE)

    async def refuse(self, code, detail, close_code):
        """Accept, say why in an `error` and in the close reason, and close."""
        self.room = None  # never joined the room: disconnect has nothing to undo
        await self.accept()
        await self.send_error(code, detail)
        self.closing = True
        await self.close(code=close_code, reason=code)

    async def disconnect(self, code):
        await self.leave_room()

    async def leave_room(self):
        """Undo whatever of the room this socket holds, once (a failed greeting, then its disconnect)."""
        if self.address:
            self.node.limits.addresses.close(self.address)
            self.address = None
        room = self.room
        if room is None:
            return
        if self in self.node.live:
            metrics.SOCKETS.labels(room.slug, NODE_ID).dec()
        self.node.gone(self)
        self.room = None  # before any wait: a second call has nothing to undo
        try:
            await self.node.fanout.discard(self.group, self)
            await self.node.crowd.leave(room, self.channel_name)
        except DatabaseError:  # the node's heartbeat retries it (relay.crowd.Crowd.leave)
            log.warning("relay: no database, a departure from %s is kept for later", room.slug)
        finally:
            self.node.live.discard(
                self
            )  # left its room (its batch written): a graceful stop may go on

    def hello(self, roster, greeting):
        """The room as a newcomer sees it: the roster, and the game's greeting (the share and the
        standings, never every pick: its size does not grow with the crowd)."""
        message = {
            "type": "hello",
            "serverNow": now_ms(),
            "version": roster.version,
            "online": roster.online,
            "named": roster.named,
            "viewers": roster.viewers,
            **greeting,
        }
        if self.room.kind == Fixture.Kind.REPLAY:
            message["anchor"] = self.room.anchor
        else:
            message["snapshot"] = self.room.snapshot
        return message

    async def receive(self, text_data=None, bytes_data=None):
        if self.closing:
            return
        RECEIVED.inc()
        verdict = self.bucket.take(time.monotonic())
        if verdict is Verdict.CLOSE:
            await self.abort(protocol.CLOSE_FLOOD)
        elif verdict is Verdict.WARN:
            await self.send_error("rate_limited", "Too many messages: slow down.")
        elif verdict is Verdict.ADMIT:
            await self.handle_admitted_by_address(text_data)

    async def handle_admitted_by_address(self, text_data):
        """Many sockets from one address share one bucket, so none can flood through numbers."""
        verdict = self.node.limits.addresses.take(self.address, "frames", time.monotonic())
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
            if self.node.limits.failure_logs.admit(
                self.address, time.monotonic()
            ):  # rate-limited per address
                log.exception("relay: frame failed in %s", self.room.slug)
            await self.send_error("internal", "The server could not handle that message.")

    async def on_join(self, command):
        now_s = time.monotonic()
        if self.join_bucket.take(now_s) is not Verdict.ADMIT:
            await self.send_error(
                "rate_limited", "Too many joins on this connection: wait a moment."
            )
            return
        if self.node.limits.addresses.take(self.address, "joins", now_s) is not Verdict.ADMIT:
            await self.send_error(
                "rate_limited", "Too many joins from your address: wait a moment."
            )
            return
        try:
            nickname = parse_nickname(command.name)
        except InvalidName as reason:
            # Echoed as valid text: a lone surrogate becomes "?", never a failed send.
            name = command.name[:ECHOED_NAME_LENGTH].encode("utf-8", "replace").decode("utf-8")
            await self.send_json({"type": "invalid_name", "name": name, "detail": str(reason)})
            return
        if (
            self.voice_loop is not None
            and self.voice_loop == self.loop()
            and nickname.key != self.nickname.key
        ):
            await self.send_error(
                "already_playing", f"You are playing as {self.nickname.display} in this loop."
            )
            return
        request = services.JoinRequest(self.channel_name, nickname, command.token, self.loop())
        claim = await self.node.crowd.join(self.room, request)
        if claim.player_id is None:
            await self.send_json(self.name_taken(claim))
            return
        self.nickname, self.player_id = Nickname(claim.name, nickname.key), claim.player_id
        welcome = {
            "type": "welcome",
            "name": claim.name,
            "token": claim.token,
            "picks": claim.picks,
            **claim.greeting,
        }
        await self.send_json(welcome)
        self.node.rosters.names_changed(self.room.fixture_id, self.room.slug, claim.presence)

    @staticmethod
    def name_taken(claim):
        message = {"type": "name_taken", "name": claim.name}
        if claim.reserved_until is not None:  # its owner left moments ago and may come back
            message["reserved_until"] = int(claim.reserved_until.timestamp() * 1000)
        return message

    async def on_pick(self, command):
        """The sender hears its pick back once it is stored (its batch, relay.crowd); the room
        hears the share (relay.tallies), never the pick itself."""
        # Identity is the connection: the owner is the one this socket holds, never the client's.
        owner = Owner(self.player_id, self.nickname.display) if self.nickname else None
        one_more_voice = partial(
            self.node.limits.voices.admit,
            self.address,
            self.room.fixture_id,
            command.loop,
            self.player_id,
        )
        try:
            reason, pick = await self.node.crowd.pick(
                self.room, PendingPick(command, owner, now_ms(), one_more_voice)
            )
        except DatabaseError:
            await self.send_error(
                "unavailable", "Your pick could not be stored: try again in a moment."
            )
            return
        if reason:
            await self.send_json(
                {"type": "pick_rejected", "prediction": command.prediction, "reason": reason}
            )
            return
        self.voice_loop = command.loop
        await self.send_json({"type": "pick", **pick})

    async def on_ping(self, command):
        await self.send_json({"type": "pong", "serverNow": now_ms()})

    COMMANDS = {protocol.Join: on_join, protocol.Pick: on_pick, protocol.Ping: on_ping}

    def loop(self):
        return self.room.current_loop(now_ms())

    async def room_message(self, event):
        """A message for the whole room (see rally.rooms.broadcast), encoded once for all."""
        if not self.held_for_hello(None, event["text"]):
            await self.send(text_data=event["text"])

    async def roster_update(self, event):
        """A presence diff from any node (relay.presence), unless the hello already held it.
        Diffs of several nodes may arrive out of order: every name and total carries its
        version, and the page keeps the newest of each (docs/protocol.md)."""
        if (
            not self.held_for_hello(event["version"], event["text"])
            and event["version"] > self.roster_version
        ):
            await self.send(text_data=event["text"])

    def held_for_hello(self, version, text):
        """True when the socket's hello is not sent yet: the message waits for it (enter_room).
        A greeting that lets too many wait fails (1011: the page reconnects and is greeted afresh)."""
        if self.early is None:
            return False
        if len(self.early) < MAX_EARLY_MESSAGES:
            self.early.append((version, text))
        elif not self.closing:
            self.closing = True
            spawn(self.close(code=protocol.CLOSE_UNAVAILABLE))
        return True

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
            SENT.inc()
        except Disconnected:
            self.closing = True

    async def send_json(self, message):
        await self.send(text_data=encode(message))

    async def send_error(self, code, detail):
        await self.send_json({"type": "error", "code": code, "detail": detail})
