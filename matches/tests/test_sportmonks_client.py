"""The SportMonks client against a local fake of the v3 API: includes, retries, limits, bad data."""

import logging
import time
from datetime import date

import pytest

from matches.feed.base import FeedError, RateLimited
from matches.feed.sportmonks import LIVE_INCLUDES, SportMonksFeed
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.payloads import day_fixtures, live_fixtures
from testsupport.v3_payloads import fixture


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def fake():
    with FakeSportMonks() as server:
        server.fixtures = [fixture(1), fixture(2)]
        yield server


@pytest.fixture
def naps():
    return []


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(fake, naps, clock):
    feed = SportMonksFeed(
        fake.token,
        fake.base_url,
        timeout=0.5,
        retries=2,
        backoff=0.25,
        sleep=naps.append,
        clock=clock,
    )
    yield feed
    feed.close()


def test_it_reads_in_play_fixtures_with_every_include_the_poller_needs(fake, client):
    assert [f["id"] for f in live_fixtures(client)] == [1, 2]
    [request] = fake.requests
    assert request["path"] == "/v3/football/livescores/inplay"
    assert (
        request["query"]["include"]
        == ";".join(LIVE_INCLUDES)
        == ("state;periods;events;scores;pressure;participants;lineups;statistics;league;venue")
    )


def test_it_sends_the_token_in_a_header_so_it_never_shows_in_a_logged_url(fake, client):
    live_fixtures(client)
    [request] = fake.requests
    assert request["headers"]["Authorization"] == fake.token
    assert "api_token" not in request["query"]


def test_no_fixtures_in_play_is_an_empty_list_not_an_error(fake, client):
    fake.fixtures = []
    assert live_fixtures(client) == []


def test_it_retries_server_errors_with_exponential_backoff(fake, client, naps):
    fake.then(("status", 500), ("status", 503))
    assert len(live_fixtures(client)) == 2
    assert naps == [0.25, 0.5]
    assert len(fake.requests) == 3


def test_it_gives_up_after_its_retries_with_a_feed_error(fake, client, naps):
    fake.then(("status", 500), ("status", 502), ("status", 500))
    with pytest.raises(FeedError, match="gave up after 3 attempts"):
        live_fixtures(client)
    assert len(fake.requests) == 3


def test_a_hanging_server_times_out_and_is_retried(fake, client):
    fake.then(("hang", 3.0))
    started = time.monotonic()
    assert len(live_fixtures(client)) == 2
    assert time.monotonic() - started < 2.5
    assert len(fake.requests) == 2


def test_a_refused_connection_is_a_feed_error(naps):
    with FakeSportMonks() as gone:
        base_url = gone.base_url
    feed = SportMonksFeed("t", base_url, retries=1, sleep=naps.append)
    with pytest.raises(FeedError, match="ConnectError"):
        live_fixtures(feed)


def test_garbage_is_a_feed_error_not_a_crash(fake, client):
    fake.then(("garbage",))
    with pytest.raises(FeedError, match="not JSON"):
        live_fixtures(client)


def test_data_that_is_not_a_list_is_a_feed_error(fake, client):
    fake.then(("body", 200, {"data": {"id": 1}}))
    with pytest.raises(FeedError, match="not a list"):
        live_fixtures(client)


def test_a_bad_token_is_not_retried(fake, naps):
    feed = SportMonksFeed("wrong", fake.base_url, sleep=naps.append)
    with pytest.raises(FeedError, match="401"):
        live_fixtures(feed)
    assert naps == [] and len(fake.requests) == 1


def test_it_skips_a_malformed_fixture_with_a_logged_reason_and_keeps_the_rest(fake, client, caplog):
    broken = fixture(3)
    broken["events"][0]["minute"] = "thirty-nine"
    fake.fixtures = [fixture(1), broken, fixture(2)]
    with caplog.at_level(logging.WARNING):
        assert [f["id"] for f in live_fixtures(client)] == [1, 2]
    assert "id 3" in caplog.text and "events[0].minute" in caplog.text


def test_a_429_pauses_every_call_until_the_limit_resets(fake, client, clock):
    fake.then(("rate_limited", 120))
    with pytest.raises(RateLimited) as limited:
        live_fixtures(client)
    assert limited.value.retry_after == 120
    clock.now += 119
    with pytest.raises(RateLimited):
        live_fixtures(client)
    assert len(fake.requests) == 1  # the feed was not asked again while we wait
    clock.now += 2
    assert len(live_fixtures(client)) == 2


def test_a_429_without_a_body_waits_as_long_as_retry_after_says(fake, client):
    fake.then(("body", 429, {"message": "Too Many Attempts."}))
    with pytest.raises(RateLimited) as limited:
        live_fixtures(client)
    assert limited.value.retry_after == 60


def test_the_last_request_of_the_quota_pauses_the_next_ones(fake, client, clock):
    fake.remaining, fake.resets_in_seconds = 1, 300
    assert len(live_fixtures(client)) == 2
    assert client.rate_limit == {
        "resets_in_seconds": 300,
        "remaining": 0,
        "requested_entity": "Fixture",
    }
    with pytest.raises(RateLimited):
        live_fixtures(client)
    clock.now += 301
    assert len(live_fixtures(client)) == 2


def test_the_days_fixtures_come_with_participants_and_state_across_pages(fake, client):
    fake.per_page = 2
    fake.days["2012-05-13"] = [fixture(n) for n in range(1, 6)]
    day = day_fixtures(client, date(2012, 5, 13))
    assert [f["id"] for f in day] == [1, 2, 3, 4, 5]
    assert [r["query"].get("page") for r in fake.requests] == [None, "2", "3"]
    assert {r["query"]["include"] for r in fake.requests} == {"participants;state"}
    assert fake.requests[0]["path"] == "/v3/football/fixtures/date/2012-05-13"
