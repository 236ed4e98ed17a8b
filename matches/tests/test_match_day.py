"""The match day over HTTP: the ten recorded matches stored by the poller, read back in one
bounded answer (/api/day/), the lobby's table and each match page's rows as they stand."""

import pytest

from matches import day, league_table, views
from matches.feed import poller
from matches.models import Fixture
from rally.lru import BoundedTTLCache
from testsupport import final_day

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "Premier League · 13 May 2012"
CITY = "mci-v-qpr-90120513"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.setattr(views, "_day_cache", BoundedTTLCache(1, 1))


@pytest.fixture
def stored_at():
    """Store the recorded day as the poller reads it `seconds` after kick-off."""
    provider, clock = final_day.recorded_day()

    def store(seconds):
        clock.now = provider.first_kickoff + seconds
        return poller.poll_once(provider)

    store.provider = provider
    return store


def after_sunderland(stored_at):
    return final_day.full_time_at(stored_at.provider, 90120521) + 5


def test_the_day_in_one_answer_and_its_table_as_the_page_derives_it(client, stored_at):
    assert len(stored_at(after_sunderland(stored_at))) == 10
    answer = client.get("/api/day/").json()
    assert len(answer["fixtures"]) == 10 and list(answer["competitions"]) == [KEY]
    assert {fixture["table"] for fixture in answer["fixtures"]} == {KEY}
    sunderland = next(f for f in answer["fixtures"] if f["slug"] == "sun-v-mun-90120521")
    assert sunderland["result"] == {
        "home": "Sunderland",
        "away": "Manchester United",
        "home_goals": 0,
        "away_goals": 1,
        "category": "finished",
    }
    assert [e["player"] for e in sunderland["events"]] == ["Wayne Rooney"]  # no substitutions
    results = [fixture["result"] for fixture in answer["fixtures"]]
    table = league_table.derive(answer["competitions"][KEY], results)
    assert table["headlines"][0] == "As it stands: Manchester United are champions"
    assert table == day.tables(list(Fixture.objects.filter(kind="feed")), day.competitions())[KEY]


def test_the_answer_is_bounded(client, stored_at, monkeypatch):
    stored_at(60 * 60 * 2)
    monkeypatch.setattr(day, "MAX_FIXTURES", 3)
    monkeypatch.setattr(day, "MAX_EVENTS", 2)
    answer = client.get("/api/day/").json()
    assert len(answer["fixtures"]) == 3
    assert max(len(fixture["events"]) for fixture in answer["fixtures"]) == 2
    assert client.post("/api/day/").status_code == 405


def test_the_lobby_says_who_is_champion_as_it_stands_and_groups_the_day(client, stored_at):
    stored_at(after_sunderland(stored_at))
    html = client.get("/").content.decode()
    assert "As it stands: Manchester United are champions" in html
    assert (
        "As it stands: Bolton Wanderers, Blackburn Rovers and Wolverhampton Wanderers go down"
        in html
    )
    assert html.count('data-kind="feed"') == 10
    assert html.index('data-team="Manchester United"') < html.index('data-team="Manchester City"')
    assert (
        'class="fixture-group-title"' in html and "Premier League · <span data-kickoff-ms" in html
    )


def test_a_match_page_shows_its_teams_and_their_rivals(client, stored_at):
    stored_at(after_sunderland(stored_at))
    html = client.get(f"/matches/{CITY}/").content.decode()
    panel = html[html.index("data-table-excerpt") : html.index('class="panel pressure"')]
    teams = [part.split('"')[0] for part in panel.split('data-team="')[1:]]
    assert teams == [  # City 2nd: the places either side
        "Manchester United",
        "Manchester City",
        "Arsenal",
        "Aston Villa",
        "Queens Park Rangers",
        "Bolton Wanderers",
    ]
    assert panel.count("data-highlight") == 2
    assert "1–0 v Sunderland · FT" in panel and "2–2 v Queens Park Rangers" in panel


def test_a_match_without_standings_shows_no_table(client, stored_at):
    stored_at(60)
    fixture = Fixture.objects.get(slug=CITY)
    fixture.snapshot = {**fixture.snapshot, "competition": "Friendly"}
    fixture.save()
    assert "data-table-excerpt" not in client.get(f"/matches/{CITY}/").content.decode()
