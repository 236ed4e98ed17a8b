"""The standings a SportMonks day's live table starts from: each league's season table, fetched
once when its fixtures are first seen in play and kept for the day (SportMonks updates the season
table after full time, so refetching mid-day would count a finished match twice).

Stored per league name in `StandingsSnapshot` (matches/day.py reads it); the recorded day brings
its own sourced standings and the recorded provider has none to fetch.
"""

import logging
from datetime import timedelta

from django.utils import timezone

from matches.models import StandingsSnapshot
from matches.standings import from_sportmonks

from .base import FeedError

log = logging.getLogger(__name__)

TABLE_INCLUDES = "participant;details"  # the team, and points, goals for and against
KEPT_FOR = timedelta(hours=12)  # a day's standings serve the whole day, then are read afresh


def refresh_standings(provider, snapshots):
    """Fetch and store the season standings of each league in `snapshots` not stored within
    KEPT_FOR. One league's failure is logged and costs the others nothing; the names stored."""
    stored = []
    fresh_since = timezone.now() - KEPT_FOR
    leagues = {
        s["competition"]: s["season_id"]
        for s in snapshots
        if s.get("competition") and s.get("season_id")
    }
    for competition, season_id in leagues.items():
        if StandingsSnapshot.objects.filter(
            competition=competition[:100], fetched_at__gte=fresh_since
        ).exists():
            continue
        try:
            rows = provider.season_standings(season_id, TABLE_INCLUDES)
        except FeedError as problem:
            log.warning("no standings for %s (season %s): %s", competition, season_id, problem)
            continue
        if rows:
            StandingsSnapshot.objects.update_or_create(
                competition=competition[:100], defaults={"standings": from_sportmonks(rows)}
            )
            stored.append(competition)
    return stored
