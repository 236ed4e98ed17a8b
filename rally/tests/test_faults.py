"""Faults survived with nothing lost: the database unreachable for a while, then back.

The node reaches PostgreSQL through a TCP proxy the test can cut (testsupport/faults.py). Feed faults
are in matches/tests/test_poller.py and test_sportmonks_client.py, the model server down in
showrunner/tests/, a killed web node in relay/tests/test_multinode.py and a Redis restart
in relay/tests/test_faults.py.
"""

import asyncio
import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from testsupport.fans import SLUG, RemoteFan, node_origin
from testsupport.faults import TcpProxy
from testsupport.site import ONE_ADDRESS_MANY_FANS

pytestmark = [pytest.mark.services, pytest.mark.timeout(180)]
SLOW_TICK = ("--tick-ms", "60000")  # sequence 1 for a minute: q1-leader stays open
RECOVERY_S = 15
DETAIL = "The database cannot be reached; try again shortly."


def pick(choice):
    return {"type": "pick", "prediction": "q1-leader", "choice": choice, "loop": 1}


def get(url):
    """(status, JSON body) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def html(url):
    """(status, text, Retry-After) of a page, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), response.headers["Retry-After"]
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers["Retry-After"]


async def socket_closed_with(node):
    """The close code of a new socket to the room (a refused handshake raises instead)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    url = f"{node.ws_url}/ws/matches/{SLUG}/"
    async with connect(url, origin=node_origin(url), proxy=None, open_timeout=10) as socket:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 10)
    return closed.value.rcvd.code


async def eventually(probe, expected, timeout=RECOVERY_S):
    deadline = time.monotonic() + timeout
    while (answer := await asyncio.to_thread(probe)) != expected and time.monotonic() < deadline:
        await asyncio.sleep(0.3)
    return answer


@pytest.fixture
def cut_off_node(site_factory, postgres_url):
    """A whole site (`serve`) whose every database connection runs through a proxy."""
    address = urlsplit(postgres_url)
    proxy = TcpProxy(address.port).start()
    through_proxy = postgres_url.replace(f":{address.port}/", f":{proxy.port}/")
    site = site_factory(database_url=postgres_url, env={"PRESENCE_HEARTBEAT_S": "0.5"}).prepare(
        *SLOW_TICK
    )
    node = site.start("serve", env={"DATABASE_URL": through_proxy})
    yield node, proxy
    proxy.close()


def test_a_database_outage_gives_clear_errors_loses_nothing_and_heals_without_a_restart(
    cut_off_node,
):
    node, proxy = cut_off_node
    api, state = f"{node.url}/api/matches/", f"{node.url}/api/matches/{SLUG}/state"

    async def scenario():
        alice, bob, carol = [await RemoteFan(node).connect() for _ in range(3)]
        assert (await alice.join("Alice"))["type"] == "welcome"
        assert (await carol.join("Carol"))["type"] == "welcome"
        await alice.send(pick("AUS"))
        await alice.receive("pick")

        proxy.cut()
        health = await asyncio.to_thread(get, f"{node.url}/healthz")
        assert (
            health[0] == 503
            and health[1]["db"].startswith("error")
            and health[1]["channel_layer"] == "ok"
        )
        assert await asyncio.to_thread(get, api) == (
            503,
            {"error": "database_unavailable", "detail": DETAIL},
        )
        status, page, retry_after = await asyncio.to_thread(html, f"{node.url}/")
        assert (status, retry_after) == (503, "10") and "cannot reach its database" in page, (
            "the site's own 503 page, not Django's bare 500"
        )
        assert "Back in a moment" in page and 'href="/"' in page
        assert await socket_closed_with(node) == 1011, "accepted, then closed: the page retries"
        await asyncio.sleep(1.1)  # past the state endpoint's one-second cache
        assert (await asyncio.to_thread(get, state))[1]["error"] == "database_unavailable"
        await alice.send(pick("FRA"))
        refused = await alice.receive("error", "pick")
        assert (refused["type"], refused["code"]) == ("error", "unavailable"), (
            "never confirmed unless stored"
        )
        await bob.send({"type": "join", "name": "Bob"})
        assert (await bob.receive("error", "welcome", "name_taken"))["type"] == "error"
        await alice.send({"type": "ping"})
        assert (await alice.receive("pong"))["type"] == "pong", "the socket outlives the outage"
        await carol.close()  # her row cannot be deleted now; the node's heartbeat retries it
        await asyncio.sleep(1)  # the node tries to write her departure, and cannot

        proxy.restore()
        left = await alice.presence_with(lambda roster: roster["viewers"] == 2, timeout=RECOVERY_S)
        assert left["online"] == ["Alice"]
        assert await eventually(
            lambda: get(f"{node.url}/healthz"), (200, {"db": "ok", "channel_layer": "ok"})
        )
        assert (await asyncio.to_thread(get, api))[0] == 200
        assert (await bob.join("Bob"))["type"] == "welcome"
        late = await RemoteFan(node).connect()
        assert late.hello["online"] == ["Alice", "Bob"], "no half-claimed name is left behind"
        assert [(t["prediction"], t["counts"]) for t in late.hello["tallies"]] == [
            ("q1-leader", {"AUS": 1})
        ], "the pick refused during the outage was not half-stored"
        for fan in (alice, bob, late):
            await fan.close()

    asyncio.run(scenario())
    assert node.process.poll() is None, "the node never went down"


# A database outage longer than PRESENCE_STALE_S under two web nodes and a worker, every one of
# them reaching PostgreSQL through the proxy (the shortened times keep the test short; their
# ratios are the defaults': lease + beat + retry < stale).
LIVENESS = {
    **ONE_ADDRESS_MANY_FANS,
    "PRESENCE_HEARTBEAT_S": "1",
    "PRESENCE_STALE_S": "5",
    "PRESENCE_SWEEP_INTERVAL_S": "0.5",
    "PRESENCE_COALESCE_S": "0.1",
    "LOOP_LEASE_S": "1.5",
}
OUTAGE_S = 12  # over twice PRESENCE_STALE_S
FANS_PER_NODE = 30
NAMES = [f"Fan {index}" for index in range(2 * FANS_PER_NODE)]


@pytest.fixture
def deployment_through(site_factory, postgres_url, redis_url):
    """deployment_through(worker_cut_off): two `serve --web-only` nodes on the database through a
    proxy, and a worker through it too or not (then only the nodes lose the database)."""
    address = urlsplit(postgres_url)
    proxy = TcpProxy(address.port).start()
    through_proxy = {"DATABASE_URL": postgres_url.replace(f":{address.port}/", f":{proxy.port}/")}
    site = site_factory(database_url=postgres_url, redis_url=redis_url, env=LIVENESS).prepare(
        *SLOW_TICK
    )

    def start(worker_cut_off):
        nodes = [site.start("web", env=through_proxy) for _ in range(2)]
        worker = site.start_worker(env=through_proxy if worker_cut_off else {})
        return nodes, worker, proxy

    yield start
    proxy.close()


async def joined_fans_through_an_outage(nodes, proxy):
    """Every name joined, then the database away for OUTAGE_S and back."""
    fans, tokens = await joined_fans(nodes)
    proxy.cut()
    await asyncio.sleep(OUTAGE_S)
    proxy.restore()
    return fans, tokens


async def joined_fans(nodes):
    """A tab per name, alternately on each node, each joined; {name: token}; once every tab
    shows every name."""
    fans, tokens = [], {}
    for index, name in enumerate(NAMES):
        fan = await RemoteFan(nodes[index % 2]).connect()
        welcome = await fan.join(name)
        assert welcome["type"] == "welcome", welcome
        fans.append(fan)
        tokens[name] = welcome["token"]
    for fan in fans:
        await fan.presence_with(lambda roster: roster["online"] == by_key(NAMES), timeout=20)
    return fans, tokens


async def closed_with(fan, timeout=20):
    """The close code the server ends `fan`'s socket with (whatever it sends before)."""
    from websockets.exceptions import ConnectionClosed

    try:
        while True:
            await asyncio.wait_for(fan.socket.recv(), timeout)
    except ConnectionClosed:
        return fan.socket.close_code


