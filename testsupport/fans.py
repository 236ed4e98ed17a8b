"""Driving the relay in tests: sockets as browser tabs (SLUG, the replay's room, comes from testsupport.replay)."""

import asyncio
import json

from channels.testing import WebsocketCommunicator

from rally.asgi import application
from testsupport.replay import SLUG
from testsupport.roster import Roster

CLOSE_TIMEOUT_S = 10
ORIGIN = [
    (b"origin", b"http://localhost"),
    (b"host", b"localhost"),
]  # the origin check compares both


def node_origin(ws_url):
    """The Origin a page of the node at `ws_url` sends: same host and port, http."""
    return "http://" + ws_url.split("://", 1)[1].split("/", 1)[0]


class Fan:
    """One browser tab's socket, as a test drives it."""

    def __init__(self, path=f"/ws/matches/{SLUG}/"):
        self.socket = WebsocketCommunicator(application, path, headers=ORIGIN)
        self.hello = self.roster = None

    async def connect(self):
        connected, code = await self.socket.connect()
        assert connected, f"refused with {code}"
        self.hello = await self.receive("hello")
        self.roster = Roster(self.hello)
        return self

    async def send(self, message):
        await self.socket.send_to(
            text_data=message if isinstance(message, str) else json.dumps(message)
        )

    async def receive(self, *types, timeout=2):
        """The next message of one of `types` (any type if none), skipping others (presence…)."""
        while True:
            message = self.noted(json.loads(await self.socket.receive_from(timeout)))
            if not types or message["type"] in types:
                return message

    def noted(self, message):
        """Every diff read, whatever the test waits for, goes into the tab's roster, as a page's does."""
        if message["type"] == "presence_diff" and self.roster:
            self.roster.apply(message)
        elif message["type"] == "presence_state" and self.roster:
            self.roster.resync(message)
        return message

    async def ask(self, message, *types):
        await self.send(message)
        return await self.receive(*types)

    async def join(self, name, token=None):
        message = {"type": "join", "name": name, **({"token": token} if token else {})}
        return await self.ask(message, "welcome", "name_taken", "invalid_name")

    async def presence_with(self, predicate, timeout=2):
        """The roster this tab has rebuilt from its hello and the diffs since (testsupport.roster), as
        {online, named, viewers, version}, once it satisfies `predicate`."""
        while not predicate(roster := self.roster.as_dict()):
            await self.receive("presence_diff", "presence_state", timeout=timeout)
        return roster

    async def nothing(self, timeout=0.2):
        return await self.socket.receive_nothing(timeout)

    async def drain(self, quiet_s):
        """Read and drop messages until none has come for `quiet_s`: the room is quiet."""
        while not await self.nothing(quiet_s):
            await self.receive()

    async def close(self):
        # Long enough for the socket's departure to reach the database on a busy machine: a
        # disconnect cut short leaves its write running while the test's database is flushed.
        await self.socket.disconnect(timeout=CLOSE_TIMEOUT_S)


async def fan(name=None):
    connected = await Fan().connect()
    if name is not None:
        answer = await connected.join(name)
        assert answer["type"] == "welcome", answer
    return connected


class RemoteFan:
    """A browser tab's socket to a real node over TCP (the `websockets` client)."""

    def __init__(self, node, **options):
        """`options` go to websockets' connect (ssl, local_addr, additional_headers…)."""
        self.url = f"{node.ws_url}/ws/matches/{SLUG}/"
        self.options = options
        self.socket = self.hello = self.roster = None

    async def connect(self):
        from websockets.asyncio.client import connect

        origin = node_origin(self.url).replace(
            "http://", "https://" if self.url.startswith("wss") else "http://"
        )
        self.socket = await connect(
            self.url, origin=origin, proxy=None, open_timeout=10, **self.options
        )
        self.hello = await self.receive("hello", "error")
        self.roster = Roster(self.hello) if self.hello["type"] == "hello" else None
        return self

    async def send(self, message):
        await self.socket.send(json.dumps(message))

    async def receive(self, *types, timeout=10):
        while True:
            message = Fan.noted(
                self, json.loads(await asyncio.wait_for(self.socket.recv(), timeout))
            )
            if not types or message["type"] in types:
                return message

    async def join(self, name, token=None):
        await self.send({"type": "join", "name": name, **({"token": token} if token else {})})
        return await self.receive("welcome", "name_taken", "invalid_name")

    async def presence_with(self, predicate, timeout=10):
        """As Fan.presence_with, over TCP."""
        return await asyncio.wait_for(self._presence_with(predicate), timeout)

    async def _presence_with(self, predicate):
        while not predicate(roster := self.roster.as_dict()):
            await self.receive("presence_diff", "presence_state")
        return roster

    async def close(self):
        await self.socket.close()


async def outputs_until_close(fan_socket, limit=200):
    """Every message a socket gets until the server closes it: (messages, close code)."""
    messages = []
    for _ in range(limit):
        output = await fan_socket.socket.receive_output(2)
        if output["type"] == "websocket.close":
            return messages, output.get("code")
        messages.append(json.loads(output["text"]))
    raise AssertionError("the socket was never closed")
