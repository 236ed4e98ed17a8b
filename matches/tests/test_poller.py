"""The poller against a local fake SportMonks through a whole match, read from the real channel layer.

The fake serves the recorded Man City–QPR match in v3 shapes over HTTP; the SportMonks
client fetches it; the poller stores and broadcasts; the test listens in the fixture's
room on the in-memory channel layer, as a page's socket would.
"""

import asyncio
import logging
from datetime import UTC, datetime
from io import StringIO

import pytest
from asgiref.sync import sync_to_async
from django.core.management import CommandError, call_command

from matches.feed import poller
from matches.feed.base import FeedError
from matches.feed.recorded import RecordedDay, RecordedFeed
from matches.feed.sportmonks import SportMonksFeed
from matches.models import Fixture
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.football import Clock, Match, Room
from testsupport.payloads import live_fixtures
from testsupport.v3_payloads import fixture as v3_fixture

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "mci-v-qpr-90120513"
SECOND_HALF = 62 * 60  # kick-off of the second half, in match seconds


@pytest.fixture
def fake():
    with FakeSportMonks() as server:
        yield server


@pytest.fixture
def match(fake):
    return Match(fake)


async def stored(slug=SLUG):
    return await sync_to_async(Fixture.objects.get)(slug=slug)


def kickoff_time(match):
    return datetime.fromtimestamp(match.feed.first_kickoff, UTC).strftime("%H:%M")


MATCH = [
    # match seconds, state, clock, score, status change (None: same state), pressure points new
    (-30, "NS", None, [0, 0], None, 0),
    (10, "INPLAY_1ST_HALF", "1'", [0, 0], ("NS", "INPLAY_1ST_HALF"), 0),
    (38 * 60 + 31, "INPLAY_1ST_HALF", "39'", [1, 0], None, 38),
    (46 * 60, "INPLAY_1ST_HALF", "45+2'", [1, 0], None, 7),
    (50 * 60, "HT", "HT", [1, 0], ("INPLAY_1ST_HALF", "HT"), 0),
    (SECOND_HALF + 2 * 60 + 31, "INPLAY_2ND_HALF", "48'", [1, 1], ("HT", "INPLAY_2ND_HALF"), 2),
    (SECOND_HALF + 20 * 60 + 31, "INPLAY_2ND_HALF", "66'", [1, 2], None, 18),
    (SECOND_HALF + 46 * 60 + 15, "INPLAY_2ND_HALF", "90+2'", [2, 2], None, 26),
    (SECOND_HALF + 48 * 60 + 20, "INPLAY_2ND_HALF", "90+4'", [3, 2], None, 2),
    (SECOND_HALF + 50 * 60, "FT", "FT", [3, 2], ("INPLAY_2ND_HALF", "FT"), 2),
]


async def test_a_whole_match_sends_one_composite_per_change_with_the_right_clock(match):
    async with Room(SLUG) as room:
        for seconds, state, display, score, status_change, new_points in MATCH:
            assert await match.at(seconds).poll() == [SLUG]
            [update] = await room.received()
            assert update["type"] == "COMPOSITE_UPDATE" and update["fixture"] == SLUG
            assert update["state"]["code"] == state
            assert update["elapsed"]["display"] == (display or kickoff_time(match))
            assert [update["scores"]["home"], update["scores"]["away"]] == score
            assert update["status_change"] == (
                dict(zip(("from", "to"), status_change)) if status_change else None
            )
            assert len(update["pressure_delta"]) == new_points


async def test_the_stoppage_time_goals_reach_the_room_as_90_plus_2_and_90_plus_4(match):
    async with Room(SLUG) as room:
        await match.at(SECOND_HALF + 50 * 60).poll()
        [update] = await room.received()
    goals = [
        (e["minute"], e["extra_minute"], e["player"])
        for e in update["events"]
        if e["kind"] == "goal"
    ]
    assert goals == [
        (39, None, "Pablo Zabaleta"),
        (48, None, "Djibril Cissé"),
        (66, None, "Jamie Mackie"),
        (90, 2, "Edin Džeko"),
        (90, 4, "Sergio Agüero"),
    ]


async def test_nothing_is_written_or_sent_when_nothing_changed(match):
    async with Room(SLUG) as room:
        await match.at(50 * 60).poll()
        before = await stored()
        await room.received()
        assert await match.at(55 * 60).poll() == []  # half time: the clock runs, nothing else
        assert await room.received() == []
    after = await stored()
    assert (after.updated_at, after.content_hash) == (before.updated_at, before.content_hash)


async def test_the_same_payload_twice_sends_once(fake):
    fake.fixtures = [v3_fixture(7)]
    provider = SportMonksFeed(fake.token, fake.base_url)
    async with Room("mci-v-qpr-7") as room:
        assert await poller.cycle(provider) == ["mci-v-qpr-7"]
        assert await poller.cycle(provider) == []
        assert len(await room.received()) == 1