def by_key(names):
    return sorted(names, key=str.casefold)


async def no_name_changes_hands(nodes, tokens):
    """A newcomer sees every name; a stranger takes none; an owner's token is still its own."""
    fresh = await RemoteFan(nodes[1]).connect()
    assert fresh.hello["online"] == by_key(NAMES), "every name is still in the room"
    assert fresh.hello["named"] == len(NAMES)
    assert (await fresh.join(NAMES[0]))["type"] == "name_taken", "a stranger takes no name"
    assert (await fresh.join(NAMES[1].upper()))["type"] == "name_taken"
    second_tab = await RemoteFan(nodes[0]).connect()
    assert (await second_tab.join(NAMES[1], tokens[NAMES[1]]))["type"] == "welcome", (
        "the owner's token is still the owner's"
    )
    return fresh, second_tab


def test_a_database_outage_longer_than_the_stale_time_sweeps_no_live_node_and_no_name_changes_hands(
    deployment_through,
):
    nodes, worker, proxy = deployment_through(worker_cut_off=True)

    async def scenario():
        fans, tokens = await joined_fans_through_an_outage(nodes, proxy)
        # Past the stale time and many sweeps after the database came back.
        await asyncio.sleep(2 * float(LIVENESS["PRESENCE_STALE_S"]))

        for fan in fans:
            roster = await fan.presence_with(lambda roster: roster["viewers"] == len(NAMES))
            assert (roster["online"], roster["named"]) == (by_key(NAMES), len(NAMES)), (
                "every page's roster is the server's"
            )
        extra = await no_name_changes_hands(nodes, tokens)
        for fan in (*fans, *extra):
            await fan.close()

    asyncio.run(scenario())
    assert all(node.process.poll() is None for node in (*nodes, worker))
    log = worker.log()
    assert "no node is judged dead until it has been back" in log
    assert "another worker took the lease" not in log and "no database for" in log


