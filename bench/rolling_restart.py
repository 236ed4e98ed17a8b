"""Where the sockets sit after a rolling restart, beside where they sat during it: N web nodes
behind the README's nginx block (least_conn), F fans connected through it, each page
reconnecting after a close as the page does (0.5 s ±25 %) and rejoining with its token; the
nodes restarted one at a time as the runbook says (SIGTERM, wait for /healthz, the next one).
Counted from the presence rows (the sockets each node holds), every 0.25 s.

Run: .venv/bin/python -m bench.rolling_restart    (not part of `make test`; needs nginx)
"""

import asyncio
import random
import ssl
import time
from collections import Counter

import psycopg

from bench.report import section, table
from bench.sockets import POSTGRES_ADMIN_URL, ScaledOutSite
from testsupport.fans import RemoteFan
from testsupport.nginx import Nginx, nginx_available

COMMAND = ".venv/bin/python -m bench.rolling_restart"
FANS = 300
NODE_COUNTS = (2, 3)
NGINX_FAIL_TIMEOUT_S = 5  # the README block's fail_timeout: nginx retries a failed node after it
NO_VERIFY = ssl.create_default_context()
NO_VERIFY.check_hostname, NO_VERIFY.verify_mode = False, ssl.CERT_NONE


class Page:
    """A fan's page: one socket through nginx, reconnected and rejoined whenever it closes."""

    def __init__(self, front, name, address):
        self.front, self.name, self.token, self.address = front, name, None, address
        self.rejoined = self.refused = 0  # reconnections with a token: named again, or not

    async def live(self, stop):
        while not stop.is_set():
            try:
                fan = await RemoteFan(
                    self.front, ssl=NO_VERIFY, local_addr=(self.address, 0)
                ).connect()
                welcome = await fan.join(self.name, self.token)
                if self.token is not None:
                    self.rejoined += welcome["type"] == "welcome"
                    self.refused += welcome["type"] != "welcome"
                if welcome["type"] == "welcome":
                    self.token = welcome["token"]
                while not stop.is_set():
                    await fan.receive(timeout=3600)
            except Exception:  # closed (1001, a restart) or refused: reconnect as the page does
                await asyncio.sleep(0.5 * random.uniform(0.75, 1.25))


def sockets_per_node(database):
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT node, count(*) FROM predictions_presence GROUP BY node"
        ).fetchall()
    return Counter(dict(rows))


async def roll(deployment, nodes, front):
    """(max sockets on one node while a node was down, counts per node after the roll)."""
    site, database = deployment.site, deployment.database
    stop = asyncio.Event()
    # Ten fans an address: nginx caps connections and requests per client address.
    pages = [Page(front, f"Fan {index}", f"127.0.1.{index // 10 + 1}") for index in range(FANS)]
    tasks = [asyncio.ensure_future(page.live(stop)) for page in pages]
    await until(lambda: sum(sockets_per_node(database).values()) == FANS)
    before = sorted(sockets_per_node(database).values(), reverse=True)
    peak_during = 0
    for index, node in enumerate(nodes):
        node.stop()  # SIGTERM: its sockets close 1001 and reconnect through nginx
        started = time.monotonic()
        while time.monotonic() - started < 3:
            peak_during = max(peak_during, *sockets_per_node(database).values(), 0)
            await asyncio.sleep(0.25)
        nodes[index] = site.start("web", port=node.port)
        await until(lambda: sum(sockets_per_node(database).values()) == FANS)
        await asyncio.sleep(NGINX_FAIL_TIMEOUT_S)  # the runbook's wait before the next node
    await asyncio.sleep(2)
    after = sorted(sockets_per_node(database).values(), reverse=True)
    after += [0] * (len(nodes) - len(after))
    rejoined = (sum(page.rejoined for page in pages), sum(page.refused for page in pages))
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return before, peak_during, after, rejoined


async def until(predicate, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while not await asyncio.to_thread(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"the sockets did not all come back: {predicate.__doc__}")
        await asyncio.sleep(0.25)


def measure(node_count):
    deployment = ScaledOutSite.create()
    if deployment is None:
        return None
    nginx = None
    try:
        nodes = [deployment.site.start("web") for _ in range(node_count)]
        nginx = Nginx([node.port for node in nodes]).start()
        front = type("Front", (), {"ws_url": f"wss://127.0.0.1:{nginx.https_port}"})()
        return asyncio.run(roll(deployment, nodes, front))
    finally:
        if nginx:
            nginx.stop()
        deployment.close()


def run():
    if not nginx_available():
        return section("Rolling restart", COMMAND, "skipped: nginx is not installed")
    rows = []
    for node_count in NODE_COUNTS:
        result = measure(node_count)
        if result is None:
            continue
        before, peak_during, after, rejoined = result
        rows.append(
            (
                node_count,
                FANS,
                " / ".join(map(str, before)),
                peak_during,
                " / ".join(map(str, after)),
                f"{rejoined[0]} named again, {rejoined[1]} refused",
            )
        )
    body = table(
        [
            "nodes",
            "fans",
            "sockets per node before",
            "most on one node while one was down",
            "sockets per node after the roll",
            "reconnections with a token",
        ],
        rows,
    )
    return section("Rolling restart: where the sockets end up", COMMAND, body)


if __name__ == "__main__":
    print(run())
