"""The public API (docs/protocol.md: /api/schedule, /api/matches/<slug>/scripts) and analyze_schedule."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from matches.models import Fixture
from showrunner import director
from showrunner.models import ScheduleItem, Script
from testsupport.presenter import KICKOFF, minutes, replay_moment

pytestmark = pytest.mark.django_db


def ms(moment):
    return int(moment.timestamp() * 1000)


def second_fixture(kickoff):
    return Fixture.objects.create(
        slug="che-v-bol",
        kind=Fixture.Kind.FEED,
        home_code="CHE",
        home_name="Chelsea",
        away_code="BOL",
        away_name="Bolton Wanderers",
        starting_at=kickoff,
        state_code="NS",
    )


def test_analyze_schedule_wraps_the_days_fixtures_and_the_api_serves_them(client, feed_fixture):
    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    body = client.get("/api/schedule?date=2026-05-16").json()
    assert body["date"] == "2026-05-16"
    assert body["items"] == [
        {
            "mode": "PRE_MATCH",
            "start": ms(KICKOFF - minutes(30)),
            "end": ms(KICKOFF),
            "fixture": "mci-v-qpr",
        },
        {
            "mode": "LIVE",
            "start": ms(KICKOFF),
            "end": ms(KICKOFF + minutes(115)),
            "fixture": "mci-v-qpr",
        },
        {
            "mode": "POST_MATCH",
            "start": ms(KICKOFF + minutes(115)),
            "end": ms(KICKOFF + minutes(145)),
            "fixture": "mci-v-qpr",
        },
    ]


def test_two_fixtures_twenty_minutes_apart_get_ten_minute_post_and_pre_blocks(feed_fixture):
    second_fixture(KICKOFF + minutes(115 + 20))
    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    post = ScheduleItem.objects.get(fixture__slug="mci-v-qpr", mode="POST_MATCH")
    pre = ScheduleItem.objects.get(fixture__slug="che-v-bol", mode="PRE_MATCH")
    assert post.ends_at - post.starts_at == pre.ends_at - pre.starts_at == minutes(10)
    assert post.ends_at == pre.starts_at


def test_analyze_schedule_is_idempotent_and_follows_changes(feed_fixture):
    for _ in range(2):
        call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    assert ScheduleItem.objects.count() == 3
    feed_fixture.state_code = "POSTPONED"
    feed_fixture.save()
    call_command("analyze_schedule", "--no-feed", "--date", "2026-05-16", stdout=None)
    assert not ScheduleItem.objects.exists()


def test_analyze_schedule_reads_the_day_from_the_configured_feed(settings):
    settings.SPORTMONKS_API_TOKEN = ""  # the recorded final day: ten matches
    call_command("analyze_schedule", stdout=None)
    fixtures = Fixture.objects.filter(kind=Fixture.Kind.FEED)
    assert fixtures.count() == 10
    for fixture in fixtures:
        assert {item.mode for item in fixture.schedule_items.all()} == {
            "PRE_MATCH",
            "LIVE",
            "POST_MATCH",
        }


def test_analyze_schedule_refuses_a_bad_date_in_one_line():
    with pytest.raises(CommandError, match="--date must be YYYY-MM-DD"):
        call_command("analyze_schedule", "--date", "16/05/2026")


def test_the_schedule_api_refuses_a_bad_date(client):
    response = client.get("/api/schedule?date=tomorrow")
    assert response.status_code == 400 and response.json()["error"] == "bad_date"


def test_the_scripts_api_lists_live_scripts_newest_first(client, replay):
    moment = replay_moment(replay, "LIVE")
    (first,) = director.run_cycle(now=moment)
    (second,) = director.run_cycle(now=moment + director.QUIET_GAP)
    body = client.get(f"/api/matches/{replay.slug}/scripts").json()
    assert [item["text"] for item in body] == [second.text, first.text]
    assert set(body[0]) >= {"mode", "text", "at", "expires_at"}
    assert body[0]["expires_at"] - body[0]["at"] == 7 * 24 * 3600 * 1000


def test_the_scripts_api_leaves_out_expired_scripts(client, replay):
    director.run_cycle(now=replay_moment(replay, "LIVE"))
    Script.objects.update(expires_at=timezone.now())
    assert client.get(f"/api/matches/{replay.slug}/scripts").json() == []


def test_the_scripts_api_answers_an_unknown_slug_with_a_json_404(client):
    response = client.get("/api/matches/nope/scripts")
    assert response.status_code == 404 and response.json()["error"] == "unknown_fixture"
