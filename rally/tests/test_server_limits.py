"""What `manage.py serve` does to a client that holds a connection hostage (slowloris) or sends
a frame far over the relay's limit: the server closes it and everyone else is unaffected."""

import asyncio
import socket
import time

import pytest

from relay.protocol import ABUSE_FRAME_BYTES
from testsupport.fans import RemoteFan

IDLE_S = 2


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    from testsupport.site import Site

    site = Site(
        tmp_path_factory.mktemp("limits"), env={"HTTP_IDLE_TIMEOUT_S": str(IDLE_S)}
    ).prepare()
    yield site.start("serve")
    site.stop()


def seconds_until_closed(sock, limit_s):
    started = time.monotonic()
    sock.settimeout(limit_s)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def test_a_half_sent_request_is_dropped_after_the_idle_timeout(node):
    with socket.create_connection(("127.0.0.1", node.port)) as slowloris:
        slowloris.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        closed_after = seconds_until_closed(slowloris, limit_s=IDLE_S * 5)
    assert closed_after is not None and closed_after < IDLE_S * 3


def test_a_half_sent_socket_upgrade_is_dropped_too(node):
    with socket.create_connection(("127.0.0.1", node.port)) as slowloris:
        slowloris.sendall(
            b"GET /ws/matches/fiba-2019-bronze/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        )
        assert seconds_until_closed(slowloris, limit_s=IDLE_S * 5) is not None


def test_a_frame_over_the_abuse_limit_is_closed_by_the_server_before_the_app_reads_it(node):
    async def scenario():
        from websockets.exceptions import ConnectionClosed

        watcher, hostile = await RemoteFan(node).connect(), await RemoteFan(node).connect()
        await hostile.socket.send("x" * (ABUSE_FRAME_BYTES + 1))
        with pytest.raises(ConnectionClosed):  # autobahn drops it, at most with a 1009
            await hostile.receive(timeout=5)
        await watcher.send({"type": "ping"})
        assert (await watcher.receive("pong"))["type"] == "pong"
        await watcher.close()

    asyncio.run(scenario())