def test_nodes_cut_off_from_a_database_the_worker_still_reaches_get_their_names_back_by_token(
    deployment_through,
):
    """The nodes really were away, so their rows are swept; once back, each node closes the
    sockets whose rows went (1011) and their pages rejoin with their tokens: within the grace,
    nobody else could take a name meanwhile."""
    nodes, _worker, proxy = deployment_through(worker_cut_off=False)

    async def scenario():
        fans, tokens = await joined_fans_through_an_outage(nodes, proxy)
        codes = await asyncio.gather(*(closed_with(fan) for fan in fans))
        assert codes == [1011] * len(fans), "each page is told to reconnect"
        back = []
        for index, name in enumerate(NAMES):  # as each page does: reconnect, rejoin by token
            tab = await RemoteFan(nodes[index % 2]).connect()
            assert (await tab.join(name, tokens[name]))["type"] == "welcome", name
            back.append(tab)
        extra = await no_name_changes_hands(nodes, tokens)
        for fan in (*back, *extra):
            await fan.close()

    asyncio.run(scenario())


def test_the_outage_page_is_the_sites_own_and_accessible(cut_off_node, page, axe_source):
    from testsupport.axe import serious_violations

    node, proxy = cut_off_node
    proxy.cut()
    response = page.goto(f"{node.url}/matches/{SLUG}/")
    assert response.status == 503
    assert page.locator("h1").text_content() == "Back in a moment"
    assert serious_violations(page, axe_source) == []
    page.screenshot(path=str(node.log_path.parent / "outage-page.png"))
    proxy.restore()
    page.get_by_role("link", name="Try this page again").click()
    page.wait_for_selector("[data-live-page]")
