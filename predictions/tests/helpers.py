"""Driving the relay in tests: sockets as browser tabs, and a clock set where a test needs it."""

import asyncio
import json

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from rally.asgi import application
from rally.http import now_ms

SLUG = "fiba-2019-bronze"
SLOW_TICK_MS = 60_000  # a sequence lasts a minute: the clock stands still during a test
ORIGIN = [(b"origin", b"http://localhost"), (b"host", b"localhost")]  # the origin check compares both


def node_origin(ws_url):
    """The Origin a page of the node at `ws_url` sends: same host and port, http."""
    return "http://" + ws_url.split("://", 1)[1].split("/", 1)[0]


def set_clock(fixture, sequence, loop=1, tick_ms=SLOW_TICK_MS, pause_ms=60_000, later_ms=0):
    """Re-anchor the replay so the server's clock is now halfway through `sequence` of `loop`
    (and `later_ms` beyond). Sockets read the anchor on connect: set it before connecting."""
    anchor = fixture.anchor
    cycle_ms = anchor.last_sequence * tick_ms + pause_ms
    anchor.tick_ms, anchor.pause_ms = tick_ms, pause_ms
    anchor.base_started_at = now_ms() - ((loop - 1) * cycle_ms + (sequence - 1) * tick_ms + tick_ms // 2 + later_ms)
    anchor.save()
    return anchor.as_protocol()


aset_clock = sync_to_async(set_clock)


class Fan:
    """One browser tab's socket, as a test drives it."""

    def __init__(self, path=f"/ws/matches/{SLUG}/"):
        self.socket = WebsocketCommunicator(application, path, headers=ORIGIN)
        self.hello = None

    async def connect(self):
        connected, code = await self.socket.connect()
        assert connected, f"refused with {code}"
        self.hello = await self.receive("hello")
        return self

    async def send(self, message):
        await self.socket.send_to(text_data=message if isinstance(message, str) else json.dumps(message))

    async def receive(self, *types, timeout=2):
        """The next message of one of `types` (any type if none), skipping others (presence…)."""
        while True:
            message = json.loads(await self.socket.receive_from(timeout))
            if not types or message["type"] in types:
                return message

    async def ask(self, message, *types):
        await self.send(message)
        return await self.receive(*types)

    async def join(self, name):
        return await self.ask({"type": "join", "name": name}, "welcome", "name_taken", "invalid_name")

    async def presence_with(self, predicate, timeout=2):
        """The first presence message that satisfies `predicate`."""
        while True:
            message = await self.receive("presence", timeout=timeout)
            if predicate(message):
                return message

    async def nothing(self, timeout=0.2):
        return await self.socket.receive_nothing(timeout)

    async def drain(self, quiet_s):
        """Read and drop messages until none has come for `quiet_s`: the room is quiet."""
        while not await self.nothing(quiet_s):
            await self.receive()

    async def close(self):
        await self.socket.disconnect()


async def fan(name=None):
    connected = await Fan().connect()
    if name is not None:
        answer = await connected.join(name)
        assert answer["type"] == "welcome", answer
    return connected


class RemoteFan:
    """A browser tab's socket to a real node over TCP (the `websockets` client)."""

    def __init__(self, node):
        self.url = f"{node.ws_url}/ws/matches/{SLUG}/"
        self.socket = self.hello = None

    async def connect(self):
        from websockets.asyncio.client import connect

        self.socket = await connect(self.url, origin=node_origin(self.url), proxy=None, open_timeout=10)
        self.hello = await self.receive("hello")
        return self

    async def send(self, message):
        await self.socket.send(json.dumps(message))

    async def receive(self, *types, timeout=10):
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.recv(), timeout))
            if not types or message["type"] in types:
                return message

    async def join(self, name):
        await self.send({"type": "join", "name": name})
        return await self.receive("welcome", "name_taken", "invalid_name")

    async def presence_with(self, predicate, timeout=10):
        return await asyncio.wait_for(self._presence_with(predicate), timeout)

    async def _presence_with(self, predicate):
        while not predicate(message := await self.receive("presence")):
            pass
        return message

    async def close(self):
        await self.socket.close()
