"""SIGTERM on a web node (a rolling restart) costs a player nothing: the node's sockets leave
their rooms at once — the others see it, the name passes into its owner's grace — and close
with 1001 "going away" so each page reconnects promptly and reclaims its name with its token
(two nodes, PostgreSQL, Redis)."""

import asyncio
import time

import pytest
from websockets.exceptions import ConnectionClosed

from testsupport.fans import RemoteFan

pytestmark = [pytest.mark.services, pytest.mark.timeout(120)]


@pytest.fixture
def nodes(site_factory, postgres_url, redis_url):
    site = site_factory(
        database_url=postgres_url, redis_url=redis_url, env={"PRESENCE_COALESCE_S": "0.1"}
    )
    site.prepare("--tick-ms", "60000")
    return site.start("web"), site.start("web")


def test_sigterm_frees_the_nodes_names_at_once_and_closes_with_going_away(nodes):
    stopping, staying = nodes

    async def scenario():
        ann = await RemoteFan(stopping).connect()
        welcome = await ann.join("Ann")
        assert welcome["type"] == "welcome"
        watcher = await RemoteFan(staying).connect()
        assert watcher.hello["online"] == ["Ann"]

        stopping.process.terminate()
        stopped_at = time.monotonic()
        left = await watcher.presence_with(lambda message: message["online"] == [], timeout=3)
        assert left["viewers"] == 1 and time.monotonic() - stopped_at < 3  # not the sweep's minute
        with pytest.raises(ConnectionClosed) as closed:
            while True:  # what was in flight, then the close
                await ann.receive(timeout=3)
        assert closed.value.rcvd.code == 1001

        stranger = await RemoteFan(staying).connect()
        taken = await stranger.join("Ann")
        assert taken["type"] == "name_taken" and "reserved_until" in taken  # in its owner's grace
        again = await RemoteFan(staying).connect()  # the page reconnects, to the other node
        assert (await again.join("Ann", welcome["token"]))["type"] == "welcome"
        await again.close()
        await stranger.close()
        await watcher.close()

    asyncio.run(scenario())
    assert stopping.process.wait(timeout=15) == 0
    assert "still open" not in stopping.log()  # every socket left before the grace ran out
