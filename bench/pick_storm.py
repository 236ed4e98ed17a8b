"""Pick storm: N joined fans in one replay room each pick once within 5 s (issue 21).

N sockets open in the replay's room and join (JOINS_PER_S, so the joins do not dominate); once
every fan is welcomed and the room is quiet, each sends ONE pick on q1-leader (3 in 5 choose the
first option, the rest the second), spread evenly over SPREAD_S. Every socket is read all along
by its own task, which notes the time and bytes of every frame, the sender's own `pick` (the
own-pick echo) and, per page, the `tally` of q1-leader with the highest `version` (the page's
counts). The storm ends when every pick sent has been answered (own `pick`, `pick_rejected` or
`error`) and no tally, pick or refusal has reached any socket for QUIET_S (or STORM_TIMEOUT_S
after the last pick, which the table notes).

Reported per server: own-pick echo p50/p99 (send → own `pick`); the time from the last pick sent
until every page's counts equal the true counts, and the share of pages that had them within
WITHIN_S; the bytes each page received from the first pick sent until quiet; whether every pick
was stored exactly once (Rally: the rows of that loop and prediction in the site's database, one
per fan, with the choice sent; the true counts are the database's); the node's CPU time over the
storm (/proc/PID/stat) and its RSS afterwards. The floor, in the same run: the same storm against
the bare `websockets` relay in its tally mode (bench/bare_websockets.py --tally: own-pick echo,
one tally per changed prediction per 0.25 s, nothing judged or stored; its true counts are the
picks it echoed).

Servers: the embedded default (`serve`, SQLite, in-memory layer) at each N, and TWO_NODES fans on
two daphne nodes on PostgreSQL and Redis, sockets alternating between them. Each N gets a fresh
site (so the loop's counts start at zero) and a fresh relay.

The client: every socket of a storm is read by its own task. Up to ONE_PROCESS_UP_TO sockets
live in one client process, more are split over CLIENT_PROCESSES processes (fan i in process
i mod K), coordinated over pipes; times are CLOCK_MONOTONIC, shared by the processes. Each
process reports its CPU time over the storm and its event loop's worst lag, so a client that was
the bottleneck shows.

Run: .venv/bin/python -m bench.pick_storm [N …] [--two-nodes N] [--bare-only] [--clients K]
(default 1000 5000 10000 and --two-nodes 2000; not part of `make test`)
"""

import argparse
import asyncio
import collections
import gc
import json
import multiprocessing
import os
import tempfile
import time
import traceback
import uuid
from pathlib import Path

from bench import bare_websockets
from bench.report import machine, median, percentile, section, table
from bench.sockets import (
    CONNECT_BATCH,
    ONE_ADDRESS_MANY_FANS,
    ROOM,
    SLOW_REPLAY,
    ScaledOutSite,
    client_for,
    raise_file_limit,
    rss_mib,
)
from testsupport.site import BASE_DIR, Site

COMMAND = ".venv/bin/python -m bench.pick_storm"
SIZES = (1000, 5000, 10000)
TWO_NODES = 2000
PREDICTIONS = BASE_DIR / "predictions" / "data" / "fiba2019_bronze_predictions.json"
SLUG = ROOM.strip("/").rsplit("/", 1)[-1]
PREDICTION = (
    "q1-leader"  # open in sequences 1–10: through the whole run with SLOW_REPLAY's 10-minute tick
)
SHARE = (3, 5)  # fan i picks the first option when i mod 5 < 3: 60 / 40
SPREAD_S = 5.0
JOINS_PER_S = 500  # 10,000 fans join over 20 s
WITHIN_S = 2.0
QUIET_S = 1.5  # no storm frame (tally, pick, refusal) on any socket this long: the storm is over
# No frame at all this long after the joins: the room has settled. Longer than the widest presence
# window (relay.presence ROSTER_MAX_WINDOW_S, 2 s), so a pause between two diffs is not taken for it.
SETTLE_QUIET_S = 3.0
SETTLE_TIMEOUT_S = (
    60  # after the joins, for the room to fall quiet (the storm starts anyway after it)
)
STORM_TIMEOUT_S = 30  # after the last pick: quiet by then, or the storm is cut there
ONE_PROCESS_UP_TO = 2000
CLIENT_PROCESSES = 2
STORM_KINDS = frozenset({"tally", "pick", "pick_rejected", "error"})
BARE = "bare websockets relay (tally mode)"
EMBEDDED = "Rally serve: SQLite, in-memory layer"
SCALED = "Rally: 2 daphne nodes, PostgreSQL, Redis"


