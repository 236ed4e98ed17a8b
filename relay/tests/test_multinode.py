"""Scale-out: two daphne nodes on one PostgreSQL and one Redis behave as one site."""

import asyncio

import pytest

from testsupport.fans import RemoteFan
from testsupport.site import ONE_ADDRESS_MANY_FANS

pytestmark = [pytest.mark.services, pytest.mark.timeout(240)]
SLOW_TICK = ("--tick-ms", "60000")  # sequence 1 for a minute: the first-quarter questions are open


@pytest.fixture
def nodes(site_factory, postgres_url, redis_url):
    site = site_factory(
        database_url=postgres_url, redis_url=redis_url, env={"PRESENCE_COALESCE_S": "0.1"}
    )
    site.prepare(*SLOW_TICK)
    return site.start("daphne"), site.start("daphne")


@pytest.fixture
def crowd_nodes(site_factory, postgres_url, redis_url):
    site = site_factory(database_url=postgres_url, redis_url=redis_url, env=ONE_ADDRESS_MANY_FANS)
    site.prepare(*SLOW_TICK)
    return site.start("daphne"), site.start("daphne")


def pick(choice):
    return {"type": "pick", "prediction": "q1-leader", "choice": choice, "loop": 1}


async def fans(node, *names):
    tabs = []
    for name in names:
        tab = await RemoteFan(node).connect()
        if name:
            assert (await tab.join(name))["type"] == "welcome"
        tabs.append(tab)
    return tabs


async def close(*tabs):
    for tab in tabs:
        await tab.close()


def test_a_pick_sent_on_one_node_is_counted_in_the_share_a_fan_on_the_other_sees(nodes):
    async def scenario():
        [alice], [bob] = await fans(nodes[0], "Alice"), await fans(nodes[1], "Bob")
        await alice.send(pick("AUS"))
        assert (await alice.receive("pick"))["choice"] == "AUS"  # confirmed to its sender
        assert (await bob.receive("tally", "pick"))["counts"] == {
            "AUS": 1
        }  # the room hears the share
        await close(alice, bob)

    asyncio.run(scenario())


def test_presence_spans_both_nodes(nodes):
    async def scenario():
        [watcher] = await fans(nodes[0], None)
        [alice], [bob] = await fans(nodes[0], "Alice"), await fans(nodes[1], "Bob")
        both = await watcher.presence_with(lambda message: message["online"] == ["Alice", "Bob"])
        assert both["viewers"] == 3
        [late] = await fans(nodes[1], None)
        assert late.hello["online"] == ["Alice", "Bob"] and late.hello["viewers"] == 4
        await bob.close()
        assert (await watcher.presence_with(lambda message: message["online"] == ["Alice"]))[
            "viewers"
        ] == 3
        await close(watcher, alice, late)

    asyncio.run(scenario())


def test_twenty_simultaneous_claims_of_one_name_across_both_nodes_give_one_welcome(nodes):
    async def scenario():
        tabs = [await RemoteFan(nodes[i % 2]).connect() for i in range(20)]
        answers = await asyncio.gather(*(tab.join("Boomer") for tab in tabs))
        assert sorted(answer["type"] for answer in answers) == ["name_taken"] * 19 + ["welcome"]
        await close(*tabs)

    asyncio.run(scenario())


def test_a_fan_arriving_on_the_other_node_is_greeted_with_the_share_so_far(nodes):
    async def scenario():
        [alice] = await fans(nodes[0], "Alice")
        await alice.send(pick("FRA"))
        await alice.receive("pick")
        [bob] = await fans(nodes[1], None)
        assert [(t["prediction"], t["counts"]) for t in bob.hello["tallies"]] == [
            ("q1-leader", {"FRA": 1})
        ]
        await close(alice, bob)

    asyncio.run(scenario())


def test_a_storm_of_picks_across_both_nodes_ends_with_every_page_showing_the_databases_counts(
    crowd_nodes, postgres_url
):
    crowd_per_node, nodes = 100, crowd_nodes

    async def scenario():
        watchers = [*(await fans(nodes[0], None, None)), *(await fans(nodes[1], None, None))]
        crowd = [
            *(await fans(nodes[0], *[f"East {i}" for i in range(crowd_per_node)])),
            *(await fans(nodes[1], *[f"West {i}" for i in range(crowd_per_node)])),
        ]
        choices = ["FRA" if index % 3 else "AUS" for index in range(len(crowd))]
        await asyncio.gather(*(tab.send(pick(choice)) for tab, choice in zip(crowd, choices)))
        assert [(await tab.receive("pick"))["choice"] for tab in crowd] == choices  # each confirmed
        stored = await asyncio.to_thread(counts_in, postgres_url)
        assert stored == {"FRA": choices.count("FRA"), "AUS": choices.count("AUS")}
        for tab in [*watchers, *crowd]:  # every page, not a sample, ends on the truth
            while (await tab.receive("tally"))["counts"] != stored:
                pass
        await close(*watchers, *crowd)

    asyncio.run(scenario())


