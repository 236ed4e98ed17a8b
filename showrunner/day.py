"""The schedule analyzer's shell: plan a day from the Fixture rows and store it, idempotently."""

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from matches.models import Fixture
from showrunner.models import ScheduleItem
from showrunner.schedule import FINISHED, UNPLAYED, FixtureTimes, plan

# The days whose neighbours (and so whose bounds and a timeline's links) exist: any other is a
# client's bad input (OverflowError otherwise).
FIRST_DAY, LAST_DAY = date.min + timedelta(days=1), date.max - timedelta(days=1)


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=UTC)
    return start, start + timedelta(days=1)


def analyze_day(day: date) -> None:
    """Wrap the feed fixtures kicking off on `day` (UTC) and store their blocks.

    Neighbouring days' fixtures are planned too, so a gap across midnight is split the same
    way, but only this day's fixtures are written. Unchanged blocks are not rewritten.
    """
    start, end = day_bounds(day)
    nearby = list(
        Fixture.objects.filter(
            kind=Fixture.Kind.FEED,
            starting_at__gte=start - timedelta(days=1),
            starting_at__lt=end + timedelta(days=1),
        ).exclude(state_code__in=UNPLAYED)
    )
    todays = {f.slug: f for f in nearby if start <= f.starting_at < end}
    wanted = {
        (todays[b.fixture].id, b.mode): (b.start, b.end)
        for b in plan(_times(f) for f in nearby)
        if b.fixture in todays
    }
    stored = {
        (item.fixture_id, item.mode): (item.starts_at, item.ends_at)
        for item in ScheduleItem.objects.filter(
            fixture__starting_at__gte=start, fixture__starting_at__lt=end
        )
    }
    if wanted != stored:  # the director re-plans every cycle: write only what changed
        with transaction.atomic():
            for (fixture_id, mode), (starts_at, ends_at) in wanted.items():
                if stored.get((fixture_id, mode)) != (starts_at, ends_at):
                    ScheduleItem.objects.update_or_create(
                        fixture_id=fixture_id,
                        mode=mode,
                        defaults={"starts_at": starts_at, "ends_at": ends_at},
                    )
            for fixture_id, mode in stored.keys() - wanted.keys():
                ScheduleItem.objects.filter(fixture_id=fixture_id, mode=mode).delete()


def items_of(day: date):
    """The blocks that overlap `day` (UTC), in order."""
    start, end = day_bounds(day)
    return ScheduleItem.objects.filter(starts_at__lt=end, ends_at__gt=start).select_related(
        "fixture"
    )


def _times(fixture: Fixture) -> FixtureTimes:
    # The snapshot carries no end time; when the feed says the match is over, the last time
    # the poller wrote the fixture (the change to a finished state) is when it ended.
    ended_at = (
        max(fixture.updated_at, fixture.starting_at) if fixture.state_code in FINISHED else None
    )
    return FixtureTimes(fixture.slug, fixture.starting_at, ended_at)
