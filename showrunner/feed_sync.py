"""Bring a day's fixtures in from the configured feed provider before planning the day."""

import logging
from datetime import UTC, date, datetime

from django.db import transaction

from matches.feed.base import FeedError
from matches.feed.parse import InvalidPayload, normalise
from matches.models import Fixture
from matches.feed.poller import make_provider, store

log = logging.getLogger(__name__)


def sync_day(day: date) -> str:
    """Store the day's new fixtures; for known ones, take only kick-off and state.

    The day listing carries no events or scores: writing it over a fixture in play would
    wipe what the poller stored, so a known fixture keeps its snapshot.
    """
    provider = make_provider()
    try:
        payloads = provider.fetch_day(day)
    except FeedError as problem:
        log.warning("analyze_schedule: the %s feed failed (%s); using stored fixtures", provider.name, problem)
        return f"feed unavailable ({problem}); planning from the stored fixtures"
    added = 0
    for payload in payloads:
        try:
            snapshot = normalise(payload)
        except InvalidPayload as problem:
            log.warning("analyze_schedule: skipping a fixture: %s", problem)
            continue
        with transaction.atomic():
            known = Fixture.objects.filter(kind=Fixture.Kind.FEED, external_id=str(snapshot["external_id"]))
            kickoff = datetime.fromtimestamp(snapshot["starting_at"], UTC) if snapshot["starting_at"] else None
            if not known.update(starting_at=kickoff, state_code=snapshot["state"]["code"][:40]):
                store(snapshot, provider.now())
                added += 1
    return f"{len(payloads)} fixtures from the {provider.name} feed, {added} new"
