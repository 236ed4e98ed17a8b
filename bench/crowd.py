"""A crowd in one room: what one more join costs each watcher, and whether a crowd arriving is
counted and served.

Bytes per watcher per join: N named fans sit in the replay's room (rows written straight into
the node's database), one watcher listens, one more fan joins; we add up every byte the watcher
receives for it (the join's diff and the viewer count's). The baseline is a relay broadcasting
whole rosters, as Rally did before (a roster of N+1 names, twice: the join's and the count's).

Arrival: bench/arrival.py on the embedded default (`serve`) and on two daphne nodes with
PostgreSQL and Redis, the sockets spread over both.

Run: .venv/bin/python -m bench.crowd [arrival sockets]    (not part of `make test`)
"""

import asyncio
import json
import sqlite3
import sys
import tempfile
import uuid
from pathlib import Path

from bench import arrival
from bench.report import machine, section, table
from bench.sockets import (
    ONE_ADDRESS_MANY_FANS,
    ROOM,
    SLOW_REPLAY,
    ScaledOutSite,
    client_for,
    next_of,
    raise_file_limit,
)
from testsupport.site import Site

COMMAND = ".venv/bin/python -m bench.crowd"
NAMED = (100, 1000, 10000)
ARRIVALS = (6000, 10000)
EMBEDDED, TWO_NODES = "embedded default (`serve`)", "2 daphne nodes, PostgreSQL, Redis"
QUIET_S = 2.5  # the viewer count's diff follows the join's within PRESENCE_COALESCE_S


def seat(site, count):
    with sqlite3.connect(site.workdir / "db.sqlite3") as db:
        fixture_id = db.execute(
            "select id from matches_fixture where slug = ?", (ROOM.strip("/").rsplit("/", 1)[-1],)
        ).fetchone()[0]
        db.execute("delete from predictions_presence")
        db.executemany(
            "insert into predictions_presence (fixture_id, channel_name, name, key, node, heartbeat)"
            " values (?, ?, ?, ?, 'seated', datetime('now', '+1 hour'))",
            [
                (
                    fixture_id,
                    f"seated-{i}",
                    f"Fan{i:05d}",
                    f"fan{i:05d}",
                )
                for i in range(count)
            ],
        )


async def bytes_per_join(url):
    from websockets.asyncio.client import connect

    async with connect(url, **client_for(url)) as watcher:
        hello = await next_of(watcher, "hello")
        await asyncio.sleep(QUIET_S)
        async with connect(url, **client_for(url)) as fan:
            await fan.send(json.dumps({"type": "join", "name": f"fan-{uuid.uuid4().hex[:6]}"}))
            received = 0
            try:
                while True:
                    received += len((await asyncio.wait_for(watcher.recv(), QUIET_S)).encode())
            except TimeoutError:
                pass
    return len(json.dumps(hello).encode()), received


def whole_roster_bytes(named):
    roster = {
        "type": "presence",
        "online": [f"Fan{i:05d}" for i in range(named + 1)],
        "viewers": named + 3,
    }
    return 2 * len(json.dumps(roster).encode())


def measure(arrivals):
    site = Site(Path(tempfile.mkdtemp(prefix="rally-crowd-")), env=ONE_ADDRESS_MANY_FANS).prepare(
        *SLOW_REPLAY
    )
    rows, crowds = [], []
    try:
        for named in NAMED:
            seat(site, named)
            node = site.start("serve")
            hello, diff = asyncio.run(bytes_per_join(f"{node.ws_url}{ROOM}"))
            rows.append(
                [
                    named,
                    diff,
                    whole_roster_bytes(named),
                    f"{diff / whole_roster_bytes(named):.3f}×",
                    hello,
                ]
            )
            site.stop()
            site.nodes.clear()
        seat(site, 0)
        crowds += [(EMBEDDED, count, arrive(site, "serve", 1, count)) for count in arrivals]
    finally:
        site.stop()
    for count in arrivals:  # a fresh database each: a stopped daphne node's rows wait for a sweeper
        scaled = ScaledOutSite.create()
        if scaled is None:
            break
        try:
            crowds.append((TWO_NODES, count, arrive(scaled.site, "daphne", 2, count)))
        finally:
            scaled.close()
    return rows, crowds


def arrive(site, command, nodes, count):
    """bench/arrival.py's figures for a crowd spread over `nodes` fresh nodes of `site`."""
    try:
        urls = [f"{site.start(command).ws_url}{ROOM}" for _ in range(nodes)]
        return asyncio.run(arrival.measure(urls, count))
    finally:
        site.stop()
        site.nodes.clear()


def run(arrivals=ARRIVALS):
    raise_file_limit(max(arrivals, default=0) + 100)
    rows, crowds = measure(arrivals)
    body = (
        f"{machine()}. One more fan joining a room of N named fans: the bytes one watcher receives for it "
        f"(join diff and viewer count), beside a relay broadcasting the whole roster twice; and the size of "
        f"a newcomer's capped hello.\n\n"
        + table(
            [
                "named fans",
                "Rally bytes per watcher per join",
                "whole rosters (bare relay)",
                "ratio",
                "hello bytes",
            ],
            rows,
        )
        + "\n\nA crowd arriving: sockets opened 50 every 0.3 s (on two nodes, alternately), then a fan "
        f"joins; counted by the server, reached within {arrival.DELIVERY_S:.0f} s.\n\n"
        + table(
            [
                "server",
                "sockets",
                "opened",
                "failed",
                "closed by server",
                "counted",
                "reached",
                "s to 99 %",
            ],
            [
                [
                    server,
                    count,
                    r["opened"],
                    r["failed"],
                    r["closed by server"],
                    r["counted"],
                    r["reached"],
                    f"{r['s to 99 %']:.2f}" if r["s to 99 %"] is not None else "never",
                ]
                for server, count, r in crowds
            ],
        )
    )
    return section("Crowd: presence diffs and a crowd arriving", COMMAND, body)


if __name__ == "__main__":
    print(run(tuple(int(n) for n in sys.argv[1:]) or ARRIVALS))
