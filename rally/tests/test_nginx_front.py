"""The README's nginx block, run by Debian's nginx in front of two web nodes (PostgreSQL, Redis):
sockets upgrade through it, the nodes see each client's own address whatever it forges, and
the limits per address hold across nodes."""

import asyncio
import re
import ssl
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import httpx
import psycopg
import pytest

from testsupport.fans import RemoteFan
from testsupport.nginx import Nginx, nginx_available
from testsupport.services import POSTGRES_ADMIN_URL, REDIS_TEST_URL, port_open, service_unavailable
from testsupport.site import Site

pytestmark = [pytest.mark.services, pytest.mark.timeout(240)]
SOCKETS_PER_ADDRESS_PER_NODE = 2
NO_VERIFY = ssl.create_default_context()
NO_VERIFY.check_hostname, NO_VERIFY.verify_mode = False, ssl.CERT_NONE


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    """nginx on free ports in front of two `serve --web-only` nodes: one set for the module."""
    if not nginx_available():
        service_unavailable("Debian's nginx is not installed (apt-get install nginx)")
    if not (port_open("127.0.0.1", 5432) and port_open("127.0.0.1", 6379)):
        service_unavailable("PostgreSQL and Redis must listen on 127.0.0.1")
    name = f"rally_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    database_url = (
        POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{name}"
    )
    site = Site(
        tmp_path_factory.mktemp("site"),
        database_url,
        REDIS_TEST_URL,
        env={
            "TRUSTED_PROXIES": "127.0.0.1",  # nginx, on this machine
            "RELAY_MAX_SOCKETS_PER_ADDRESS": str(SOCKETS_PER_ADDRESS_PER_NODE),
            "METRICS_ALLOWED_IPS": "127.0.0.2",
        },
    )
    nginx = None
    try:
        site.prepare("--tick-ms", "60000")
        nodes = [site.start("web"), site.start("web")]
        nginx = Nginx([node.port for node in nodes]).start()
        yield SimpleNamespace(site=site, nginx=nginx, ws_url=f"wss://127.0.0.1:{nginx.https_port}")
    finally:
        if nginx:
            nginx.stop()
        site.stop()
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def client(source="127.0.0.1"):
    return httpx.Client(
        verify=False, transport=httpx.HTTPTransport(verify=False, local_address=source)
    )


def test_the_readme_block_passes_nginx_t_with_placeholder_certificates():
    if not nginx_available():
        service_unavailable("Debian's nginx is not installed (apt-get install nginx)")
    nginx = Nginx([8001, 8002])
    try:
        result = nginx.test_config()
        assert result.returncode == 0, result.stderr
    finally:
        nginx.stop()


def test_plain_http_is_redirected_to_https(front):
    response = client().get(
        f"http://127.0.0.1:{front.nginx.http_port}/standings?x=1", follow_redirects=False
    )
    assert response.status_code == 301
    assert response.headers["location"] == "https://127.0.0.1/standings?x=1"


def test_a_socket_upgrades_through_the_proxy_and_says_hello(front):
    async def scenario():
        fan = await RemoteFan(front, ssl=NO_VERIFY).connect()
        assert fan.hello["type"] == "hello" and fan.hello["online"] == []
        assert (await fan.join("Proxied"))["type"] == "welcome"
        await fan.close()

    asyncio.run(scenario())


def test_the_nodes_see_the_clients_own_address_not_a_forged_one(front):
    metrics = f"{front.nginx.https}/metrics"
    assert client("127.0.0.2").get(metrics).status_code == 200  # the one address allowed to read
    assert client("127.0.0.1").get(metrics).status_code == 404
    # From an address that is not the proxy's own (127.0.0.1 is nginx's, a TRUSTED_PROXIES entry,
    # and so trusted to name a client).
    forged = client("127.0.0.7").get(metrics, headers={"X-Forwarded-For": "127.0.0.2"})
    assert forged.status_code == 404


def test_forged_headers_buy_no_sockets_past_the_per_address_cap(front):
    async def scenario():
        fans = []
        for n in range(8):
            headers = {"X-Forwarded-For": f"10.0.0.{n}, not-an-ip"}
            fans.append(await RemoteFan(front, ssl=NO_VERIFY, additional_headers=headers).connect())
        accepted = [fan for fan in fans if fan.hello["type"] == "hello"]
        refused = [fan for fan in fans if fan.hello["type"] == "error"]
        # least_conn spreads them over both nodes: the cap is per address and node
        assert len(accepted) == 2 * SOCKETS_PER_ADDRESS_PER_NODE
        assert {fan.hello["code"] for fan in refused} == {"too_many_connections"}
        other = await RemoteFan(front, ssl=NO_VERIFY, local_addr=("127.0.0.3", 0)).connect()
        assert other.hello["type"] == "hello"  # another address has its own budget
        for fan in [*accepted, other]:
            await fan.close()

    asyncio.run(scenario())


def test_the_proxy_caps_requests_per_address(front):
    flood = client("127.0.0.4")

    def get(_):
        return flood.get(f"{front.nginx.https}/healthz").status_code

    # Forty at once, then eighty more: one by one, a busy machine's nodes answer slower than the
    # 20 a second nginx lets through after the burst, and no flood ever reaches the cap.
    with ThreadPoolExecutor(40) as pool:
        statuses = list(pool.map(get, range(40))) + list(pool.map(get, range(80)))
    assert 429 in statuses and statuses[:40] == [200] * 40  # the burst passes, the flood does not
    assert client("127.0.0.5").get(f"{front.nginx.https}/healthz").status_code == 200


STRAIGHT = "127.0.0.6"  # a client that reaches a node's port without the proxy


def test_a_forged_header_straight_to_a_node_buys_nothing(front):
    """The node's port answers (the runbook says to keep it reachable by the proxy only): the
    header from a peer that is not a trusted proxy is ignored, so it buys no sockets past the
    cap, no /metrics and no escape from the admin lockout."""
    node = front.site.nodes[0]

    async def sockets():
        fans = []
        for n in range(6):
            forged = {"X-Forwarded-For": f"203.0.113.{n}"}
            fans.append(
                await RemoteFan(node, local_addr=(STRAIGHT, 0), additional_headers=forged).connect()
            )
        accepted = [fan for fan in fans if fan.hello["type"] == "hello"]
        assert len(accepted) == SOCKETS_PER_ADDRESS_PER_NODE
        for fan in fans:
            await fan.close()

    asyncio.run(sockets())
    straight = client(STRAIGHT)
    metrics = straight.get(f"{node.url}/metrics", headers={"X-Forwarded-For": "127.0.0.2"})
    assert metrics.status_code == 404
    login = f"{node.url}/admin/login/"
    statuses = []
    for n in range(7):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', straight.get(login).text)
        answer = straight.post(
            login,
            data={
                "username": "admin",
                "password": f"wrong-{n}",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"X-Forwarded-For": f"198.51.100.{n}", "Referer": login},
        )
        statuses.append(answer.status_code)
    # The fifth wrong password locks the pair (AXES_FAILURE_LIMIT 5), whatever each one forged.
    assert statuses == [200] * 4 + [429] * 3, statuses


@pytest.mark.parametrize("path", ["/", "/api/matches/"])
def test_pages_and_json_come_compressed_through_the_proxy(front, path):
    response = client("127.0.0.8").get(
        f"{front.nginx.https}{path}", headers={"Accept-Encoding": "gzip"}
    )
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
