"""The site's background loops, run inside `serve` (with the web server) or `worker` (alone),
and the one runner the long-running commands share (`worker`, `poll_fixtures`, `run_showrunner`).

A loop is a coroutine function `run_forever(stop: asyncio.Event, interval: float)`, usually
made with `periodic(cycle)`. Loops run on the process's own event loop, so what they send
through the channel layer reaches sockets of this process even on the in-memory layer;
their blocking work (database, HTTP) goes to threads so the relay never waits on them.
"""

import asyncio
import logging
import signal
from importlib import import_module

from django.conf import settings

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
                await cycle()
            except Exception:  # one bad cycle must not end the loop: log it, try again next time
                log.exception("%s: cycle failed", name)
            try:
                await asyncio.wait_for(stop.wait(), timeout=interval)
            except asyncio.TimeoutError:
                pass

    return run_forever


def start_background_loops(stop, names=None):
    """Schedule the named loops (all by default) on the running event loop."""
    tasks = []
    for name in names or BACKGROUND_LOOPS:
        dotted, interval_setting = BACKGROUND_LOOPS[name]
        module_name, attribute = dotted.rsplit(".", 1)
        run_forever = getattr(import_module(module_name), attribute)
        interval = getattr(settings, interval_setting)
        log.info("starting %s every %ss", name, interval)
        tasks.append(asyncio.ensure_future(run_forever(stop, interval)))
    return tasks


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