async def test_it_sends_one_composite_per_changed_fixture(fake):
    fake.fixtures = [v3_fixture(1), v3_fixture(2), v3_fixture(3)]
    provider = SportMonksFeed(fake.token, fake.base_url)
    await poller.cycle(provider)
    changed = v3_fixture(2, state="HT", state_id=3)
    fake.fixtures = [v3_fixture(1), changed, v3_fixture(3)]
    async with Room("mci-v-qpr-1") as one, Room("mci-v-qpr-2") as two, Room("mci-v-qpr-3") as three:
        assert await poller.cycle(provider) == ["mci-v-qpr-2"]
        assert (
            len(await one.received()),
            len(await two.received()),
            len(await three.received()),
        ) == (0, 1, 0)


async def test_the_stored_fixture_holds_the_last_composite_and_the_whole_chart(match):
    async with Room(SLUG) as room:
        await match.at(38 * 60 + 31).poll()
        await match.at(46 * 60).poll()
        *_, last = await room.received()
    fixture = await stored()
    assert fixture.kind == "feed" and fixture.state_code == "INPLAY_1ST_HALF"
    assert (fixture.home_code, fixture.away_code) == ("MCI", "QPR")
    assert fixture.content_hash == last["hash"] == fixture.snapshot["hash"]
    assert fixture.snapshot["elapsed"] == last["elapsed"]
    assert [p["minute"] for p in fixture.snapshot["pressure"]] == list(range(1, 46))


@pytest.mark.parametrize(
    "trouble",
    [
        [("status", 500), ("status", 500)],
        [("hang", 2.0), ("hang", 2.0)],
        [("garbage",)],
    ],
)
async def test_a_failing_feed_keeps_the_last_good_state_and_recovers(match, fake, trouble):
    async with Room(SLUG) as room:
        await match.at(38 * 60 + 31).poll()
        good = await stored()
        await room.received()
        fake.then(*trouble)
        with pytest.raises(FeedError):
            await match.at(50 * 60).poll()
        assert await room.received() == []
        assert (await stored()).content_hash == good.content_hash
        await match.poll()
        [update] = await room.received()
    assert update["state"]["code"] == "HT"
    assert update["status_change"] == {"from": "INPLAY_1ST_HALF", "to": "HT"}


async def test_a_malformed_fixture_is_skipped_and_the_others_still_update(match, fake, caplog):
    broken = v3_fixture(99)
    broken["scores"] = [
        {"description": "CURRENT", "score": {"goals": "lots", "participant": "home"}}
    ]
    fake.fixtures = lambda: [broken] + live_fixtures(match.feed)
    with caplog.at_level(logging.WARNING):
        assert await match.at(10).poll() == [SLUG]
    assert "scores[0].score.goals" in caplog.text
    assert not await sync_to_async(Fixture.objects.filter(external_id="99").exists)()


async def test_the_poller_loop_backs_off_while_the_feed_fails_and_recovers(
    match, fake, monkeypatch
):
    monkeypatch.setattr(poller, "make_provider", lambda: match.provider)
    naps = []
    real_wait_for = asyncio.wait_for

    async def counting_wait_for(awaitable, timeout):
        naps.append(timeout)
        return await real_wait_for(awaitable, 0.01)

    monkeypatch.setattr(poller.asyncio, "wait_for", counting_wait_for)
    fake.then(("status", 503), ("status", 503), ("status", 503), ("status", 503))
    stop = asyncio.Event()
    async with Room(SLUG) as room:
        match.at(10)
        loop = asyncio.ensure_future(poller.run_forever(stop, 1.0))
        while len(naps) < 3:
            await asyncio.sleep(0.01)
        stop.set()
        await loop
        [update] = await room.received()
    assert naps[:3] == [
        2.0,
        4.0,
        1.0,
    ]  # two failed cycles (two attempts each), then back to the interval
    assert update["state"]["code"] == "INPLAY_1ST_HALF"


async def test_a_fixture_that_cannot_be_stored_does_not_cost_the_others_their_update(
    fake, monkeypatch, caplog
):
    fake.fixtures = [v3_fixture(1), v3_fixture(2)]
    real_store = poller.store

    def store_all_but_the_first(snapshot, *clock):
        if snapshot["external_id"] == 1:
            raise RuntimeError("disk full")
        return real_store(snapshot, *clock)

    monkeypatch.setattr(poller, "store", store_all_but_the_first)
    async with Room("mci-v-qpr-2") as room:
        assert await poller.cycle(SportMonksFeed(fake.token, fake.base_url)) == ["mci-v-qpr-2"]
        assert len(await room.received()) == 1
    assert "could not store fixture 1" in caplog.text