def prediction():
    return next(item for item in json.loads(PREDICTIONS.read_text()) if item["id"] == PREDICTION)


def choice_of(index, options):
    return options[0] if index % SHARE[1] < SHARE[0] else options[1]


def replay_clock(hello):
    """(loop, sequence) by docs/engine.md §1, from a `hello`'s anchor and serverNow; (1, 1) when the
    server sends no anchor (the bare relay has no clock and judges nothing)."""
    anchor = hello.get("anchor")
    if not anchor:
        return 1, 1
    play = anchor["lastSequence"] * anchor["tickMs"]
    elapsed = max(0, hello["serverNow"] - anchor["baseStartedAt"])
    within = elapsed % (play + anchor["pauseMs"])
    sequence = within // anchor["tickMs"] + 1 if within < play else anchor["lastSequence"]
    return elapsed // (play + anchor["pauseMs"]) + 1, sequence


def without_zeros(counts):
    return {option: count for option, count in counts.items() if count}


async def sleep_until(moment):
    delay = moment - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


# ---------------------------------------------------------------- one client process


class Page:
    """One fan's socket as its page sees it."""

    __slots__ = (
        "answer",
        "bytes",
        "changes",
        "choice",
        "closed",
        "echo_at",
        "index",
        "name",
        "refused",
        "sent_at",
        "tallies",
        "version",
        "ws",
    )

    def __init__(self, index, name, choice, ws):
        self.index, self.name, self.choice, self.ws = index, name, choice, ws
        self.answer = self.sent_at = self.echo_at = self.refused = None
        self.bytes = self.tallies = 0
        self.version = -1  # of the page's q1-leader tally
        self.changes = []  # (when, counts): each time the page's q1-leader counts changed
        self.closed = False


