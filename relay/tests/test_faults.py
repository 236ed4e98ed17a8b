"""The relay through a Redis restart: two nodes on a Redis of the test's own (never the
machine's), restarted empty under live sockets. No socket is dropped, nobody loses their name,
the relay resumes without a page reload, and a pick made while Redis was down is kept.

The database's outage is in rally/tests/test_faults.py, a killed node in test_multinode.py.
"""

import asyncio
import time
import urllib.request

import pytest

from testsupport.fans import RemoteFan

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
def redis(private_redis):
    return private_redis


@pytest.fixture
def nodes(site_factory, postgres_url, redis):
    site = site_factory(
        database_url=postgres_url, redis_url=redis.url, env={"PRESENCE_COALESCE_S": "0.1"}
    )
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
        while (tally := await bob.receive("tally"))["counts"] != {"FRA": 1}:
            assert tally["counts"] == {"AUS": 1}, "the share crosses nodes again"
        carol = await RemoteFan(nodes[0]).connect()
        assert (await carol.join("Carol"))["type"] == "welcome"
        roster = await bob.presence_with(lambda message: "Carol" in message["online"])
        assert roster["online"] == ["Alice", "Bob", "Carol"], (
            "nobody lost their name",
            roster,
            bob.hello,
        )
        assert (await carol.join("Alice"))["type"] == "name_taken"
        late = await RemoteFan(nodes[1]).connect()
        assert [(t["prediction"], t["counts"]) for t in late.hello["tallies"]] == [
            ("q1-leader", {"FRA": 1})
        ]
        for fan in (alice, bob, carol, late):
            await fan.close()

    asyncio.run(scenario())
    assert all(node.process.poll() is None for node in nodes)


def test_a_pick_made_while_redis_is_down_is_confirmed_and_reaches_every_page_once_it_is_back(
    nodes, redis
):
    async def scenario():
        alice = await RemoteFan(nodes[0]).connect()
        assert (await alice.join("Alice"))["type"] == "welcome"
        watchers = [await RemoteFan(node).connect() for node in nodes]
        redis.stop()
        await alice.send(pick("AUS"))
        assert (await alice.receive("error", "pick"))["type"] == "pick", (
            "stored, so confirmed: Redis only relays"
        )
        redis.start()
        await until_healthy(*nodes)
        for page in (alice, *watchers):  # the share the outage held back, or the resync after it
            assert (await page.receive("tally"))["counts"] == {"AUS": 1}
        late = await RemoteFan(nodes[1]).connect()
        assert [(t["prediction"], t["counts"]) for t in late.hello["tallies"]] == [
            ("q1-leader", {"AUS": 1})
        ]
        for page in (alice, late, *watchers):
            await page.close()

    asyncio.run(scenario())


def test_a_redis_restart_mid_storm_loses_no_stored_pick_and_every_page_converges(nodes, redis):
    async def scenario():
        crowd = [await RemoteFan(nodes[index % 2]).connect() for index in range(40)]
        for index, tab in enumerate(crowd):
            assert (await tab.join(f"Fan {index}"))["type"] == "welcome"
        choices = ["FRA" if index % 4 else "AUS" for index in range(len(crowd))]
        first, second = crowd[:20], crowd[20:]
        await asyncio.gather(*(tab.send(pick(choice)) for tab, choice in zip(first, choices)))
        redis.stop()
        await asyncio.gather(*(tab.send(pick(choice)) for tab, choice in zip(second, choices[20:])))
        answers = [await tab.receive("pick", "error") for tab in crowd]
        assert [a["type"] for a in answers] == ["pick"] * len(crowd), (
            "every pick was stored: none is an error"
        )
        await asyncio.sleep(1)
        redis.start()
        await until_healthy(*nodes)
        truth = {"FRA": choices.count("FRA"), "AUS": choices.count("AUS")}
        for tab in crowd:  # every page, not a sample
            while (await tab.receive("tally"))["counts"] != truth:
                pass
        for tab in crowd:
            await tab.close()

    asyncio.run(scenario())


REDIS_OUTAGE_S = 10


def test_a_ten_second_redis_outage_during_picking_loses_no_stored_pick_from_any_page(nodes, redis):
    """Picks sent all through a 10 s outage: each is stored and confirmed (never `error`), and
    once Redis is back every page, on either node, shows the share the database holds."""

    async def scenario():
        crowd = [await RemoteFan(nodes[index % 2]).connect() for index in range(30)]
        for index, tab in enumerate(crowd):
            assert (await tab.join(f"Fan {index}"))["type"] == "welcome"
        choices = ["FRA" if index % 3 else "AUS" for index in range(len(crowd))]
        redis.stop()
        down_at = time.monotonic()
        answers = []
        for tab, choice in zip(crowd, choices):  # one pick every third of a second, all outage long
            await tab.send(pick(choice))
            answers.append(await tab.receive("pick", "error"))
            await asyncio.sleep(REDIS_OUTAGE_S / len(crowd))
        assert time.monotonic() - down_at >= REDIS_OUTAGE_S
        assert [answer["type"] for answer in answers] == ["pick"] * len(crowd), [
            answer for answer in answers if answer["type"] != "pick"
        ]
        redis.start()
        await until_healthy(*nodes)
        truth = {"FRA": choices.count("FRA"), "AUS": choices.count("AUS")}
        for tab in crowd:  # every page, not a sample
            while (await tab.receive("tally", timeout=RECOVERY_S))["counts"] != truth:
                pass
        late = await RemoteFan(nodes[1]).connect()
        assert [t["counts"] for t in late.hello["tallies"]] == [truth]
        for tab in (*crowd, late):
            await tab.close()

    asyncio.run(scenario())
    assert all(node.process.poll() is None for node in nodes)
