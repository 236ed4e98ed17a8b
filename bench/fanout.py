"""Fan-out: a join's `presence` and a pick's relay reaching N watchers, beside a bare relay.

N watchers sit in the replay's room; a fan connects, joins, then picks. Per watcher we time from
the fan's `join` to the first `presence` naming them, and from their `pick` to the room hearing
it (Rally: the `tally` that counts it; the bare relays relay the pick itself). Rally's join holds
the nickname claim and the roster snapshot in the database, its pick the judging, the batch that
stores it and the tally window, and both the channel layer's group send; the bare `websockets` relay keeps names
in memory and calls `websockets.broadcast`; the bare ASGI relay (bench/bare_asgi.py) does the same on
daphne, so what daphne costs can be told from what Rally adds. Rally runs as the embedded default (`serve`, SQLite,
in-memory layer), as one daphne node on PostgreSQL and Redis, and as two such nodes with the
watchers split across both and the fan on the first (so half the room is reached through Redis
and the other node). Every server is a separate process on loopback, measured by the same client
in the same run: read the ratios.

Run: .venv/bin/python -m bench.fanout [N …]     (default 100 500 1000 2000; not part of `make test`)
"""

import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import bare_asgi, bare_websockets
from bench.report import machine, median, percentile, section, table
from bench.sockets import (
    ONE_ADDRESS_MANY_FANS,
    ROOM,
    SLOW_REPLAY,
    ScaledOutSite,
    client_for,
    close_all,
    connect_many,
    raise_file_limit,
)
from testsupport.site import Site

COMMAND = ".venv/bin/python -m bench.fanout"
SIZES = (100, 500, 1000, 2000)
FEWER_TRIALS_FROM, TRIALS, FEWER_TRIALS = (
    2000,
    5,
    3,
)  # keeps the whole run near ten minutes on 2 cores
SETTLE_S = (
    2.0  # Rally coalesces the fan's arrival into one viewer-count broadcast after 1 s: let it pass
)
TRIAL_TIMEOUT_S = 30
KINDS = ("presence", "pick")
PICK = {
    "type": "pick",
    "prediction": "q1-leader",
    "choice": "FRA",
    "loop": 1,
}  # open all run (SLOW_REPLAY)
BARE = "bare websockets relay"
BARE_ASGI = "bare ASGI relay on daphne"


def trials(size):
    return FEWER_TRIALS if size >= FEWER_TRIALS_FROM else TRIALS


class Watchers:
    """Sockets in one room, spread over the nodes' URLs, each read by its own task, noting when
    the awaited message first reaches it."""

    def __init__(self, urls):
        self.urls, self.sockets, self.readers = urls, [], []
        self.awaited, self.arrivals, self.all_arrived = None, {}, asyncio.Event()

    async def grow_to(self, count):
        missing, first = count - len(self.sockets), len(self.sockets)
        for index, url in enumerate(self.urls):
            self.sockets += await connect_many(
                url, missing // len(self.urls) + (index < missing % len(self.urls))
            )
        new = enumerate(self.sockets[first:], first)
        self.readers += [asyncio.ensure_future(self._read(index, ws)) for index, ws in new]

    async def _read(self, index, ws):
        async for raw in ws:
            awaited = self.awaited
            if (
                awaited
                and index not in self.arrivals
                and awaited.hint in raw
                and awaited.matches(json.loads(raw))
            ):
                self.arrivals[index] = time.perf_counter()
                if len(self.arrivals) == len(self.sockets):
                    self.all_arrived.set()

    async def trial(self, name):
        """{kind: seconds from the fan's frame to each watcher's copy of its effect}."""
        from websockets.asyncio.client import connect

        async with connect(self.urls[0], **client_for(self.urls[0])) as fan:
            await asyncio.sleep(SETTLE_S)
            times = {
                "presence": await self.time_to_all(
                    fan, {"type": "join", "name": name}, NamedInRoster(name)
                )
            }
            times["pick"] = await self.time_to_all(fan, PICK, TheirPick(name))
        await asyncio.sleep(SETTLE_S / 2)  # the fan's leave goes out too
        return times

    async def time_to_all(self, fan, frame, awaited):
        self.awaited, self.arrivals = awaited, {}
        self.all_arrived.clear()
        started = time.perf_counter()
        await fan.send(json.dumps(frame))
        try:
            await asyncio.wait_for(self.all_arrived.wait(), TRIAL_TIMEOUT_S)
        except TimeoutError:
            reached = f"{len(self.arrivals)} of {len(self.sockets)} watchers reached"
            raise RuntimeError(f"{frame['type']}: only {reached}") from None
        finally:
            self.awaited = None
        return [arrived - started for arrived in self.arrivals.values()]

    async def close(self):
        for reader in self.readers:
            reader.cancel()
        await close_all(self.sockets)


