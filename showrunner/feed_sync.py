"""Bring a day's fixtures in from the configured feed provider before planning the day."""

import logging
from datetime import date

from matches.feed.base import FeedError
from matches.feed.poller import make_provider
from matches.feed.store import store_listing

log = logging.getLogger(__name__)


def sync_day(day: date) -> str:
    """Store the day's new fixtures; known ones take only kick-off and state (matches.feed.store)."""
    provider = make_provider()
    try:
        snapshots = provider.day_snapshots(day)  # each fixture normalised once, bad ones skipped
    except FeedError as problem:
        log.warning(
            "analyze_schedule: the %s feed failed (%s); using stored fixtures",
            provider.name,
            problem,
        )
        return f"feed unavailable ({problem}); planning from the stored fixtures"
    added = 0
    for snapshot in snapshots:
        added += store_listing(snapshot, provider.now())
    return f"{len(snapshots)} fixtures from the {provider.name} feed, {added} new"