class Crowd:
    """The sockets of one client process; each command below answers the coordinating process."""

    def __init__(self, plan):
        self.plan, self.pages, self.readers = plan, [], []
        self.clock = None
        self.counting = False
        self.last_frame = self.last_storm_frame = 0.0
        self.kind_bytes = collections.Counter()
        self.cpu_at, self.lag, self.lag_watch = None, 0.0, None

    def url_of(self, index):
        urls = self.plan["urls"]
        return urls[(index // self.plan["processes"]) % len(urls)]

    async def connect(self):
        from websockets.asyncio.client import connect

        indices, failed = self.plan["indices"], 0
        for start in range(0, len(indices), CONNECT_BATCH):
            batch = indices[start : start + CONNECT_BATCH]
            opened = await asyncio.gather(
                *(connect(self.url_of(index), **client_for(self.url_of(index))) for index in batch),
                return_exceptions=True,
            )
            for index, ws in zip(batch, opened):
                if isinstance(ws, BaseException):
                    failed += 1
                    continue
                name = f"f{index:05d}-{self.plan['tag']}"
                page = Page(index, name, choice_of(index, self.plan["options"]), ws)
                self.pages.append(page)
                self.readers.append(asyncio.ensure_future(self.read(page)))
        gc.collect()
        gc.freeze()  # the open sockets: full collections no longer walk them
        deadline = time.monotonic() + 30
        while self.clock is None and self.pages and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return {"opened": len(self.pages), "failed": failed, "clock": self.clock}

    async def read(self, page):
        try:
            async for raw in page.ws:
                now = self.last_frame = time.monotonic()
                message = json.loads(raw)
                kind = message.get("type")
                if self.counting:
                    size = len(raw) if raw.isascii() else len(raw.encode())
                    page.bytes += size
                    self.kind_bytes[kind] += size
                if kind in STORM_KINDS:
                    self.last_storm_frame = now
                if kind == "tally":
                    self.tally(page, message, now)
                elif kind == "pick":
                    if (
                        page.sent_at
                        and page.echo_at is None
                        and message.get("name") == page.name
                        and message.get("prediction") == PREDICTION
                    ):
                        page.echo_at = now
                elif kind in ("hello", "welcome"):
                    if self.clock is None and kind == "hello":
                        self.clock = replay_clock(message)
                    for tally in message.get("tallies") or ():
                        self.tally(page, tally, now)
                    if kind == "welcome":
                        page.answer = "welcome"
                elif kind in ("name_taken", "invalid_name"):
                    page.answer = kind
                elif kind == "pick_rejected":
                    page.refused = f"pick_rejected {message.get('reason')}"
                elif kind == "error":
                    if page.sent_at:
                        page.refused = f"error {message.get('code')}"
                    else:
                        page.answer = page.answer or f"error {message.get('code')}"
        except Exception:
            pass
        page.closed = True

    def tally(self, page, message, now):
        if (
            message.get("prediction") != PREDICTION
            or self.clock is None
            or message.get("loop") != self.clock[0]
        ):
            return
        if self.counting:
            page.tallies += 1
        if message.get("version", 0) > page.version:
            page.version = message.get("version", 0)
            counts = without_zeros(message.get("counts") or {})
            if not page.changes or page.changes[-1][1] != counts:
                page.changes.append((now, counts))

    async def join(self, started):
        for page in self.pages:
            await sleep_until(started + page.index / JOINS_PER_S)
            try:
                await page.ws.send(json.dumps({"type": "join", "name": page.name}))
            except Exception:
                pass
        deadline = time.monotonic() + 30 + len(self.pages) / JOINS_PER_S
        while (
            any(page.answer is None and not page.closed for page in self.pages)
            and time.monotonic() < deadline
        ):
            await asyncio.sleep(0.1)
        return collections.Counter(
            page.answer or ("closed" if page.closed else "no answer") for page in self.pages
        )

    def last(self):
        unanswered = sum(
            1
            for page in self.pages
            if page.sent_at and page.echo_at is None and page.refused is None and not page.closed
        )
        return {
            "frame": self.last_frame,
            "storm_frame": self.last_storm_frame,
            "unanswered": unanswered,
        }

    async def storm(self, started):
        """Each welcomed page sends its one pick at its slot of the spread; (first, last) send time."""
        gc.collect()
        gc.freeze()  # the sockets' objects are never scanned again, and
        gc.disable()  # no collection pauses the storm (what it makes is freed by reference counts)
        await sleep_until(started)
        self.counting, self.cpu_at, self.lag = True, time.process_time(), 0.0
        self.waited_at = waited_s(os.getpid())
        self.lag_watch = asyncio.ensure_future(self.watch_lag())
        total, loop, sent = self.plan["total"], self.clock[0], []
        for page in self.pages:
            if page.answer != "welcome":
                continue
            await sleep_until(started + page.index * SPREAD_S / total)
            frame = json.dumps(
                {"type": "pick", "prediction": PREDICTION, "choice": page.choice, "loop": loop}
            )
            page.sent_at = time.monotonic()
            try:
                await page.ws.send(frame)
                sent.append(page.sent_at)
            except Exception:
                page.sent_at = None
        return {
            "sent": len(sent),
            "first": min(sent, default=None),
            "last": max(sent, default=None),
        }

    async def watch_lag(self):
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.05)
            self.lag = max(self.lag, time.monotonic() - before - 0.05)

    async def stop(self):
        self.counting = False
        self.lag_watch.cancel()
        gc.enable()
        return {
            "cpu_s": time.process_time() - self.cpu_at,
            "lag_s": self.lag,
            "waited_s": waited_s(os.getpid()) - self.waited_at,
        }

    async def collect(self):
        """Per page: (index, name, choice sent or None, echo s or None, refused, bytes, tallies, its
        counts' changes, closed); and the storm's bytes per message type over all pages."""
        pages = [
            (
                page.index,
                page.name,
                page.choice if page.sent_at else None,
                page.echo_at - page.sent_at if page.echo_at and page.sent_at else None,
                page.refused,
                page.bytes,
                page.tallies,
                page.changes,
                page.closed,
            )
            for page in self.pages
        ]
        return {"pages": pages, "kind_bytes": dict(self.kind_bytes)}

    async def close(self):
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*(page.ws.close() for page in self.pages), return_exceptions=True)


