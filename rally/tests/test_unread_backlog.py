"""Issue 16, on a live `manage.py serve` node: sockets that send but never read are dropped once
what the server queued for them passes RELAY_MAX_OUTGOING_BYTES; the node's memory stays bounded
and the fans who read, in the same room, keep receiving.

Without the bound a deaf socket held everything the room said until Twisted stopped reading it
(64 KiB in its buffer) and daphne's ping went unanswered: ~50 s of a busy room. Bounded and on
loopback: 20 reading fans and 50 deaf sockets over twenty loopback addresses (so the
per-address limits do not stop them first), for at most DEADLINE_S."""

import asyncio
import json
import socket
import time
from functools import partial

import pytest

from rally.rooms import ROOM_EVENT, encode, group_name
from testsupport.fans import SLUG, RemoteFan, node_origin

DEAF = 50
TALKERS = 20
BOUND = 64 * 1024  # small, so the test is quick; the default is 1 MiB
PICKS_PER_S = (
    4  # under the 5/s a socket may send: every pick is accepted and moves the room's share
)
# The room's news, as the presenter's lines reach it (through the room's group): a stream a deaf
# socket's backlog outgrows within the deadline (picks reach a room only as a few tallies a second).
NEWS_PER_S, NEWS_TEXT = 40, "A line from the presenter about the game. " * 6
DEADLINE_S = 30  # well before daphne's ping (20 s unheard, then 30 s for the pong) would drop them
MAX_RSS_GROWTH = 16 * 1024 * 1024  # DEAF × BOUND is 3.2 MiB


pytestmark = pytest.mark.services


@pytest.fixture
def node(site_factory, redis_url):
    site = site_factory(redis_url=redis_url, env={"RELAY_MAX_OUTGOING_BYTES": str(BOUND)})
    site.prepare("--tick-ms", "60000")  # q1-leader stays open through the test
    node = site.start("serve")
    node.news = partial(announce, redis_url, site.env["CHANNEL_PREFIX"])
    return node


async def announce(redis_url, prefix, stop):
    """Lines for the room through its group on the site's channel layer, NEWS_PER_S a second."""
    from channels_redis.pubsub import RedisPubSubChannelLayer

    layer = RedisPubSubChannelLayer(hosts=[redis_url], prefix=prefix)
    number = 0
    while not stop.is_set():
        number += 1
        line = {"type": "script", "fixture": SLUG, "id": number, "mode": "live", "text": NEWS_TEXT}
        await layer.group_send(group_name(SLUG), {"type": ROOM_EVENT, "text": encode(line)})
        await asyncio.sleep(1 / NEWS_PER_S)
    await layer.flush()


def address(n):
    return f"127.0.0.{2 + n % 20}"


async def deaf_socket(node, address):
    """A client that reads nothing after the handshake: a tiny receive buffer, and websockets
    stops reading once one frame waits unread."""
    from websockets.asyncio.client import connect

    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.bind((address, 0))
    raw.connect(("127.0.0.1", node.port))
    raw.setblocking(False)
    url = f"{node.ws_url}/ws/matches/{SLUG}/"
    return await connect(
        url,
        sock=raw,
        origin=node_origin(url),
        proxy=None,
        open_timeout=10,
        max_queue=1,
        ping_interval=None,
    )


async def ping_until_dropped(deaf, deadline):
    """Send a ping a second, never reading; the seconds until the server dropped it (None if not)."""
    from websockets.exceptions import ConnectionClosed

    started = time.monotonic()
    try:
        while time.monotonic() < deadline:
            await deaf.send(json.dumps({"type": "ping"}))
            await asyncio.sleep(1)
    except ConnectionClosed:
        return time.monotonic() - started
    return None


async def talk(fan, stop, heard):
    """A fan who reads: picks PICKS_PER_S times a second and counts what the room sends."""

    async def pick():
        choices = ["AUS", "FRA"]
        while not stop.is_set():
            choices.reverse()
            await fan.send(
                {"type": "pick", "prediction": "q1-leader", "choice": choices[0], "loop": 1}
            )
            await asyncio.sleep(1 / PICKS_PER_S)

    async def read():
        while not stop.is_set():
            try:
                message = await fan.receive(timeout=1)
            except TimeoutError:
                continue
            heard[message["type"]] = heard.get(message["type"], 0) + 1
            if message["type"] in ("presence_diff", "presence_state"):
                heard["viewers"] = fan.roster.viewers  # the roster the fan rebuilt from them

    await asyncio.gather(pick(), read())


def test_sockets_that_never_read_are_dropped_and_the_fans_who_read_keep_receiving(node):
    async def scenario():
        talkers = [
            await RemoteFan(node, local_addr=(address(n), 0)).connect() for n in range(TALKERS)
        ]
        for n, fan in enumerate(talkers):
            assert (await fan.join(f"Fan{n}"))["type"] == "welcome"
        stop = asyncio.Event()
        heard = [{} for _ in talkers]
        talking = asyncio.gather(
            node.news(stop), *(talk(fan, stop, counts) for fan, counts in zip(talkers, heard))
        )
        await asyncio.sleep(2)
        rss_before, rss_peak = node.rss_bytes(), 0
        deaf = [await deaf_socket(node, address(n)) for n in range(DEAF)]
        deadline = time.monotonic() + DEADLINE_S
        dropping = asyncio.gather(*(ping_until_dropped(socket_, deadline) for socket_ in deaf))
        while not dropping.done():
            rss_peak = max(rss_peak, node.rss_bytes())
            await asyncio.sleep(0.5)
        dropped_after = [seconds for seconds in await dropping if seconds is not None]
        await asyncio.sleep(3)  # the room goes on, and its roster is the talkers' again
        stop.set()
        await talking
        print(
            f"\n{len(dropped_after)}/{DEAF} deaf sockets dropped after {min(dropped_after, default=0):.1f}–"
            f"{max(dropped_after, default=0):.1f} s (bound {BOUND // 1024} KiB); node RSS peak "
            f"+{(rss_peak - rss_before) / 2**20:.1f} MiB; a reading fan heard {heard[0].get('script', 0)} lines"
        )
        assert len(dropped_after) == DEAF
        assert rss_peak - rss_before < MAX_RSS_GROWTH
        assert (
            heard[0]["script"] > 100 and heard[0]["pick"] > 30
        )  # the room's news and their own picks…
        assert all(
            counts["viewers"] == TALKERS for counts in heard
        )  # …the room saw the deaf leave…
        for fan in talkers:  # …and every fan is still served
            await fan.send({"type": "ping"})
            assert (await fan.receive("pong"))["type"] == "pong"
            await fan.close()

    asyncio.run(scenario())
