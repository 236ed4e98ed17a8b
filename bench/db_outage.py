"""A database outage longer than PRESENCE_STALE_S under a crowd, with the default presence times
(heartbeat 15 s, stale 40 s, sweep 15 s, lease 15 s): 200 joined fans on two web nodes and a
worker, every one of them on PostgreSQL through a TCP proxy cut for 60 s (the machine's
PostgreSQL is never stopped). After the sweep has had its chance: is every name still its
owner's, every page's roster the server's, and no name a stranger's?

Run: .venv/bin/python -m bench.db_outage    (not part of `make test`; about 3 minutes)
"""

import asyncio
import time
from urllib.parse import urlsplit

from bench.report import section, table
from bench.sockets import ScaledOutSite
from testsupport.fans import RemoteFan
from testsupport.faults import TcpProxy

COMMAND = ".venv/bin/python -m bench.db_outage"
FANS, OUTAGE_S = 200, 60
AFTER_S = 40 + 15 + 10  # past PRESENCE_STALE_S and a sweep interval after the database is back


async def scenario(nodes, proxy):
    fans, tokens = [], {}
    for index in range(FANS):
        fan = await RemoteFan(nodes[index % 2]).connect()
        welcome = await fan.join(f"Fan {index}")
        assert welcome["type"] == "welcome", welcome
        fans.append(fan)
        tokens[f"Fan {index}"] = welcome["token"]
    for fan in fans:
        await fan.presence_with(lambda roster: roster["named"] == FANS, timeout=30)
    proxy.cut()
    await asyncio.sleep(OUTAGE_S)
    proxy.restore()
    await asyncio.sleep(AFTER_S)
    fresh = await RemoteFan(nodes[1]).connect()
    wrong = 0
    for fan in fans:
        roster = await fan.presence_with(lambda r: r["viewers"] == FANS + 1, timeout=30)
        wrong += roster["named"] != fresh.hello["named"]
    # Ten names, one socket: a socket may try ten joins a minute.
    strangers = [(await fresh.join(f"Fan {index}"))["type"] for index in range(0, FANS, 20)]
    owners = []
    for index in range(0, FANS, 10):
        tab = await RemoteFan(nodes[index % 2]).connect()
        owners.append((await tab.join(f"Fan {index}", tokens[f"Fan {index}"]))["type"])
        await tab.close()
    for fan in (*fans, fresh):
        await fan.close()
    return fresh.hello["named"], wrong, strangers, owners


def measure():
    deployment = ScaledOutSite.create()
    if deployment is None:
        return None
    address = urlsplit(deployment.site.env["DATABASE_URL"])
    proxy = TcpProxy(address.port).start()
    through = {
        "DATABASE_URL": deployment.site.env["DATABASE_URL"].replace(
            f":{address.port}/", f":{proxy.port}/"
        )
    }
    try:
        nodes = [deployment.site.start("web", env=through) for _ in range(2)]
        worker = deployment.site.start_worker(env=through)
        started = time.monotonic()
        result = asyncio.run(scenario(nodes, proxy))
        waited = [line for line in worker.log().splitlines() if "no node is judged" in line]
        return (*result, bool(waited), time.monotonic() - started)
    finally:
        deployment.close()
        proxy.close()


def run():
    result = measure()
    if result is None:
        return section("A database outage", COMMAND, "skipped: PostgreSQL or Redis missing")
    named, wrong, strangers, owners, waited, seconds = result
    body = table(
        ["fans", "outage", "named after", "pages off the server's count", "strangers", "owners"],
        [
            (
                FANS,
                f"{OUTAGE_S} s",
                named,
                wrong,
                f"{strangers.count('name_taken')} of {len(strangers)} refused",
                f"{owners.count('welcome')} of {len(owners)} welcomed",
            )
        ],
    )
    note = "the sweeper logged that it waited" if waited else "the sweeper never waited"
    return section(
        "A database outage longer than the stale time",
        COMMAND,
        f"{body}\n\n{note}; {seconds:.0f} s in all.",
    )


if __name__ == "__main__":
    print(run())
