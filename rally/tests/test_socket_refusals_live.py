"""Issue 16, over real daphne (`manage.py serve`): how the relay turns sockets away. An unknown
fixture's socket is accepted, told, and closed with 4404 (a page stops retrying); a burst of new
sockets from one address is refused with `too_many_connections` and 4029 while another fan's
time to `hello` stays low. Bounded and on loopback: at most BURST sockets."""

import asyncio
import json
import statistics
import time

import pytest

from testsupport.fans import RemoteFan, node_origin

BURST = 150  # sockets opened (and closed) from one address as fast as CONCURRENCY allows
CONCURRENCY = 8
BURSTER = "127.0.0.2"
OTHERS = 10  # another fan's connections, one every 0.2 s, timed to `hello`
MAX_OTHERS_MEDIAN_MS = (
    250  # quiet: 15–35 ms here; the issue measured 247 ms under 74 new sockets a second
)


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    from testsupport.site import Site

    site = Site(tmp_path_factory.mktemp("refusals")).prepare()
    yield site.start("serve")
    site.stop()


def test_an_unknown_fixture_is_accepted_then_closed_with_4404_over_daphne(node):
    async def scenario():
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed

        url = f"{node.ws_url}/ws/matches/no-such-fixture/"
        async with connect(
            url, origin=node_origin(url), proxy=None, open_timeout=10
        ) as socket:  # no 403
            error = json.loads(await asyncio.wait_for(socket.recv(), 10))
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(socket.recv(), 10)
        assert error["type"] == "error" and error["code"] == "unknown_fixture"
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4404, "unknown_fixture")

    asyncio.run(scenario())


async def ms_to_hello(node, **options):
    started = time.monotonic()
    fan = await RemoteFan(node, **options).connect()
    elapsed_ms = (time.monotonic() - started) * 1000
    return fan, elapsed_ms


async def burst_from_one_address(node):
    """Open, read the first message, close: BURST times. The first messages' types and the
    close codes of the refused."""
    from websockets.exceptions import ConnectionClosed

    answers, codes, queue = [], [], list(range(BURST))

    async def worker():
        while queue:
            queue.pop()
            fan, _ = await ms_to_hello(node, local_addr=(BURSTER, 0))
            answers.append(fan.hello.get("code", fan.hello["type"]))
            if fan.hello["type"] == "error":
                with pytest.raises(ConnectionClosed) as closed:
                    await fan.receive(timeout=10)
                codes.append(closed.value.rcvd.code)
            await fan.close()

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return answers, codes, BURST / (time.monotonic() - started)


async def others_ms_to_hello(node):
    timings = []
    for _ in range(OTHERS):
        fan, elapsed_ms = await ms_to_hello(node)
        timings.append(elapsed_ms)
        await fan.close()
        await asyncio.sleep(0.2)
    return statistics.median(timings)


def test_a_burst_of_sockets_from_one_address_is_refused_while_others_get_hello_quickly(node):
    async def scenario():
        quiet_ms = await others_ms_to_hello(node)
        (answers, codes, rate), busy_ms = await asyncio.gather(
            burst_from_one_address(node), others_ms_to_hello(node)
        )
        print(
            f"\nburst of {BURST} sockets from one address at {rate:.0f}/s: {answers.count('hello')} greeted, "
            f"{answers.count('too_many_connections')} refused; another fan's median time to hello "
            f"{quiet_ms:.0f} ms quiet, {busy_ms:.0f} ms during the burst"
        )
        assert answers.count("too_many_connections") > BURST / 2
        assert set(answers) == {"hello", "too_many_connections"} and set(codes) == {4029}
        assert busy_ms < MAX_OTHERS_MEDIAN_MS

    asyncio.run(scenario())
