"""Playing along on live football across two daphne nodes on one PostgreSQL and one Redis, the
feed polled by `poll_fixtures --once` in a process of its own, from the local fake SportMonks
serving the recorded match live: the 39th minute, City's first goal seconds away."""

import asyncio
import json
import time
import urllib.request

import pytest

from matches.feed.recorded import RecordedFeed
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.fans import RemoteFan
from testsupport.payloads import serving

pytestmark = [pytest.mark.services, pytest.mark.timeout(240)]

SLUG = "mci-v-qpr-90120513"
ZABALETA = 38 * 60 + 31  # match seconds: City 1-0
BEFORE_THE_GOAL_S = 25  # the match starts this long before Zabaleta's goal


@pytest.fixture
def fake():
    with FakeSportMonks() as server:
        yield server


@pytest.fixture
def site(site_factory, postgres_url, redis_url, fake):
    feed_env = {
        "SPORTMONKS_API_TOKEN": fake.token,
        "SPORTMONKS_BASE_URL": fake.base_url,
        "PRESENCE_COALESCE_S": "0.1",
    }
    site = site_factory(database_url=postgres_url, redis_url=redis_url, env=feed_env)
    site.manage("migrate", "--noinput", "-v", "0")
    for _ in range(2):
        site.start("daphne")
    return site


def standings(node):
    with urllib.request.urlopen(f"{node.url}/api/matches/{SLUG}/standings", timeout=10) as response:
        return json.load(response)


async def fan(node, name):
    tab = RemoteFan(node)
    tab.url = f"{node.ws_url}/ws/matches/{SLUG}/"
    await tab.connect()
    assert (await tab.join(name))["type"] == "welcome"
    return tab


async def poll(site):
    await asyncio.to_thread(site.manage, "poll_fixtures", "--once")


def test_two_fans_on_two_nodes_pick_opposite_sides_and_the_next_goal_ranks_them(site, fake):
    # The feed's clock is the wall clock (its timestamps meet the nodes' own): kick-off was 38 minutes ago.
    feed = RecordedFeed(kickoff_delay=-(ZABALETA - BEFORE_THE_GOAL_S))
    fake.fixtures = serving(feed)
    first, second = site.nodes

    async def scenario():
        await poll(site)  # 38': the round that opened at 36' is open
        alice, bob = await fan(first, "Alice"), await fan(second, "Bob")
        [open_round] = [
            p
            for p in bob.hello["predictions"]
            if p["status"] == "open" and p["id"].startswith("next-goal")
        ]
        assert [o["label"] for o in open_round["options"]][:2] == [
            "Manchester City",
            "Queens Park Rangers",
        ]
        await alice.send(
            {"type": "pick", "prediction": open_round["id"], "choice": "home", "loop": 1}
        )
        await bob.send(
            {"type": "pick", "prediction": open_round["id"], "choice": "away", "loop": 1}
        )
        assert ((await alice.receive("pick"))["name"], (await bob.receive("pick"))["name"]) == (
            "Alice",
            "Bob",
        )
        while (await alice.receive("tally"))["counts"] != {"home": 1, "away": 1}:
            pass  # Bob's pick, counted on the other node, reaches Alice's share

        await asyncio.sleep(max(0.0, feed.first_kickoff + ZABALETA + 2 - time.time()))
        await poll(site)  # the goal is in the feed
        settled = await bob.receive("prediction_update", timeout=20)
        while settled["prediction"]["id"] != open_round["id"]:
            settled = await bob.receive("prediction_update", timeout=20)
        assert (settled["prediction"]["status"], settled["prediction"]["answer"]) == (
            "resolved",
            "home",
        )
        board = await bob.receive(
            "standings", timeout=20
        )  # pushed to both nodes' pages by the settler
        assert [(row["name"], row["points"]) for row in board["top"]] == [("Alice", 5), ("Bob", 0)]
        await alice.close()
        await bob.close()
        return open_round["id"]

    round_id = asyncio.run(scenario())
    for node in site.nodes:
        report = standings(node)
        assert report["results"][round_id] == "home"
        assert [(row["name"], row["points"], row["rank"]) for row in report["standings"]] == [
            ("Alice", 5, 1),
            ("Bob", 0, 2),
        ]
