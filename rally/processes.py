"""The site's background loops, run inside `serve` (with the web server) or `worker` (alone),
and the one runner the long-running commands share (`worker`, `poll_fixtures`, `run_showrunner`).

A loop is a coroutine function `run_forever(stop: asyncio.Event, interval: float)`, usually
made with `periodic(cycle)`; each cycle runs inside `rally.loops.reported(name)`, which
records its completion for /healthz/loops. A process runs a loop only while it holds the
loop's lease (rally/loops.py): a second worker is a hot standby. Loops run on the process's
own event loop, so what they send through the channel layer reaches sockets of this process
even on the in-memory layer; their blocking work (database, HTTP) goes to threads so the relay never waits on them.
"""

import asyncio
import logging
import signal
from importlib import import_module

from channels.db import database_sync_to_async
from django.conf import settings

from rally import loops, metrics

log = logging.getLogger(__name__)

# name → (dotted path of run_forever, setting that holds its interval in seconds)
BACKGROUND_LOOPS = {
    "guardian": ("matches.guardian.run_forever", "GUARDIAN_INTERVAL_S"),
    "poller": ("matches.feed.poller.run_forever", "POLLER_INTERVAL_S"),
    "director": ("showrunner.director.run_forever", "SHOWRUNNER_INTERVAL_S"),
    "presence": ("relay.sweeper.run_forever", "PRESENCE_SWEEP_INTERVAL_S"),
}


def periodic(cycle, name):
    """Turn an async `cycle()` into a loop that runs it every `interval` seconds until `stop`."""

    async def run_forever(stop, interval):
        while not stop.is_set():
            try:
                async with loops.reported(name):
                    await cycle()
            except Exception:  # one bad cycle must not end the loop: log it, try again next time
                log.exception("%s: cycle failed", name)
            await _sleep_unless(stop, interval)

    return run_forever


def loop_intervals():
    """name → seconds between cycles, for every loop of the deployment."""
    return {
        name: getattr(settings, interval_setting)
        for name, (_, interval_setting) in BACKGROUND_LOOPS.items()
    }


def start_background_loops(stop, names=None):
    """Schedule the named loops (all by default) on the running event loop, each run only while
    this process holds its lease."""
    tasks = []
    intervals = loop_intervals()
    for name in names or BACKGROUND_LOOPS:
        module_name, attribute = BACKGROUND_LOOPS[name][0].rsplit(".", 1)
        run_forever = getattr(import_module(module_name), attribute)
        tasks.append(
            asyncio.ensure_future(run_while_held(name, run_forever, stop, intervals[name]))
        )
    return tasks


async def run_while_held(name, run_forever, stop, interval):
    """Run loop `name` while this process holds its lease; wait as a standby while another does.
    The lease is renewed every third of LOOP_LEASE_S; on `stop` it is released at once."""
    lease_s = settings.LOOP_LEASE_S
    standby = Transitions(name)
    while not stop.is_set():
        held = await _hold(name, lease_s, standby)
        metrics.LOOP_STANDBY.labels(name).set(1 if held is False else 0)
        if held:
            standby.say(None)
            log.info("%s: running it every %ss (this process holds the lease)", name, interval)
            metrics.LOOP_HELD.labels(name).set(1)
            await _run_until_lost(name, run_forever, stop, interval, lease_s)
            metrics.LOOP_HELD.labels(name).set(0)
        elif held is False:
            standby.say("standing by: another process holds the lease")
        await _sleep_unless(stop, lease_s / 3)
    try:
        await database_sync_to_async(loops.release)(name)
    except Exception:
        log.warning("%s: could not release the lease; a standby takes it when it lapses", name)


class Transitions:
    """One log line per change of a loop's waiting state, not one per look at the lease."""

    def __init__(self, name):
        self.name, self.said = name, None

    def say(self, state):
        if state is not None and state != self.said:
            log.info("%s: %s", self.name, state)
        self.said = state


async def _run_until_lost(name, run_forever, stop, interval, lease_s):
    held = asyncio.Event()  # set when this process must stop running the loop
    task = asyncio.ensure_future(run_forever(held, interval))
    renewed_at = asyncio.get_running_loop().time()
    unreachable = Transitions(name)
    while not stop.is_set() and not task.done():
        await _sleep_unless(stop, lease_s / 3)
        if stop.is_set():
            break
        renewed = await _hold(name, lease_s, unreachable)
        if renewed:
            renewed_at = asyncio.get_running_loop().time()
        elif asyncio.get_running_loop().time() - renewed_at > lease_s:
            log.warning(
                "%s: %s; stopped running it until the lease is ours again",
                name,
                "another worker took the lease"
                if renewed is False
                else f"the lease lapsed: no database for {lease_s:g}s",
            )
            break
    held.set()
    await task


async def _hold(name, lease_s, transitions):
    """True: this process holds the lease; False: another does; None: no database (nobody can
    take it over either: try again shortly). Each answer is a trip that reached the database or
    not (rally.loops.database_contact)."""
    try:
        held = await database_sync_to_async(loops.hold)(name, lease_s)
    except Exception:
        loops.database_contact.lost()
        transitions.say("cannot reach the database for the lease")
        return None
    loops.database_contact.reached(lease_s)
    if transitions.said == "cannot reach the database for the lease":
        transitions.say("reached the database again")
    return held


async def _sleep_unless(stop, seconds):
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


async def run_loops(stop, names=None):
    """Run the named loops (all by default) until `stop` is set and every one has returned."""
    await asyncio.gather(*start_background_loops(stop, names))


def run_until_signalled(main):
    """Run `main(stop)` on a new event loop until it returns; SIGINT and SIGTERM set `stop`.

    `main` is a coroutine function taking the stop event, e.g. a loop's `run_forever` with its
    interval bound, or `run_loops` with its names.
    """

    async def run():
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await main(stop)

    asyncio.run(run())
