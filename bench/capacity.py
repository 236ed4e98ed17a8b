"""Capacity: idle sockets one node holds, and the memory each costs, stepping up until it degrades.

We open idle watchers on one node in steps up to MAX_SOCKETS; after each step we read the
node's resident memory, time a `ping` round trip on a sample of the open sockets, and have a fan
join: we count the sockets that receive a message naming them within DELIVERY_S (a socket that
is open but no longer served is the failure a ping sample misses). The node has degraded when a
step fails to connect, the p99 round trip passes DEGRADED_MS or a socket goes unserved; we stop
there. The bare `websockets` relay, measured in the same run, is the baseline.

Run: .venv/bin/python -m bench.capacity
"""

import asyncio
import json
import tempfile
import time
import uuid
from pathlib import Path

from bench import bare_websockets
from bench.report import machine, median, percentile, section, table
from bench.sockets import (
    ONE_ADDRESS_MANY_FANS,
    ROOM,
    ScaledOutSite,
    client_for,
    close_all,
    connect_many,
    next_of,
    raise_file_limit,
    rss_mib,
)
from testsupport.site import Site

COMMAND = ".venv/bin/python -m bench.capacity"
STEPS = (500, 1000, 2000, 5000, 7500, 10000)
MAX_SOCKETS = STEPS[-1]
SAMPLE = 50  # sockets pinged per step
DEGRADED_MS = 1000
SETTLE_S = 2.0
DELIVERY_S = 10.0


async def ping_ms(ws):
    started = time.perf_counter()
    await ws.send(json.dumps({"type": "ping"}))
    await next_of(ws, "pong")
    return (time.perf_counter() - started) * 1000


async def served(url, sockets):
    """How many of `sockets` receive a message naming a fan who joins, within DELIVERY_S."""
    from websockets.asyncio.client import connect

    name = f"capacity-{uuid.uuid4().hex[:6]}"
    deadline = time.monotonic() + DELIVERY_S

    async def names_them(ws):
        try:
            while name not in await asyncio.wait_for(ws.recv(), deadline - time.monotonic()):
                pass
            return True
        except Exception:
            return False

    async with connect(url, **client_for(url)) as fan:
        await fan.send(json.dumps({"type": "join", "name": name}))
        return sum(await asyncio.gather(*(names_them(ws) for ws in sockets)))


async def step_up(url, pid):
    """One row per step: (sockets, RSS MiB, KiB per socket over the empty node, ping p50, p99, served, note)."""
    await asyncio.sleep(SETTLE_S)
    empty_mib, rows, sockets = rss_mib(pid), [], []
    try:
        for target in STEPS:
            try:
                sockets += await connect_many(url, target - len(sockets))
            except Exception as error:
                rows.append(
                    (
                        target,
                        None,
                        None,
                        None,
                        None,
                        None,
                        f"connects failed: {type(error).__name__}",
                    )
                )
                break
            await asyncio.sleep(SETTLE_S)
            await drain(sockets)
            mib = rss_mib(pid)
            pings = await asyncio.gather(
                *(ping_ms(ws) for ws in sockets[:: max(1, len(sockets) // SAMPLE)])
            )
            p99, reached = percentile(pings, 0.99), await served(url, sockets)
            degraded = p99 > DEGRADED_MS or reached < len(sockets)
            rows.append(
                (
                    target,
                    mib,
                    (mib - empty_mib) * 1024 / target,
                    median(pings),
                    p99,
                    reached,
                    "degraded" if degraded else "",
                )
            )
            if degraded:
                break
    finally:
        await close_all(sockets)
    return rows


async def drain(sockets):
    """Read what the server pushed (hello, viewer counts) so client buffers do not skew memory."""
    for ws in sockets:
        while True:
            try:
                await asyncio.wait_for(ws.recv(), 0.001)
            except TimeoutError:
                break


def measure_bare():
    url, process = bare_websockets.start()
    try:
        return asyncio.run(step_up(url, process.pid))
    finally:
        process.terminate()


def measure_rally():
    site = Site(
        Path(tempfile.mkdtemp(prefix="rally-capacity-")), env=ONE_ADDRESS_MANY_FANS
    ).prepare()
    node = site.start("serve")  # the embedded default, with its daphne limits and sockets
    try:
        return asyncio.run(step_up(f"{node.ws_url}{ROOM}", node.process.pid))
    finally:
        site.stop()


def measure_deployed():
    """A web node as deployed: the bare `daphne` CLI on rally.asgi, PostgreSQL and Redis."""
    scaled = ScaledOutSite.create()
    if scaled is None:
        return None
    try:
        node = scaled.site.start("daphne")
        return asyncio.run(step_up(f"{node.ws_url}{ROOM}", node.process.pid))
    finally:
        scaled.close()


def run():
    raise_file_limit(MAX_SOCKETS)
    results = {
        "bare websockets relay": measure_bare(),
        "Rally serve (SQLite, in-memory layer)": measure_rally(),
    }
    deployed = measure_deployed()
    if deployed:
        results["Rally: daphne node, PostgreSQL, Redis"] = deployed
    return section("Capacity: idle sockets per node", COMMAND, report(results))


def report(results):
    bare = {row[0]: row for row in results["bare websockets relay"]}
    rows = []
    for name, steps in results.items():
        for sockets, mib, kib_each, p50, p99, reached, note in steps:
            if mib is None:
                rows.append([name, sockets, "–", "–", "–", "–", "–", "–", note])
                continue
            baseline = bare.get(sockets)
            ratio = f"{kib_each / baseline[2]:.1f}×" if baseline and baseline[2] else "–"
            rows.append(
                [
                    name,
                    sockets,
                    f"{mib:.0f}",
                    f"{kib_each:.0f}",
                    ratio,
                    f"{p50:.1f}",
                    f"{p99:.1f}",
                    reached,
                    note,
                ]
            )
    notes = (
        f"{machine()}. Idle watchers (connected, not joined) added in steps to one node; resident memory "
        f"of the server process after each step, per socket over the empty server; a ping round trip on "
        f'{SAMPLE} of the open sockets; then a fan joins and "served" counts the sockets that receive a message '
        f"naming them within {DELIVERY_S:.0f} s. Stops at a failed connect, a p99 over {DEGRADED_MS} ms or an "
        f"unserved socket, or at "
        f"{MAX_SOCKETS}. Clients share the machine (2 cores): the round trips include their scheduling."
    )
    headers = [
        "server",
        "sockets",
        "RSS MiB",
        "KiB per socket",
        "vs bare",
        "ping p50 ms",
        "ping p99 ms",
        "served",
        "note",
    ]
    return f"{notes}\n\n{table(headers, rows)}"


if __name__ == "__main__":
    print(run())
