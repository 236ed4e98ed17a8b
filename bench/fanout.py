"""Fan-out: a join's `presence` reaching N watchers, through Rally beside a bare `websockets` relay.

N watchers sit in the replay's room; a fan joins; we time, per watcher, from sending `join` to
receiving the `presence` that names the fan. Rally's path holds the nickname claim and the
roster snapshot in the database and the channel layer's group send; the bare relay keeps names in
its memory and calls `websockets.broadcast`. Both are separate processes on loopback, measured by
the same client in the same run: read the ratios.

Run: .venv/bin/python -m bench.fanout [N …]     (default 100 500 1000; not part of `make test`)
"""

import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench import bare_websockets
from bench.report import machine, median, percentile, section, table
from bench.sockets import CLIENT, ONE_ADDRESS_MANY_FANS, ROOM, ScaledOutSite, close_all, connect_many, raise_file_limit
from rally.testing import Site

COMMAND = ".venv/bin/python -m bench.fanout"
SIZES = (100, 500, 1000)
TRIALS = 5
SETTLE_S = 1.5  # lets Rally's coalesced viewer-count broadcast (1 s) pass before a trial
TRIAL_TIMEOUT_S = 30
BARE = "bare websockets relay"


class Watchers:
    """Sockets in one room, each read by its own task, noting when a marker first reaches it."""

    def __init__(self, url):
        self.url, self.sockets, self.readers = url, [], []
        self.marker, self.arrivals, self.all_arrived = None, {}, asyncio.Event()

    async def grow_to(self, count):
        new = await connect_many(self.url, count - len(self.sockets))
        first = len(self.sockets)
        self.sockets += new
        self.readers += [asyncio.ensure_future(self._read(index, ws)) for index, ws in enumerate(new, first)]

    async def _read(self, index, ws):
        async for message in ws:
            if self.marker and self.marker in message and index not in self.arrivals:
                self.arrivals[index] = time.perf_counter()
                if len(self.arrivals) == len(self.sockets):
                    self.all_arrived.set()

    async def trial(self, name):
        """Seconds from a fan's `join` to each watcher's `presence` naming them."""
        from websockets.asyncio.client import connect

        async with connect(self.url, **CLIENT) as joiner:
            await asyncio.sleep(SETTLE_S)
            self.marker, self.arrivals = json.dumps(name), {}
            self.all_arrived.clear()
            started = time.perf_counter()
            await joiner.send(json.dumps({"type": "join", "name": name}))
            await asyncio.wait_for(self.all_arrived.wait(), TRIAL_TIMEOUT_S)
            self.marker = None
        await asyncio.sleep(SETTLE_S / 2)  # the leave goes out too
        return [arrived - started for arrived in self.arrivals.values()]

    async def close(self):
        for reader in self.readers:
            reader.cancel()
        await close_all(self.sockets)


async def measure(url, sizes):
    """{N: (every watcher's latency in every trial, the slowest watcher of each trial)}."""
    watchers, results = Watchers(url), {}
    try:
        for size in sizes:
            await watchers.grow_to(size)
            await asyncio.sleep(SETTLE_S)
            latencies, slowest = [], []
            for trial in range(TRIALS):
                times = await watchers.trial(f"fan-{size}-{trial}-{uuid.uuid4().hex[:4]}")
                latencies += times
                slowest.append(max(times))
            results[size] = (latencies, slowest)
    finally:
        await watchers.close()
    return results


def measure_bare(sizes):
    url, process = bare_websockets.start()
    try:
        return asyncio.run(measure(url, sizes))
    finally:
        process.terminate()


def measure_site(site, sizes):
    try:
        node = site.start("daphne")
        return asyncio.run(measure(f"{node.ws_url}{ROOM}", sizes))
    finally:
        site.stop()


def run(sizes=SIZES):
    raise_file_limit(max(sizes) + 1)
    results = {BARE: measure_bare(sizes)}
    embedded = Site(Path(tempfile.mkdtemp(prefix="rally-fanout-")), env=ONE_ADDRESS_MANY_FANS).prepare()
    results["Rally: daphne, SQLite, in-memory layer"] = measure_site(embedded, sizes)
    scaled = ScaledOutSite.create()
    if scaled:
        try:
            results["Rally: daphne, PostgreSQL, Redis layer"] = measure_site(scaled.site, sizes)
        finally:
            scaled.close()
    return section("Fan-out: a join's presence reaching N watchers", COMMAND, report(results, sizes))


def report(results, sizes):
    rows = []
    for size in sizes:
        bare_p50 = median(results[BARE][size][0])
        for name, by_size in results.items():
            latencies, slowest = by_size[size]
            rows.append([
                size, name, f"{median(latencies) * 1000:.1f}", f"{percentile(latencies, 0.99) * 1000:.1f}",
                f"{median(slowest) * 1000:.1f}", f"{median(latencies) / bare_p50:.1f}×",
            ])
    notes = (
        f"{machine()}. Per N: {TRIALS} joins; p50 and p99 over every watcher of every join; \"all reached\" "
        "is the median over joins of the slowest watcher. Server and watchers share the machine "
        "(loopback, one client process), so absolute times include the client's own scheduling."
    )
    headers = ["watchers", "server", "p50 ms", "p99 ms", "all reached ms", "p50 vs bare"]
    return f"{notes}\n\n{table(headers, rows)}"


if __name__ == "__main__":
    print(run(tuple(int(n) for n in sys.argv[1:]) or SIZES))
