"""Heartbeat cost at 10,000 sockets on one node, on PostgreSQL: what a heartbeat interval wrote
before issue 15 (each socket's presence row, 500 channel names per UPDATE) beside what it writes
now (one row per node, relay.services.beat). Temporary tables shaped like relay's; median of 7.

Run: .venv/bin/python -m bench.heartbeat    (not part of `make test`)
"""

import statistics
import time

import psycopg

from bench.report import machine, section, table
from bench.sockets import POSTGRES_ADMIN_URL

COMMAND = ".venv/bin/python -m bench.heartbeat"
SOCKETS, ROUNDS = 10000, 7
HEARTBEAT_BATCH = 500  # channel names per UPDATE, as the per-socket heartbeat wrote them


def measure():
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        cursor = connection.cursor()
        cursor.execute(
            "create temp table presence (id serial primary key, channel_name varchar(100) unique, "
            "node varchar(100), heartbeat timestamptz)"
        )
        names = [f"specific.{index:08x}!{index}" for index in range(SOCKETS)]
        cursor.executemany(
            "insert into presence (channel_name, node, heartbeat) values (%s, 'node-1', now())",
            [(name,) for name in names],
        )
        cursor.execute(
            "create temp table node_beat (node varchar(100) primary key, beat_at timestamptz)"
        )
        cursor.execute("insert into node_beat values ('node-1', now())")
        cursor.execute("analyze presence")

        def per_socket():
            for start in range(0, SOCKETS, HEARTBEAT_BATCH):
                cursor.execute(
                    "update presence set heartbeat = now() where channel_name = any(%s)",
                    (names[start : start + HEARTBEAT_BATCH],),
                )

        def per_node():
            cursor.execute("update node_beat set beat_at = now() where node = 'node-1'")

        return {
            f"before: {SOCKETS:,} socket rows, {SOCKETS // HEARTBEAT_BATCH} UPDATEs of {HEARTBEAT_BATCH} names": timed(
                per_socket
            ),
            "one row per node": timed(per_node),
        }


def timed(write):
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        write()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def run():
    results = measure()
    baseline = results["one row per node"][0]
    rows = [
        [name, f"{median:.2f}", f"{worst:.2f}", f"{median / baseline:.0f}×"]
        for name, (median, worst) in results.items()
    ]
    notes = (
        f"{machine()}. One heartbeat interval's writes for one node with {SOCKETS:,} sockets, "
        "PostgreSQL on loopback."
    )
    return section(
        "Heartbeat writes at 10,000 sockets",
        COMMAND,
        f"{notes}\n\n{table(['heartbeat', 'median ms', 'max ms', 'vs one row per node'], rows)}",
    )


if __name__ == "__main__":
    print(run())
