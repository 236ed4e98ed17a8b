"""The feed poller: a thin Django shell around the pure feed modules.

One cycle fetches the provider's live fixtures; per fixture the change hash decides:
unchanged, nothing is written nor sent; changed, the full fixture state is written in one
transaction and exactly one COMPOSITE_UPDATE goes to the fixture's room. A failing
provider costs nothing stored: the poller backs off and the last good state stays.
"""

import asyncio
import logging
from datetime import datetime, timezone

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from matches.composite import composite_update
from matches.elapsed import compute_elapsed
from matches.feeds.base import FeedError, RateLimited
from matches.feeds.change_hash import change_hash
from matches.feeds.parse import InvalidPayload, normalise
from matches.feeds.recorded import RecordedFeed
from matches.feeds.sportmonks import SportMonksFeed
from matches.models import Fixture
from matches.rooms import broadcast
from matches.signals import feed_updated
from rally.http import now_ms

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 15 * 60


def make_provider():
    """SportMonks when a token is configured, else the recorded demo match."""
    if settings.SPORTMONKS_API_TOKEN:
        return SportMonksFeed(settings.SPORTMONKS_API_TOKEN, settings.SPORTMONKS_BASE_URL)
    return RecordedFeed(speed=settings.RECORDED_FEED_SPEED)


def poll_once(provider):
    """Fetch and store; the (slug, COMPOSITE_UPDATE) of each fixture that changed. FeedError propagates."""
    updates = []
    for payload in provider.fetch_live():
        try:
            snapshot = normalise(payload)
        except InvalidPayload as problem:
            log.warning("%s: skipping a fixture: %s", provider.name, problem)
            continue
        try:
            update = store(snapshot, provider.now())
        except Exception:  # one fixture's failure must not cost the others their updates
            log.exception("could not store fixture %s", snapshot["external_id"])
            continue
        if update:
            updates.append(update)
    return updates


def store(snapshot, provider_now):
    """Write a changed fixture in one transaction; None when its hash says nothing changed."""
    content_hash = change_hash(snapshot)
    feed_fixture = Fixture.objects.filter(kind=Fixture.Kind.FEED, external_id=str(snapshot["external_id"]))
    # Most fixtures are unchanged most cycles: a plain read spares them a write lock.
    if feed_fixture.filter(content_hash=content_hash).exists():
        return None
    with transaction.atomic():
        fixture = feed_fixture.select_for_update().first()
        if fixture and fixture.content_hash == content_hash:  # another poller got there first
            return None
        fixture = fixture or Fixture(kind=Fixture.Kind.FEED, external_id=str(snapshot["external_id"]),
                                     slug=slug_for(snapshot))
        elapsed = compute_elapsed(snapshot["state"], snapshot["periods"], provider_now, snapshot["pressure"],
                                  kickoff=snapshot["starting_at"])
        message, stored = composite_update(fixture.slug, snapshot, fixture.snapshot or {}, elapsed, now_ms())
        _fill(fixture, snapshot, stored)
        fixture.save()
    return fixture.slug, message


def slug_for(snapshot):
    teams = snapshot["teams"]
    return slugify(f"{teams['home']['code']} v {teams['away']['code']} {snapshot['external_id']}")


def _fill(fixture, snapshot, stored):
    home, away = snapshot["teams"]["home"], snapshot["teams"]["away"]
    fixture.title = snapshot["name"] or f"{home['name']} v {away['name']}"
    fixture.home_code, fixture.home_name = home["code"][:10], home["name"][:100]
    fixture.away_code, fixture.away_name = away["code"][:10], away["name"][:100]
    fixture.starting_at = _datetime(snapshot["starting_at"])
    fixture.state_code = snapshot["state"]["code"][:40]
    fixture.snapshot = stored
    fixture.content_hash = stored["hash"]


def _datetime(seconds):
    return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc)


async def cycle(provider):
    """One polling cycle: store, then send each changed fixture's one COMPOSITE_UPDATE. The slugs sent."""
    updates = await sync_to_async(poll_once)(provider)
    for slug, message in updates:
        await broadcast(slug, message)
    if updates:
        feed_updated.send(sender=__name__, slugs=[slug for slug, _ in updates])
    return [slug for slug, _ in updates]


async def run_forever(stop, interval):
    """Poll every `interval` seconds until `stop`; back off while the provider fails."""
    provider = make_provider()
    log.info("polling the %s feed every %ss", provider.name, interval)
    failures = 0
    while not stop.is_set():
        try:
            await cycle(provider)
            failures, wait = 0, interval
        except RateLimited as limited:
            wait = max(interval, limited.retry_after)
            log.warning("feed rate-limited (%s); next poll in %.0fs", limited, wait)
        except Exception as problem:  # the loop outlives any one bad cycle
            failures += 1
            wait = min(interval * 2 ** failures, max(MAX_BACKOFF_S, interval))
            log.log(logging.WARNING if isinstance(problem, FeedError) else logging.ERROR,
                    "poll failed (%s); keeping the last good state, next try in %.0fs", problem, wait,
                    exc_info=not isinstance(problem, FeedError))
        try:
            await asyncio.wait_for(stop.wait(), timeout=wait)
        except asyncio.TimeoutError:
            pass
