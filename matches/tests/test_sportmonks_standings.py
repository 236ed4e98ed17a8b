"""A SportMonks day: the recorded final day served by the fake SportMonks (its ten fixtures live,
the season's standings at `standings/seasons/{id}`) and polled through the real client gives the
same table as the recorded day's, at the same moment."""

import pytest

from matches import day, league_table
from matches.feed import poller
from matches.feed.sportmonks import SportMonksFeed
from matches.models import StandingsSnapshot
from testsupport import final_day
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.payloads import live_fixtures

pytestmark = pytest.mark.django_db(transaction=True)

SEASON = 19_735  # made up, in SportMonks' shape


@pytest.fixture
def sportmonks_day():
    recorded, clock = final_day.recorded_day()
    with FakeSportMonks() as fake:
        fake.fixtures = lambda: [p | {"season_id": SEASON} for p in live_fixtures(recorded)]
        fake.standings[SEASON] = final_day.sportmonks_standings()
        provider = SportMonksFeed(fake.token, fake.base_url, clock=clock)
        yield provider, recorded, clock, fake
        provider.close()


def test_the_same_table_from_sportmonks_standings_and_live_scores(sportmonks_day):
    provider, recorded, clock, _ = sportmonks_day
    seconds = final_day.full_time_at(recorded, 90120521) + 5  # the whistle at Sunderland
    clock.now = recorded.first_kickoff + seconds
    poller.poll_once(provider)
    stored = StandingsSnapshot.objects.get(competition="Premier League")
    assert len(stored.standings["rows"]) == 20
    [table] = day.tables(day.day_fixtures(), day.competitions()).values()
    expected = league_table.derive(
        final_day.competition(), final_day.results_at(recorded, clock, seconds)
    )
    fields = ("position", "team", "played", "points", "goal_difference", "goals_for", "moved")
    assert [[r[f] for f in fields] for r in table["rows"]] == [
        [r[f] for f in fields] for r in expected["rows"]
    ]
    assert table["rows"][0]["team"] == "Manchester United"
    # No zones from SportMonks, no known number of games: top, not champions.
    assert table["headlines"] == ["As it stands: Manchester United top the table"]


def test_the_standings_are_fetched_once_for_the_day(sportmonks_day):
    provider, recorded, clock, fake = sportmonks_day
    clock.now = recorded.first_kickoff + 60
    poller.poll_once(provider)
    fake.standings[SEASON] = []  # a later read would change nothing: it is not made
    clock.now += 600
    poller.poll_once(provider)
    assert len(StandingsSnapshot.objects.get().standings["rows"]) == 20
    asked = [r for r in fake.requests if "standings" in r["path"]]
    assert len(asked) == 1
