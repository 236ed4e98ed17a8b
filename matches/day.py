"""The match day: every feed fixture of the day in one bounded answer (`GET /api/day/`), and the
league tables as they stand, derived from each competition's standings before the day and the
fixtures' live scores (matches/league_table.py; the page derives the same tables from the same
answer with its JavaScript mirror).

Which table a fixture counts in and the standings before the day: matches/standings.py.
"""

from datetime import timedelta

from django.db.models import Max

from matches import league_table
from matches.models import Fixture, StandingsSnapshot
from matches.standings import recorded_competitions, result_of, table_key

DAY_WINDOW = timedelta(hours=12)
MAX_FIXTURES = 100  # the answer stays bounded however busy the day
MAX_EVENTS = 30  # per fixture: the day's vidiprinter needs goals and red cards only
DAY_KINDS = ("goal", "penalty_scored", "red_card")


def competitions():
    """Every table Rally knows: the recorded day's and each SportMonks league's stored standings."""
    live = {row.competition: row.standings for row in StandingsSnapshot.objects.all()}
    return {**live, **recorded_competitions()}


def day_fixtures():
    """The feed fixtures of the latest day: kicked off within DAY_WINDOW of the latest kick-off
    stored (read on the feed's clock, which the recorded demo runs faster than the wall's)."""
    feed = Fixture.objects.filter(kind=Fixture.Kind.FEED).exclude(snapshot={})
    latest = feed.aggregate(latest=Max("starting_at"))["latest"]
    if latest is None:
        return []
    return list(
        feed.filter(starting_at__gte=latest - DAY_WINDOW).order_by("starting_at", "id")[
            :MAX_FIXTURES
        ]
    )


def day_answer(fixtures, known):
    """The body of /api/day/ (without serverNow): fixtures and the standings their tables need."""
    rows = [_fixture(fixture, known) for fixture in fixtures]
    used = {row["table"] for row in rows if row["table"]}
    return {"fixtures": rows, "competitions": {key: known[key] for key in sorted(used)}}


def tables(fixtures, known):
    """{table key: league_table.derive(...)} for every table the fixtures count in."""
    results = {}
    for fixture in fixtures:
        key = table_key(fixture.snapshot or {}, known)
        if key:
            results.setdefault(key, []).append(result_of(fixture.snapshot))
    return {key: league_table.derive(known[key], found) for key, found in results.items()}


def table_inputs(fixture):
    """(competition, the other fixtures of its day) for the table `fixture` counts in, or
    (None, []) when no standings are known for it."""
    known = competitions()
    key = table_key(fixture.snapshot or {}, known)
    if not key:
        return None, []
    others = [
        f
        for f in day_fixtures()
        if f.pk != fixture.pk and table_key(f.snapshot or {}, known) == key
    ]
    return known[key], others


def table_for(fixture):
    """(the table as it stands, its competition, the other fixtures of its day) for `fixture`,
    or (None, None, [])."""
    competition, others = table_inputs(fixture)
    if competition is None:
        return None, None, []
    results = [result_of(f.snapshot) for f in [*others, fixture]]
    return league_table.derive(competition, results), competition, others


def _fixture(fixture, known):
    snapshot = fixture.snapshot or {}
    recorded = snapshot.get("recorded") or None
    return {
        "slug": fixture.slug,
        "url": f"/matches/{fixture.slug}/",
        "competition": snapshot.get("competition"),
        "starting_at": snapshot.get("starting_at"),
        "teams": {
            "home": {"name": fixture.home_name, "code": fixture.home_code},
            "away": {"name": fixture.away_name, "code": fixture.away_code},
        },
        "state": snapshot.get("state"),
        "scores": {key: (snapshot.get("scores") or {}).get(key) or 0 for key in ("home", "away")},
        "elapsed": snapshot.get("elapsed"),
        "clock": snapshot.get("clock"),
        "recorded": recorded and recorded.get("label"),
        "ended_at": snapshot.get("ended_at"),  # the last whistle so far, on the feed's clock
        "table": table_key(snapshot, known),
        "result": result_of(snapshot),
        "events": [
            {key: event.get(key) for key in ("id", "kind", "type", "minute", "extra_minute")}
            | {key: event.get(key) for key in ("team", "player", "result")}
            for event in (snapshot.get("events") or [])
            if event.get("kind") in DAY_KINDS
        ][-MAX_EVENTS:],
    }