class Awaited:
    def __init__(self, name):
        self.name = name
        self.hint = name  # a message that lacks it is skipped unparsed


class NamedInRoster(Awaited):
    def matches(self, message):
        if message["type"] == "presence_diff":  # Rally
            return self.name in message["joins"]
        return (
            message["type"] == "presence" and self.name in message["online"]
        )  # the bare relays' whole roster


class TheirPick(Awaited):
    """The pick reaching a watcher: Rally's room hears it in the share (a `tally`), the bare relays
    relay the pick itself."""

    def __init__(self, name):
        super().__init__(name)
        self.hint = PICK["prediction"]

    def matches(self, message):
        if message["type"] == "tally":  # Rally: the room is quiet but for this fan's pick
            return message["prediction"] == PICK["prediction"]
        return message["type"] == "pick" and message["name"] == self.name


async def measure(urls, sizes):
    """{N: {kind: (every watcher's latency in every trial, the slowest watcher of each trial)}}."""
    watchers, results = Watchers(urls), {}
    try:
        for size in sizes:
            await watchers.grow_to(size)
            await asyncio.sleep(SETTLE_S)
            results[size] = {kind: ([], []) for kind in KINDS}
            for trial in range(trials(size)):
                for kind, times in (
                    await watchers.trial(f"fan-{size}-{trial}-{uuid.uuid4().hex[:4]}")
                ).items():
                    results[size][kind][0].extend(times)
                    results[size][kind][1].append(max(times))
    finally:
        await watchers.close()
    return results


def measure_bare(url, process, sizes):
    try:
        return asyncio.run(measure([url], sizes))
    finally:
        process.terminate()


def measure_bare_asgi(sizes):
    port, process = bare_asgi.start()
    return measure_bare(f"ws://127.0.0.1:{port}/", process, sizes)


def measure_site(site, command, nodes, sizes):
    try:
        started = [site.start(command) for _ in range(nodes)]
        return asyncio.run(measure([f"{node.ws_url}{ROOM}" for node in started], sizes))
    finally:
        site.stop()


def measure_scaled(nodes, sizes):
    scaled = ScaledOutSite.create()
    if scaled is None:
        return None
    try:
        return measure_site(scaled.site, "daphne", nodes, sizes)
    finally:
        scaled.close()


def run(sizes=SIZES):
    raise_file_limit(max(sizes) + 1)
    results = {
        BARE: measure_bare(*bare_websockets.start(), sizes),
        BARE_ASGI: measure_bare_asgi(sizes),
    }
    embedded = Site(
        Path(tempfile.mkdtemp(prefix="rally-fanout-")), env=ONE_ADDRESS_MANY_FANS
    ).prepare(*SLOW_REPLAY)
    results["Rally serve: SQLite, in-memory layer"] = measure_site(embedded, "serve", 1, sizes)
    for nodes in (1, 2):
        name = f"Rally: {nodes} daphne node{'s' if nodes > 1 else ''}, PostgreSQL, Redis"
        measured = measure_scaled(nodes, sizes)
        if measured:
            results[name] = measured
    title = "Fan-out: a join's presence and a pick's relay reaching N watchers"
    return section(title, COMMAND, report(results, sizes))


def figures(latencies, slowest, bare_slowest):
    all_reached = median(slowest)
    return [
        f"{median(latencies) * 1000:.1f}",
        f"{percentile(latencies, 0.99) * 1000:.1f}",
        f"{all_reached * 1000:.1f}",
        f"{all_reached / median(bare_slowest):.1f}×",
    ]


def report(results, sizes):
    rows = []
    for size in sizes:
        for name, by_size in results.items():
            row = [size, name]
            for kind in KINDS:
                row += figures(*by_size[size][kind], results[BARE][size][kind][1])
            rows.append(row)
    notes = (
        f"{machine()}. Per N: {TRIALS} fans (from {FEWER_TRIALS_FROM} watchers on, {FEWER_TRIALS}), each joining then "
        'picking; p50 and p99 over every watcher of every fan; "all" is the median over fans of the slowest '
        'watcher, and "vs bare" compares it with the bare `websockets` relay\'s. '
        "Two nodes: watchers split evenly, the fan "
        "on the first. Servers and watchers share the machine (loopback, one client process), so absolute "
        "times include the client's own scheduling."
    )
    headers = ["watchers", "server"] + [
        f"{kind} {figure}"
        for kind in KINDS
        for figure in ("p50 ms", "p99 ms", "all ms", "all vs bare")
    ]
    return f"{notes}\n\n{table(headers, rows)}"


if __name__ == "__main__":
    print(run(tuple(int(n) for n in sys.argv[1:]) or SIZES))
