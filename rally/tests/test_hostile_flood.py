"""Issue 16, on a live `manage.py serve` node: a flood of made-up fixture slugs grows neither
the server's memory nor its log. Bounded and on loopback: 3,000 requests, 4 connections."""

import http.client
import random
import string
import threading

import pytest

FLOOD = 3_000
SLUG_BYTES = 2_048
CONNECTIONS = 4
MAX_RSS_GROWTH = 3 * 1024 * 1024
MAX_LOG_GROWTH = 1024 * 1024


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    from testsupport.site import Site

    site = Site(tmp_path_factory.mktemp("flood")).prepare()
    yield site.start("serve")
    site.stop()


def flood(node, count, path_of):
    """`count` GETs over CONNECTIONS keep-alive connections; returns the statuses seen."""
    statuses, lock = set(), threading.Lock()

    def worker(share):
        connection = http.client.HTTPConnection("127.0.0.1", node.port, timeout=30)
        for _ in range(share):
            connection.request("GET", path_of())
            response = connection.getresponse()
            response.read()
            with lock:
                statuses.add(response.status)
        connection.close()

    threads = [
        threading.Thread(target=worker, args=(count // CONNECTIONS,)) for _ in range(CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def random_slug_path():
    slug = "".join(random.choices(string.ascii_lowercase + string.digits, k=SLUG_BYTES))
    return f"/api/matches/{slug}/state"


def test_a_flood_of_unknown_slugs_grows_neither_memory_nor_the_log(node):
    flood(node, 1_000, random_slug_path)  # warm up: allocator arenas, the first of every code path
    rss_before, log_before = node.rss_bytes(), node.log_path.stat().st_size
    assert flood(node, FLOOD, random_slug_path) == {404}
    rss_growth = node.rss_bytes() - rss_before
    log_growth = node.log_path.stat().st_size - log_before
    print(
        f"{FLOOD} unknown {SLUG_BYTES}-byte slugs: RSS +{rss_growth / 1024:.0f} KiB, log +{log_growth} bytes"
    )
    assert rss_growth < MAX_RSS_GROWTH
    assert log_growth < MAX_LOG_GROWTH
    # …and the real fixture is still served.
    connection = http.client.HTTPConnection("127.0.0.1", node.port, timeout=10)
    connection.request("GET", "/api/matches/fiba-2019-bronze/state")
    assert connection.getresponse().status == 200


def test_head_and_405s_on_the_live_server(node):
    connection = http.client.HTTPConnection("127.0.0.1", node.port, timeout=10)
    for path in ("/", "/api/matches/", "/api/matches/fiba-2019-bronze/state"):
        connection.request("HEAD", path)
        response = connection.getresponse()
        assert response.status == 200 and response.read() == b"", path
    connection.request("DELETE", "/api/matches/")
    response = connection.getresponse()
    assert response.status == 405 and response.getheader("Allow") == "GET, HEAD"
    assert response.getheader("Content-Type").startswith("application/json")
    response.read()
    connection.request("GET", "/api/matches/", headers={"Host": "evil.example"})
    response = connection.getresponse()
    assert response.status == 400 and response.getheader("Content-Type").startswith(
        "application/json"
    )


def test_a_socket_from_another_port_of_the_same_host_is_refused_by_the_live_node(node):
    import asyncio

    async def scenario():
        from websockets.asyncio.client import connect
        from websockets.exceptions import InvalidStatus

        url = f"{node.ws_url}/ws/matches/fiba-2019-bronze/"
        for origin in (
            "http://localhost:9999",
            f"http://evil.example@127.0.0.1:{node.port}",
            "http://127.0.0.1",
        ):
            with pytest.raises(InvalidStatus):
                await connect(url, origin=origin, proxy=None, open_timeout=10)
        async with connect(
            url, origin=f"http://127.0.0.1:{node.port}", proxy=None, open_timeout=10
        ) as ok:
            assert "hello" in await asyncio.wait_for(ok.recv(), 10)

    asyncio.run(scenario())