def client_main(conn, plan):
    """A client process: `plan`'s sockets, driven by commands over `conn`."""
    try:
        asyncio.run(serve_commands(conn, plan))
    except BaseException:
        conn.send(("error", traceback.format_exc()))


async def serve_commands(conn, plan):
    loop, commands = asyncio.get_running_loop(), asyncio.Queue()

    def readable():
        try:
            commands.put_nowait(conn.recv())
        except EOFError:
            loop.remove_reader(conn.fileno())
            commands.put_nowait(("close", ()))

    loop.add_reader(conn.fileno(), readable)
    crowd = Crowd(plan)
    try:
        while True:
            command, args = await commands.get()
            if command == "close":
                return
            answer = getattr(crowd, command)(*args)
            conn.send(("ok", await answer if asyncio.iscoroutine(answer) else answer))
    finally:
        await crowd.close()
        loop.remove_reader(conn.fileno())


# ---------------------------------------------------------------- the coordinator


class Clients:
    """The client processes of one storm."""

    def __init__(self, urls, size, processes):
        context = multiprocessing.get_context("spawn")
        options = [option["id"] for option in prediction()["options"]]
        tag = uuid.uuid4().hex[:4]
        self.conns, self.processes = [], []
        for number in range(processes):
            conn, child = context.Pipe()
            plan = {
                "urls": urls,
                "total": size,
                "processes": processes,
                "tag": tag,
                "options": options,
                "indices": list(range(number, size, processes)),
            }
            process = context.Process(target=client_main, args=(child, plan), daemon=True)
            process.start()
            child.close()
            self.conns.append(conn)
            self.processes.append(process)

    def ask(self, command, *args, timeout):
        for conn in self.conns:
            conn.send((command, args))
        return [self.answer(conn, timeout) for conn in self.conns]

    @staticmethod
    def answer(conn, timeout):
        if not conn.poll(timeout):
            raise RuntimeError(f"a client process did not answer within {timeout:.0f} s")
        kind, value = conn.recv()
        if kind == "error":
            raise RuntimeError(f"a client process failed:\n{value}")
        return value

    def wait_quiet(self, which, deadline, quiet_s=QUIET_S):
        """(quiet, the last `which` frame any socket received) once every pick sent is answered and no
        such frame came for `quiet_s` (a server may pause mid-storm), or at `deadline`."""
        while True:
            answers = self.ask("last", timeout=30)
            last, unanswered = (
                max(answer[which] for answer in answers),
                sum(a["unanswered"] for a in answers),
            )
            now = time.monotonic()
            quiet = not unanswered and now - last >= quiet_s
            if quiet or now >= deadline:
                return quiet, last
            time.sleep(0.2)

    def close(self):
        for conn in self.conns:
            try:
                conn.send(("close", ()))
            except OSError:
                pass
        for process in self.processes:
            process.join(30)
            if process.is_alive():
                process.kill()
                process.join()
        for conn in self.conns:
            conn.close()