def test_without_a_token_the_poller_plays_the_recorded_final_day(settings):
    settings.SPORTMONKS_API_TOKEN = ""
    provider = poller.make_provider()
    assert isinstance(provider, RecordedDay)
    assert len(provider.live_payloads()) == 10
    settings.SPORTMONKS_API_TOKEN = "secret"
    assert isinstance(poller.make_provider(), SportMonksFeed)


def test_poll_fixtures_once_reports_what_changed(fake, settings):
    settings.SPORTMONKS_API_TOKEN, settings.SPORTMONKS_BASE_URL = fake.token, fake.base_url
    fake.fixtures = [v3_fixture(5)]
    out = StringIO()
    call_command("poll_fixtures", "--once", stdout=out)
    call_command("poll_fixtures", "--once", stdout=out)
    assert out.getvalue().splitlines() == [
        "sportmonks: 1 fixture(s) changed: mci-v-qpr-5",
        "sportmonks: 0 fixture(s) changed",
    ]


def test_poll_fixtures_says_in_one_line_why_the_feed_failed(fake, settings):
    settings.SPORTMONKS_API_TOKEN, settings.SPORTMONKS_BASE_URL = "wrong-token", fake.base_url
    with pytest.raises(CommandError, match=r"the sportmonks feed failed: .*HTTP 401"):
        call_command("poll_fixtures", "--once")
    with pytest.raises(CommandError, match="--interval must be a positive"):
        call_command("poll_fixtures", "--interval", "0")


def recent(fixture_id, **fields):
    """A v3 fixture that kicked off an hour ago."""
    return v3_fixture(
        fixture_id,
        starting_at_timestamp=int(datetime.now(UTC).timestamp()) - 3600,
        **fields,
    )


async def test_a_fixture_that_leaves_the_in_play_list_is_fetched_by_id_until_it_is_final(fake):
    clock = Clock()
    clock.now = datetime.now(UTC).timestamp()
    provider = SportMonksFeed(fake.token, fake.base_url, retries=0, clock=clock)
    fake.fixtures = [recent(6)]
    await poller.cycle(provider)
    fake.fixtures = []  # dropped from the in-play list at 89', before the whistle
    fake.fixture_details[6] = recent(6, state="FT", state_id=5)
    assert await poller.cycle(provider) == ["mci-v-qpr-6"]
    stored_ft = await Fixture.objects.aget(external_id="6")
    assert (
        stored_ft.state_code == "FT" and stored_ft.snapshot["final"] is False
    )  # read once: maybe extra time next
    fetched = [r for r in fake.requests if r["path"] == "/v3/football/fixtures/6"]
    assert fetched and "lineups" in fetched[0]["query"]["include"]
    clock.now += 60
    assert (
        await poller.cycle(provider) == []
    )  # the same FT a minute later: final, nothing new to send
    assert (await Fixture.objects.aget(external_id="6")).snapshot["final"] is True
    await poller.cycle(provider)  # final now: never asked for again
    assert len([r for r in fake.requests if r["path"] == "/v3/football/fixtures/6"]) == 2


async def test_a_lost_fixture_the_feed_cannot_find_costs_the_others_nothing(fake, caplog):
    provider = SportMonksFeed(fake.token, fake.base_url, retries=0)
    fake.fixtures = [recent(7)]
    await poller.cycle(provider)
    fake.fixtures = [recent(8)]  # 7 dropped out and /fixtures/7 answers 404
    assert await poller.cycle(provider) == ["mci-v-qpr-8"]
    assert "could not fetch fixture 7 by id" in caplog.text


def test_every_process_plays_the_recorded_match_on_one_stored_clock(settings):
    settings.SPORTMONKS_API_TOKEN = ""
    first = poller.make_provider()
    settings.RECORDED_FEED_SPEED = 5.0  # a shell with other settings still agrees with the server
    second = poller.make_provider()
    assert (second.first_kickoff, second.speed) == (first.first_kickoff, first.speed)


async def test_the_poller_reads_the_recorded_demo_as_often_as_its_speed_needs(monkeypatch):
    """At 20x with the default 60 s interval the poller waits 1.5 s: 30 match seconds."""
    monkeypatch.setattr(poller, "make_provider", lambda: RecordedFeed(speed=20))
    naps = []
    real_wait_for = asyncio.wait_for

    async def counting_wait_for(awaitable, timeout):
        naps.append(timeout)
        return await real_wait_for(awaitable, 0.01)

    monkeypatch.setattr(poller.asyncio, "wait_for", counting_wait_for)
    stop = asyncio.Event()
    loop = asyncio.ensure_future(poller.run_forever(stop, 60.0))
    while len(naps) < 2:
        await asyncio.sleep(0.01)
    stop.set()
    await loop
    assert naps[:2] == [1.5, 1.5]
