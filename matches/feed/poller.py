"""The feed poller: a thin loop around the providers and the fixture writer (store.py).

One cycle fetches the provider's live fixtures; per fixture the change hash decides:
unchanged, nothing is written nor sent; changed, the full fixture state is written in one
transaction and exactly one COMPOSITE_UPDATE goes to the fixture's room. A failing
provider costs nothing stored: the poller backs off and the last good state stays.
"""

import asyncio
import logging
import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone

from matches.signals import feed_updated
from rally import metrics
from rally.loops import reported
from rally.rooms import broadcast

from . import sportmonks
from .base import FeedError, RateLimited
from .recorded import RecordedDay
from .standings_sync import refresh_standings
from .store import demo_clock, lost_fixtures, store

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 15 * 60


def make_provider():
    """SportMonks when a token is configured, else the recorded final day (ten matches) on the one
    stored demo clock."""
    if settings.SPORTMONKS_API_TOKEN:
        return sportmonks.shared(settings.SPORTMONKS_API_TOKEN, settings.SPORTMONKS_BASE_URL)
    started, speed = demo_clock(settings.RECORDED_FEED_SPEED, time.time())
    return RecordedDay(speed=speed, anchor=started)


def poll_once(provider):
    """Fetch and store; the Change of each fixture that changed. FeedError propagates."""
    updates = []
    live = provider.live_snapshots()  # each fixture normalised once, bad ones skipped
    refresh_standings(provider, live)  # the leagues' tables before the day (the live table)
    for snapshot in live + _lost_snapshots(
        provider, {snapshot["external_id"] for snapshot in live}
    ):
        try:
            update = store(snapshot, provider.now(), provider.rate)
        except Exception:  # one fixture's failure must not cost the others their updates
            log.exception("could not store fixture %s", snapshot["external_id"])
            continue
        if update:
            updates.append(update)
    return updates


def _lost_snapshots(provider, seen):
    """Fixtures the in-play list dropped before they showed a final state, fetched one by one."""
    snapshots = []
    for fixture_id in lost_fixtures(seen, timezone.now()):
        try:
            snapshot = provider.fixture_snapshot(fixture_id)
        except RateLimited:
            raise
        except FeedError as problem:  # one missing fixture must not cost the others their updates
            log.warning("could not fetch fixture %s by id: %s", fixture_id, problem)
            continue
        if snapshot:
            snapshots.append(snapshot)
    return snapshots


async def cycle(provider):
    """One polling cycle: store, then send each change's messages to its room in their order
    (its one COMPOSITE_UPDATE, then what it settled). The slugs of the fixtures that changed."""
    changes = await sync_to_async(poll_once)(provider)
    for change in changes:
        for message in change.messages:
            await broadcast(change.slug, message)
    slugs = [change.slug for change in changes if change.changed]
    if slugs:
        feed_updated.send(sender=__name__, slugs=slugs)
    return slugs


async def run_forever(stop, interval):
    """Poll every `interval` seconds until `stop`; back off while the provider fails."""
    provider = await sync_to_async(make_provider)()
    interval = provider.poll_interval(interval)  # the recorded demo at speed: as often as it needs
    log.info("polling the %s feed every %ss", provider.name, interval)
    failures = 0
    while not stop.is_set():
        try:
            with metrics.POLL_CYCLE_SECONDS.time():
                async with reported("poller"):
                    await cycle(provider)
            failures, wait = 0, interval
        except RateLimited as limited:
            metrics.FEED_ERRORS.labels("rate_limited").inc()
            wait = max(interval, limited.retry_after)
            log.warning("feed rate-limited (%s); next poll in %.0fs", limited, wait)
        except Exception as problem:  # the loop outlives any one bad cycle
            metrics.FEED_ERRORS.labels(
                "feed" if isinstance(problem, FeedError) else "internal"
            ).inc()
            failures += 1
            wait = min(interval * 2**failures, max(MAX_BACKOFF_S, interval))
            log.log(
                logging.WARNING if isinstance(problem, FeedError) else logging.ERROR,
                "poll failed (%s); keeping the last good state, next try in %.0fs",
                problem,
                wait,
                exc_info=not isinstance(problem, FeedError),
            )
        try:
            await asyncio.wait_for(stop.wait(), timeout=wait)
        except TimeoutError:
            pass