def cpu_s(pid):
    """utime + stime of a process, in seconds (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def waited_s(pid):
    """Seconds the process' threads have spent runnable but waiting for a core (/proc/PID/task/*/schedstat):
    on a machine shared with other work, what tells a starved process from a busy one."""
    total = 0
    for schedstat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(schedstat.read_text().split()[1])
        except (OSError, IndexError, ValueError):  # a thread that just ended
            pass
    return total / 1e9


def client_processes(size, override=None):
    return override or (1 if size <= ONE_PROCESS_UP_TO else CLIENT_PROCESSES)


def storm(urls, size, pids, stored_picks, processes):
    """One storm of `size` fans over `urls` (the nodes' rooms, served by processes `pids`).
    `stored_picks(loop)` → [(player, name, choice)] stored for q1-leader in that loop, or None
    when the server stores nothing."""
    clients = Clients(urls, size, processes)
    try:
        connected = clients.ask("connect", timeout=60 + size / 20)
        clocks = {answer["clock"] for answer in connected if answer["clock"]}
        if len(clocks) != 1:
            raise RuntimeError(f"no single replay clock from the hellos: {clocks}")
        ((loop, sequence),) = clocks
        question = prediction()
        if not question["opens_at"] <= sequence < question["locks_at"]:
            raise RuntimeError(f"{PREDICTION} is not open at sequence {sequence} of loop {loop}")
        answers = sum(
            (
                collections.Counter(answer)
                for answer in clients.ask(
                    "join", time.monotonic() + 0.5, timeout=60 + 2 * size / JOINS_PER_S
                )
            ),
            collections.Counter(),
        )
        settled, _ = clients.wait_quiet(
            "frame", time.monotonic() + SETTLE_TIMEOUT_S, SETTLE_QUIET_S
        )
        cpu_before = {pid: cpu_s(pid) for pid in pids}
        waited_before = {pid: waited_s(pid) for pid in pids}
        sent = clients.ask("storm", time.monotonic() + 0.5, timeout=SPREAD_S + 120)
        first = min(answer["first"] for answer in sent if answer["first"])
        last = max(answer["last"] for answer in sent if answer["last"])
        quiet, ended = clients.wait_quiet("storm_frame", last + STORM_TIMEOUT_S)
        client = clients.ask("stop", timeout=30)
        cpu = {pid: cpu_s(pid) - cpu_before[pid] for pid in pids}
        waited = {pid: waited_s(pid) - waited_before[pid] for pid in pids}
        rss = {pid: rss_mib(pid) for pid in pids}
        collected = clients.ask("collect", timeout=120)
    finally:
        clients.close()
    run = {
        "size": size,
        "processes": processes,
        "connected": connected,
        "answers": answers,
        "settled": settled,
        "first": first,
        "last": last,
        "quiet": quiet,
        "ended": ended,
        "client": client,
        "cpu": cpu,
        "rss": rss,
        "waited": waited,
        "pages": [page for answer in collected for page in answer["pages"]],
        "kind_bytes": sum(
            (collections.Counter(answer["kind_bytes"]) for answer in collected),
            collections.Counter(),
        ),
    }
    return figures(run, stored_picks(loop) if stored_picks else None)


def figures(run, rows):
    """The storm's report, from what the clients saw and the rows the server stored (None: none)."""
    pages, last = run["pages"], run["last"]
    sent = {name: choice for _, name, choice, *_ in pages if choice}
    echoed = {page[1]: page[2] for page in pages if page[3] is not None}
    if rows is None:
        true, stored = collections.Counter(echoed.values()), None
    else:
        true, stored = (
            collections.Counter(choice for _, _, choice in rows),
            stored_once(rows, sent, echoed),
        )
    true = without_zeros(true)
    converged = []  # per page: when its counts last became the true ones (and stayed), or None
    for *_, changes, _closed in pages:
        converged.append(changes[-1][0] if true and changes and changes[-1][1] == true else None)
    reached = [moment for moment in converged if moment is not None]
    return {
        "fans": run["size"],
        "clients": run["processes"],
        "opened": sum(a["opened"] for a in run["connected"]),
        "welcomed": run["answers"].get("welcome", 0),
        "answers": dict(run["answers"]),
        "settled": run["settled"],
        "sent": len(sent),
        "spread_s": last - run["first"],
        "echo_s": [page[3] for page in pages if page[3] is not None],
        "refused": collections.Counter(page[4] for page in pages if page[4]),
        "closed": sum(1 for page in pages if page[8]),
        "true": true,
        "stored": stored,
        "all_true_s": max(reached) - last if reached and len(reached) == len(pages) else None,
        "not_true": len(pages) - len(reached),
        "within": sum(1 for moment in reached if moment - last <= WITHIN_S),
        "pages": len(pages),
        "bytes": [page[5] for page in pages],
        "tallies": [page[6] for page in pages],
        "kind_bytes": dict(run["kind_bytes"]),
        "quiet": run["quiet"],
        "storm_s": run["ended"] - run["first"] if run["ended"] > run["first"] else None,
        "cpu_s": list(run["cpu"].values()),
        "rss_mib": list(run["rss"].values()),
        "waited_s": list(run["waited"].values()),
        "client_waited_s": [answer["waited_s"] for answer in run["client"]],
        "client_cpu_s": [answer["cpu_s"] for answer in run["client"]],
        "client_lag_s": max(answer["lag_s"] for answer in run["client"]),
    }


def stored_once(rows, sent, echoed):
    """Every pick sent stored once with its choice? {rows, missing, twice, wrong, confirmed_lost, strangers}."""
    by_name = collections.Counter(name for _, name, _ in rows)
    by_player = collections.Counter(player for player, _, _ in rows)
    choices = {name: choice for _, name, choice in rows}
    return {
        "rows": len(rows),
        "missing": sum(1 for name in sent if name not in by_name),
        "twice": sum(1 for n in by_name.values() if n > 1)
        + sum(1 for n in by_player.values() if n > 1),
        "wrong": sum(
            1 for name, choice in sent.items() if name in choices and choices[name] != choice
        ),
        "confirmed_lost": sum(1 for name in echoed if name not in by_name),
        "strangers": sum(1 for name in by_name if name not in sent),
    }


# ---------------------------------------------------------------- the servers

STORED_PICKS = """
import json
from django.apps import apps
Pick = apps.get_model("predictions", "Pick")
rows = Pick.objects.filter(fixture__slug={slug!r}, loop={loop}, prediction={prediction!r})
print(json.dumps(list(rows.values_list("player_id", "name", "choice"))))
"""


def stored_picks_of(site):
    def stored_picks(loop):
        result = site.manage(
            "shell", "-c", STORED_PICKS.format(slug=SLUG, loop=loop, prediction=PREDICTION)
        )
        return [tuple(row) for row in json.loads(result.stdout.strip().splitlines()[-1])]

    return stored_picks


def measure_bare(size, processes):
    url, process = bare_websockets.start(tally=True)
    try:
        return storm([url], size, [process.pid], None, processes)
    finally:
        process.terminate()
        process.wait(10)


def measure_site(site, command, nodes, size, processes):
    try:
        started = [site.start(command) for _ in range(nodes)]
        urls = [f"{node.ws_url}{ROOM}" for node in started]
        return storm(
            urls, size, [node.process.pid for node in started], stored_picks_of(site), processes
        )
    finally:
        site.stop()


def measure_embedded(size, processes):
    site = Site(
        Path(tempfile.mkdtemp(prefix="rally-pick-storm-")), env=ONE_ADDRESS_MANY_FANS
    ).prepare(*SLOW_REPLAY)
    return measure_site(site, "serve", 1, size, processes)


def measure_scaled(size, processes):
    scaled = ScaledOutSite.create()
    if scaled is None:
        return None
    try:
        return measure_site(scaled.site, "daphne", 2, size, processes)
    finally:
        scaled.close()


def attempt(measure, size, processes):
    """A storm's figures, or {"failed": why}: one server failing does not lose the others' rows."""
    try:
        return measure(size, processes)
    except Exception as error:
        return {
            "failed": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        }


def run(sizes=SIZES, two_nodes=TWO_NODES, bare_only=False, clients=None):
    raise_file_limit(max((*sizes, two_nodes or 0)) + 100)
    results = []  # (fans, server, figures)
    for size in sizes:
        processes = client_processes(size, clients)
        results.append((size, BARE, attempt(measure_bare, size, processes)))
        if not bare_only:
            results.append((size, EMBEDDED, attempt(measure_embedded, size, processes)))
    if two_nodes:
        processes = client_processes(two_nodes, clients)
        if two_nodes not in sizes:
            results.append((two_nodes, BARE, attempt(measure_bare, two_nodes, processes)))
        if not bare_only:
            measured = attempt(measure_scaled, two_nodes, processes)
            if measured:
                results.append((two_nodes, SCALED, measured))
    title = f"Pick storm: every fan picks once within {SPREAD_S:.0f} s"
    return section(title, command_line(sizes, two_nodes, bare_only, clients), report(results))


def command_line(sizes, two_nodes, bare_only, clients):
    words = [COMMAND, *map(str, sizes)]
    words += [f"--two-nodes {two_nodes or 0}"] if two_nodes != TWO_NODES else []
    words += ["--bare-only"] if bare_only else []
    words += [f"--clients {clients}"] if clients else []
    return " ".join(words)


def ms(seconds):
    return f"{seconds * 1000:.0f}" if seconds < 10 else f"{seconds:.1f} s"


def summed(values, unit):
    return " + ".join(f"{value:.{unit}f}" for value in values)


def report(results):
    rows, details = [], []
    for fans, server, fig in results:
        if "failed" in fig:
            rows.append(
                [
                    fans,
                    server,
                    "–",
                    "–",
                    "–",
                    "–",
                    "–",
                    "–",
                    "–",
                    "–",
                    "–",
                    f"failed: {fig['failed']}",
                ]
            )
            continue
        echo = fig["echo_s"]
        echoes = f"{ms(median(echo))} / {ms(percentile(echo, 0.99))}" if echo else "none"
        if len(echo) < fig["sent"]:
            echoes += f" ({fig['sent'] - len(echo)} never)"
        all_true = (
            f"{fig['all_true_s']:.2f}"
            if fig["all_true_s"] is not None
            else f"never ({fig['not_true']} pages)"
        )
        within = f"{100 * fig['within'] / fig['pages']:.1f} %"
        if not fig["true"]:
            all_true = within = "– (no pick counted)"
        kb = f"{sum(fig['bytes']) / len(fig['bytes']) / 1024:.1f} / {max(fig['bytes']) / 1024:.1f}"
        rows.append(
            [
                fans,
                server,
                f"{fig['welcomed']} / {fig['sent']}",
                echoes,
                all_true,
                within,
                kb,
                stored_text(fig["stored"]),
                summed(fig["cpu_s"], 1),
                summed(fig["rss_mib"], 0),
                f"{fig['clients']}: CPU {summed(fig['client_cpu_s'], 1)} s, "
                f"waited {summed(fig['client_waited_s'], 1)} s, "
                f"lag ≤ {fig['client_lag_s'] * 1000:.0f} ms",
                notes_of(fig),
            ]
        )
        kinds = ", ".join(
            f"{kind} {size / fig['pages'] / 1024:.1f}"
            for kind, size in sorted(fig["kind_bytes"].items(), key=lambda item: -item[1])
        )
        storm_s = f"{fig['storm_s']:.1f} s" if fig["storm_s"] else "– (no storm frame)"
        details.append(
            f"- {fans} fans, {server}: true counts {fig['true']}; storm {storm_s} from the "
            f"first pick to quiet, picks sent over {fig['spread_s']:.2f} s; tallies of {PREDICTION} per "
            f"page {median(fig['tallies']):.0f} (median), max {max(fig['tallies'])}; KB per page by "
            f"type: {kinds or 'none'}; node waited {summed(fig['waited_s'], 1)} s for a core"
        )
    notes = (
        f"{machine()}. N sockets in the replay's room join ({JOINS_PER_S} a second), then, once all are "
        f"welcomed and the room is quiet, each sends one pick on {PREDICTION} ({SHARE[0]} in {SHARE[1]} the first "
        f'option), spread evenly over {SPREAD_S:.0f} s. "echo": from sending a pick to the sender\'s own `pick`. '
        f'"all true": seconds from the last pick sent until every page\'s {PREDICTION} tally (the highest '
        f"`version` it received) equals the true counts (Rally: the database's; bare relay: the picks it "
        f'echoed); "≤ {WITHIN_S:.0f} s": the pages that had them within {WITHIN_S:.0f} s of the last pick. '
        f"KB per page: every frame's payload from the first pick sent until no storm frame for {QUIET_S} s. "
        '"stored once": rows of that loop and prediction in the site\'s database, one per fan, each with the '
        "choice sent. Node CPU over the storm (utime + stime, per node), RSS after it. Server and client "
        "processes share the machine's cores (and with whatever else runs on it): per client process, its CPU "
        "time over the storm, the time it was runnable but waiting for a core (/proc schedstat), and its event "
        "loop's worst lag say whether the client kept up, or was starved."
    )
    headers = [
        "fans",
        "server",
        "welcomed / picked",
        "echo p50 / p99 ms",
        "all true, s after last pick",
        f"pages true ≤ {WITHIN_S:.0f} s",
        "KB per page mean / max",
        "stored once",
        "node CPU s",
        "node RSS MiB",
        "client processes",
        "notes",
    ]
    return f"{notes}\n\n{table(headers, rows)}\n\n" + "\n".join(details)


def stored_text(stored):
    if stored is None:
        return "– (stores nothing)"
    problems = {key: value for key, value in stored.items() if key != "rows" and value}
    if not problems:
        return f"yes ({stored['rows']} rows)"
    return f"no: {stored['rows']} rows, " + ", ".join(
        f"{key.replace('_', ' ')} {value}" for key, value in problems.items()
    )


def notes_of(fig):
    notes = []
    if set(fig["answers"]) - {"welcome"}:
        notes.append(
            "joins: " + ", ".join(f"{kind} {n}" for kind, n in sorted(fig["answers"].items()))
        )
    if fig["opened"] < fig["fans"]:
        notes.append(f"{fig['fans'] - fig['opened']} sockets failed to open")
    if fig["refused"]:
        notes.append(
            "refused: " + ", ".join(f"{kind} {n}" for kind, n in sorted(fig["refused"].items()))
        )
    if fig["closed"]:
        notes.append(f"{fig['closed']} sockets closed by the server")
    if not fig["settled"]:
        notes.append(f"room not quiet {SETTLE_TIMEOUT_S} s after the joins")
    if not fig["quiet"]:
        notes.append(
            f"storm cut {STORM_TIMEOUT_S} s after the last pick (picks unanswered, or not quiet)"
        )
    return "; ".join(notes)


def main():
    parser = argparse.ArgumentParser(
        prog="python -m bench.pick_storm", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "sizes", nargs="*", type=int, help=f"fans on the embedded default (default {SIZES})"
    )
    parser.add_argument(
        "--two-nodes", type=int, default=TWO_NODES, help="fans across two daphne nodes (0: skip)"
    )
    parser.add_argument("--bare-only", action="store_true", help="only the bare relay")
    parser.add_argument(
        "--clients",
        type=int,
        help="client processes (default: 1 up to "
        f"{ONE_PROCESS_UP_TO} fans, else {CLIENT_PROCESSES})",
    )
    options = parser.parse_args()
    print(run(tuple(options.sizes) or SIZES, options.two_nodes, options.bare_only, options.clients))


if __name__ == "__main__":
    main()
