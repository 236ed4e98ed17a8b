"""The relay through a Redis restart: two nodes on a Redis of the test's own (never the
machine's), restarted empty under live sockets. No socket is dropped, nobody loses their name,
the relay resumes without a page reload, and a pick made while Redis was down is kept.

The database's outage is in rally/tests/test_faults.py, a killed node in test_multinode.py.
"""

import asyncio
import time
import urllib.request

import pytest

from relay.tests.helpers import RemoteFan
from testsupport.faults import PrivateRedis

pytestmark = [pytest.mark.services, pytest.mark.timeout(180)]
SLOW_TICK = ("--tick-ms", "60000")  # sequence 1 for a minute: q1-leader stays open
RECOVERY_S = 15


def pick(choice):
    return {"type": "pick", "prediction": "q1-leader", "choice": choice, "loop": 1}


def healthy(node):
    try:
        with urllib.request.urlopen(f"{node.url}/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


async def until_healthy(*nodes):
    deadline = time.monotonic() + RECOVERY_S
    while not all([await asyncio.to_thread(healthy, node) for node in nodes]):
        assert time.monotonic() < deadline, "the nodes did not get their channel layer back"
        await asyncio.sleep(0.3)


@pytest.fixture
def redis(tmp_path):
    if not PrivateRedis.available():
        from conftest import service_unavailable

        service_unavailable("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def nodes(site_factory, postgres_url, redis):
    site = site_factory(database_url=postgres_url, redis_url=redis.url, env={"PRESENCE_COALESCE_S": "0.1"})
    site.prepare(*SLOW_TICK)
    return site.start("daphne"), site.start("daphne")


def test_a_redis_restart_drops_no_socket_and_the_relay_resumes(nodes, redis):
    async def scenario():
        alice, bob = await RemoteFan(nodes[0]).connect(), await RemoteFan(nodes[1]).connect()
        assert (await alice.join("Alice"))["type"] == "welcome"
        assert (await bob.join("Bob"))["type"] == "welcome"

        redis.stop()
        await alice.send(pick("AUS"))  # stored; only its relay waits for Redis
        await asyncio.sleep(1)
        redis.start()  # empty: every key is gone
        await until_healthy(*nodes)

        await alice.send(pick("FRA"))
        relayed = await bob.receive("pick")
        assert (relayed["name"], relayed["choice"]) == ("Alice", "FRA"), "a pick crosses nodes again"
        carol = await RemoteFan(nodes[0]).connect()
        assert (await carol.join("Carol"))["type"] == "welcome"
        roster = await bob.presence_with(lambda message: "Carol" in message["online"])
        assert roster["online"] == ["Alice", "Bob", "Carol"], ("nobody lost their name", roster, bob.hello)
        assert (await carol.join("Alice"))["type"] == "name_taken"
        late = await RemoteFan(nodes[1]).connect()
        assert [(p["name"], p["choice"]) for p in late.hello["picks"]] == [("Alice", "FRA")]
        for fan in (alice, bob, carol, late):
            await fan.close()

    asyncio.run(scenario())
    assert all(node.process.poll() is None for node in nodes)


def test_a_pick_made_while_redis_is_down_is_kept_for_the_board(nodes, redis):
    async def scenario():
        alice = await RemoteFan(nodes[0]).connect()
        assert (await alice.join("Alice"))["type"] == "welcome"
        redis.stop()
        await alice.send(pick("AUS"))
        assert (await alice.receive("error", "pick"))["type"] == "error", "the sender is told it was not relayed"
        redis.start()
        await until_healthy(*nodes)
        late = await RemoteFan(nodes[1]).connect()
        assert [(p["name"], p["choice"]) for p in late.hello["picks"]] == [("Alice", "AUS")]
        await alice.close()
        await late.close()

    asyncio.run(scenario())
