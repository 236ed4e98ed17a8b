"""Join storm: 500 nickname claims arriving within one second, some names contested.

500 sockets are open in the replay's room; within one second each sends one `join` — 400
distinct names and 10 names claimed 10 times each. We time from the first claim to the last
answer and count the winners: every name must have exactly one. The baseline, in the same run
on the same sockets, is 500 `ping`s over one second (the round trip without the claim), and the
same storm against the bare `websockets` relay (which has no locks: every claim wins there).

Run: .venv/bin/python -m bench.join_storm
"""

import asyncio
import collections
import tempfile
import time
import uuid
from pathlib import Path

from bench import bare_websockets
from bench.report import machine, section, table
from bench.sockets import (
    ONE_ADDRESS_MANY_FANS,
    ROOM,
    ScaledOutSite,
    close_all,
    connect_many,
    next_of,
    raise_file_limit,
)
from testsupport.site import Site

COMMAND = ".venv/bin/python -m bench.join_storm"
CLAIMS = 500
CONTESTED, CLAIMS_PER_CONTESTED = 10, 10
SPREAD_S = 1.0
REDIS_LAYERS = ("pubsub", "lists")  # REDIS_CHANNEL_LAYER: the default, and the one it replaced
ANSWERS = ("welcome", "name_taken", "invalid_name", "error")


def storm_names():
    tag = uuid.uuid4().hex[:4]
    contested = [
        f"hot{index}-{tag}" for index in range(CONTESTED) for _ in range(CLAIMS_PER_CONTESTED)
    ]
    distinct = [f"fan{index}-{tag}" for index in range(CLAIMS - len(contested))]
    return distinct + contested


async def spread(sockets, frame_of, *answers):
    """Send one frame per socket, evenly over SPREAD_S; (seconds to the last answer, answers)."""
    started = time.perf_counter()

    async def one(index, ws):
        await asyncio.sleep(index * SPREAD_S / len(sockets))
        await ws.send(frame_of(index))
        return await next_of(ws, *answers)

    replies = await asyncio.gather(*(one(index, ws) for index, ws in enumerate(sockets)))
    return time.perf_counter() - started, replies


async def storm(urls):
    sockets = []
    for index, url in enumerate(urls):
        sockets += await connect_many(url, CLAIMS // len(urls) + (index < CLAIMS % len(urls)))
    try:
        await asyncio.sleep(1.5)  # the connects' viewer-count broadcasts pass
        ping_s, _ = await spread(sockets, lambda index: '{"type": "ping"}', "pong")
        names = storm_names()
        join_s, replies = await spread(
            sockets, lambda index: f'{{"type": "join", "name": "{names[index]}"}}', *ANSWERS
        )
    finally:
        await close_all(sockets)
    return (
        ping_s,
        join_s,
        winners_per_name(names, replies),
        collections.Counter(reply["type"] for reply in replies),
    )


def winners_per_name(names, replies):
    winners = collections.Counter(
        name for name, reply in zip(names, replies) if reply["type"] == "welcome"
    )
    return collections.Counter(
        winners.get(name, 0) for name in set(names)
    )  # {winners: how many names}


def measure_bare():
    url, process = bare_websockets.start()
    try:
        return asyncio.run(storm([url]))
    finally:
        process.terminate()


def measure_site(site, command, nodes):
    try:
        started = [site.start(command) for _ in range(nodes)]
        return asyncio.run(storm([f"{node.ws_url}{ROOM}" for node in started]))
    finally:
        site.stop()


def run():
    raise_file_limit(CLAIMS)
    results = {"bare websockets relay (no locks)": measure_bare()}
    embedded = Site(
        Path(tempfile.mkdtemp(prefix="rally-storm-")), env=ONE_ADDRESS_MANY_FANS
    ).prepare("--tick-ms", "60000")
    results["Rally serve: SQLite, in-memory layer"] = measure_site(embedded, "serve", 1)
    for layer in REDIS_LAYERS:
        scaled = ScaledOutSite.create({"REDIS_CHANNEL_LAYER": layer})
        if scaled:
            try:
                results[f"Rally: 2 daphne nodes, PostgreSQL, Redis {layer} layer"] = measure_site(
                    scaled.site, "daphne", 2
                )
            finally:
                scaled.close()
    return section("Join storm: 500 claims in one second", COMMAND, report(results))


def report(results):
    rows = []
    for name, (ping_s, join_s, winners, answers) in results.items():
        one_each = "yes" if set(winners) == {1} else f"no: {dict(winners)}"
        rows.append(
            [
                name,
                f"{join_s * 1000:.0f}",
                f"{ping_s * 1000:.0f}",
                f"{join_s / ping_s:.2f}×",
                one_each,
                ", ".join(f"{kind} {count}" for kind, count in sorted(answers.items())),
            ]
        )
    notes = (
        f"{machine()}. {CLAIMS} sockets in one room send one claim each, spread evenly over {SPREAD_S:.0f} s: "
        f"{CLAIMS - CONTESTED * CLAIMS_PER_CONTESTED} distinct names and {CONTESTED} names claimed "
        f'{CLAIMS_PER_CONTESTED} times each. "all answered" runs from the first claim to the last answer, so '
        f"{SPREAD_S * 1000:.0f} ms is the floor; the ping storm is the same sockets' round trip without a claim. "
        "The bare relay broadcasts the roster to the whole room after every welcome (500 × 500 presence "
        "messages); Rally sends a room at most one roster per PRESENCE_ROSTER_WINDOW_S (0.2 s) per node."
    )
    headers = [
        "server",
        "all answered ms",
        "ping storm ms",
        "vs ping storm",
        "one winner per name",
        "answers",
    ]
    return f"{notes}\n\n{table(headers, rows)}"


if __name__ == "__main__":
    print(run())
