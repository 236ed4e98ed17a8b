"""The relay: one socket per page per fixture room (PROTOCOL.md, WebSocket)."""

import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from matches.models import Fixture
from matches.rooms import group_name
from rally.http import now_ms

CLOSE_UNKNOWN_FIXTURE = 4404


class MatchConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        self.fixture = await database_sync_to_async(Fixture.objects.select_related("anchor").filter(slug=self.slug).first)()
        if self.fixture is None:
            await self.close(code=CLOSE_UNKNOWN_FIXTURE)
            return
        self.room = group_name(self.slug)
        await self.channel_layer.group_add(self.room, self.channel_name)
        await self.accept()
        await self.send_json(await self.hello())

    async def disconnect(self, code):
        if getattr(self, "room", None):
            await self.channel_layer.group_discard(self.room, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        try:
            message = json.loads(text_data or "")
        except ValueError:
            await self.send_error("bad_json", "Frames must be JSON text.")
            return
        if not isinstance(message, dict) or message.get("type") != "ping":
            await self.send_error("unknown_type", "Unknown or missing message type.")
            return
        await self.send_json({"type": "pong", "serverNow": now_ms()})

    async def hello(self):
        message = {"type": "hello", "serverNow": now_ms(), "online": [], "viewers": 0}
        if self.fixture.kind == Fixture.Kind.REPLAY:
            message["anchor"] = self.fixture.anchor.as_protocol() if hasattr(self.fixture, "anchor") else None
        else:
            message["snapshot"] = self.fixture.snapshot
        return message

    async def room_message(self, event):
        """A message for the whole room (see matches.rooms.broadcast)."""
        await self.send_json(event["message"])

    async def send_json(self, message):
        await self.send(text_data=json.dumps(message, ensure_ascii=False))

    async def send_error(self, code, detail):
        await self.send_json({"type": "error", "code": code, "detail": detail})