def counts_in(database_url):
    """{choice: stored picks} on q1-leader, read from the site's own database."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        rows = connection.execute(
            "SELECT choice, count(*) FROM predictions_pick WHERE prediction = 'q1-leader' "
            "GROUP BY choice"
        ).fetchall()
    return dict(rows)


def test_names_held_by_a_node_that_died_are_freed_by_the_sweep_and_the_grace(
    site_factory, postgres_url, redis_url
):
    fast = {
        "PRESENCE_COALESCE_S": "0.1",
        "PRESENCE_HEARTBEAT_S": "0.5",
        "PRESENCE_STALE_S": "2",
        "PRESENCE_SWEEP_INTERVAL_S": "0.5",
        "PRESENCE_GRACE_S": "1",
    }
    site = site_factory(database_url=postgres_url, redis_url=redis_url, env=fast).prepare(
        *SLOW_TICK
    )
    survivor, doomed = site.start("serve"), site.start("daphne")  # serve runs the sweeper

    async def scenario():
        [watcher], [_alice] = await fans(survivor, None), await fans(doomed, "Alice")
        await watcher.presence_with(lambda message: message["online"] == ["Alice"])
        doomed.stop(kill=True)  # SIGKILL: no disconnect ever reaches the database
        gone = await watcher.presence_with(lambda message: message["online"] == [], timeout=20)
        assert gone["viewers"] == 1
        await asyncio.sleep(1.2)  # the grace the sweep started
        assert (await watcher.join("Alice"))["type"] == "welcome"
        await watcher.close()

    asyncio.run(scenario())


def test_a_token_issued_on_one_node_reclaims_the_name_and_picks_on_the_other(nodes):
    async def scenario():
        alice = await RemoteFan(nodes[0]).connect()
        await alice.send({"type": "join", "name": "Alice"})
        token = (await alice.receive("welcome"))["token"]
        await alice.send(pick("AUS"))
        await alice.receive("pick")
        await alice.close()
        [thief] = await fans(nodes[1], None)
        await thief.presence_with(
            lambda roster: "Alice" not in roster["online"]
        )  # her departure is written
        await thief.send({"type": "join", "name": "ALICE"})
        assert "reserved_until" in await thief.receive("name_taken")
        back = await RemoteFan(nodes[1]).connect()
        await back.send({"type": "join", "name": "Alice", "token": token})
        welcome = await back.receive("welcome")
        assert [(p["name"], p["choice"]) for p in welcome["picks"]] == [("Alice", "AUS")]
        await close(thief, back)

    asyncio.run(scenario())


def test_racing_reclaims_and_claims_across_both_nodes_leave_exactly_one_owner(nodes):
    async def scenario():
        owner = await RemoteFan(nodes[0]).connect()
        await owner.send({"type": "join", "name": "Racer"})
        token = (await owner.receive("welcome"))["token"]
        await owner.close()
        tabs = [await RemoteFan(nodes[i % 2]).connect() for i in range(20)]

        async def attempt(index, tab):
            await tab.send(
                {"type": "join", "name": "racer", **({"token": token} if index % 2 else {})}
            )
            return index % 2, (await tab.receive("welcome", "name_taken"))

        answers = await asyncio.gather(*(attempt(index, tab) for index, tab in enumerate(tabs)))
        welcomed = [
            (with_token, answer["token"])
            for with_token, answer in answers
            if answer["type"] == "welcome"
        ]
        assert welcomed and all(with_token for with_token, _ in welcomed)  # only the owner's tabs
        assert {issued for _, issued in welcomed} == {token}  # one owner, one token
        await close(*tabs)

    asyncio.run(scenario())


def test_after_a_node_dies_every_watcher_on_the_other_ends_with_the_servers_roster(
    site_factory, postgres_url, redis_url
):
    fast = {
        "PRESENCE_COALESCE_S": "0.1",
        "PRESENCE_HEARTBEAT_S": "0.5",
        "PRESENCE_STALE_S": "2",
        "PRESENCE_SWEEP_INTERVAL_S": "0.5",
    }
    site = site_factory(database_url=postgres_url, redis_url=redis_url, env=fast).prepare(
        *SLOW_TICK
    )
    survivor, doomed = site.start("serve"), site.start("daphne")  # serve runs the sweeper
    versions = {}  # watcher → every roster version it showed, in order

    def showing(watcher, wanted):
        def check(roster):
            versions.setdefault(watcher, []).append(roster["version"])
            return all(roster[field] == value for field, value in wanted.items())

        return check

    async def scenario():
        watchers = await fans(survivor, "Wendy", "Walt", None, None)
        doomed_fans = await fans(doomed, "Dora", "Dan", "Dee", None, None)
        everyone = {"online": ["Dan", "Dee", "Dora", "Walt", "Wendy"], "viewers": 9}
        for watcher in watchers:
            await watcher.presence_with(showing(watcher, everyone))
        doomed.stop(kill=True)  # SIGKILL: no disconnect ever reaches the database
        [late] = await fans(survivor, "Lena")  # the room goes on changing while the sweep runs
        await asyncio.sleep(0.5)
        for watcher in watchers:
            await watcher.presence_with(
                showing(watcher, {"online": ["Lena", "Walt", "Wendy"]}), timeout=20
            )
        [fresh] = await fans(survivor, None)  # its hello is the room as the database holds it now
        server = {field: fresh.hello[field] for field in ("online", "named")} | {
            "viewers": fresh.hello["viewers"]
        }
        for watcher in [*watchers, late]:
            await watcher.presence_with(showing(watcher, server))
            assert watcher.roster.version >= fresh.hello["version"]
        assert all(shown == sorted(shown) for shown in versions.values())  # never backwards
        await close(*watchers, late, fresh)
        del doomed_fans  # their node is gone: nothing to close

    asyncio.run(scenario())
