"""The demo feed: Manchester City 3-2 QPR replayed live, in v3 shapes, on a shifted clock."""

import json
from datetime import UTC, datetime

import pytest

from matches.feed.clock import compute_elapsed
from matches.feed.parse import normalise
from matches.feed.recorded import FACTS, RecordedFeed
from testsupport.final_day import START, Clock
from testsupport.payloads import day_fixtures, live_fixtures


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def feed(clock):
    return RecordedFeed(clock=clock)


def seen(feed, clock, match_seconds):
    """What a fan sees `match_seconds` after kick-off (at speed 1)."""
    clock.now = feed.first_kickoff + match_seconds
    return seen_now(feed)


def seen_now(feed):
    """(state, clock display, score, snapshot) of the feed's fixture now."""
    [payload] = live_fixtures(feed)
    snapshot = normalise(payload)
    elapsed = compute_elapsed(snapshot, feed.now())
    return (
        snapshot["state"]["code"],
        elapsed["display"],
        (snapshot["scores"]["home"], snapshot["scores"]["away"]),
        snapshot,
    )


def minutes(m, s=0):
    return m * 60 + s


SECOND_HALF = minutes(47 + 15)  # 45 min + 2 illustrative added, then a 15-minute break


@pytest.mark.parametrize(
    "played, state, display, score",
    [
        (-30, "NS", None, (0, 0)),
        (minutes(0, 10), "INPLAY_1ST_HALF", "1'", (0, 0)),
        (minutes(38, 29), "INPLAY_1ST_HALF", "39'", (0, 0)),
        (minutes(38, 31), "INPLAY_1ST_HALF", "39'", (1, 0)),
        (minutes(46, 0), "INPLAY_1ST_HALF", "45+2'", (1, 0)),
        (minutes(50), "HT", "HT", (1, 0)),
        (SECOND_HALF + minutes(2, 31), "INPLAY_2ND_HALF", "48'", (1, 1)),
        (SECOND_HALF + minutes(20, 31), "INPLAY_2ND_HALF", "66'", (1, 2)),
        (SECOND_HALF + minutes(46, 14), "INPLAY_2ND_HALF", "90+2'", (1, 2)),
        (SECOND_HALF + minutes(46, 15), "INPLAY_2ND_HALF", "90+2'", (2, 2)),
        (SECOND_HALF + minutes(48, 20), "INPLAY_2ND_HALF", "90+4'", (3, 2)),
        (SECOND_HALF + minutes(50), "FT", "FT", (3, 2)),
    ],
)
def test_the_real_goals_arrive_at_their_real_minutes(feed, clock, played, state, display, score):
    seen_state, seen_display, seen_score, _ = seen(feed, clock, played)
    assert (seen_state, seen_score) == (state, score)
    kickoff = datetime.fromtimestamp(feed.first_kickoff, UTC).strftime("%H:%M")
    assert seen_display == (display or kickoff)


def test_the_stoppage_time_goals_read_90_plus_2_and_90_plus_4(feed, clock):
    *_, snapshot = seen(feed, clock, SECOND_HALF + minutes(55))
    goals = [
        (e["minute"], e["extra_minute"], e["player"], e["result"])
        for e in snapshot["events"]
        if e["kind"] == "goal"
    ]
    assert goals[-2:] == [(90, 2, "Edin Džeko", "2-2"), (90, 4, "Sergio Agüero", "3-2")]


def test_barton_is_sent_off_in_the_55th_minute(feed, clock):
    *_, snapshot = seen(feed, clock, SECOND_HALF + minutes(10))
    assert [
        (e["minute"], e["team"], e["player"]) for e in snapshot["events"] if e["kind"] == "red_card"
    ] == [(55, "away", "Joey Barton")]


def test_the_score_by_half_matches_the_facts(feed, clock):
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    *_, snapshot = seen(feed, clock, SECOND_HALF + minutes(55))
    assert snapshot["scores"]["periods"]["1ST_HALF"] == facts["half_time"]
    assert [snapshot["scores"]["home"], snapshot["scores"]["away"]] == facts["full_time"]


def test_periods_carry_real_timestamps_on_the_shifted_clock(feed, clock):
    *_, snapshot = seen(feed, clock, SECOND_HALF + minutes(50))
    first, second = snapshot["periods"]
    assert first["started"] == int(feed.first_kickoff)
    assert first["ended"] - first["started"] == minutes(47)
    assert second["started"] - first["ended"] == minutes(15)
    assert second["ended"] - second["started"] == minutes(50)  # the whistle at 95:00
    assert (first["counts_from"], second["counts_from"]) == (0, 45)


def test_pressure_grows_by_a_point_a_minute_and_is_illustrative(feed, clock):
    counts = [len(seen(feed, clock, minutes(m, 1))[3]["pressure"]) for m in (10, 11, 12)]
    assert counts == [10, 11, 12]
    assert "pressure" in json.loads(FACTS.read_text(encoding="utf-8"))["illustrative"]


def test_pressure_is_the_same_every_time(clock):
    one, two = RecordedFeed(clock=clock), RecordedFeed(clock=clock)
    clock.now = one.first_kickoff + minutes(80)
    assert live_fixtures(one)[0]["pressure"] == live_fixtures(two)[0]["pressure"]


def test_it_kicks_off_shortly_after_start_up(feed, clock):
    assert seen(feed, clock, -1)[0] == "NS"
    assert feed.first_kickoff - START == 60


def test_it_loops_forever(feed, clock):
    first_loop = seen(feed, clock, minutes(30))[3]
    clock.now += feed.loop_length * 3
    assert seen(feed, clock, clock.now - feed.first_kickoff)[3]["events"] == first_loop["events"]
    [payload] = live_fixtures(feed)
    assert payload["starting_at_timestamp"] == int(feed.first_kickoff + 3 * feed.loop_length)


def test_a_faster_speed_plays_the_match_faster_on_its_own_clock(clock):
    fast = RecordedFeed(clock=clock, speed=60, kickoff_delay=60)
    clock.now = START + (60 + minutes(38, 31)) / 60  # one wall second per match minute
    state, display, score, _ = seen_now(fast)
    assert (state, display, score) == ("INPLAY_1ST_HALF", "39'", (1, 0))


def test_the_day_lists_the_match_kicking_off_that_day(feed, clock):
    today = datetime.fromtimestamp(feed.first_kickoff, UTC).date()
    [fixture] = day_fixtures(feed, today)
    assert fixture["starting_at_timestamp"] == int(feed.first_kickoff)
    assert {p["meta"]["location"] for p in fixture["participants"]} == {"home", "away"}
    assert day_fixtures(feed, today.replace(year=today.year - 1)) == []


def test_the_data_file_marks_what_is_not_fact():
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    made_up = facts["illustrative"]
    assert "NOT FACT" in made_up["note"]
    assert {"first_half_added_seconds", "pressure", "ids"} <= set(made_up)
    assert [e["match_clock"] for e in facts["events"] if e.get("match_clock")] == ["91:15", "93:20"]


@pytest.mark.django_db
@pytest.mark.parametrize("speed", [1, 5, 20, 60])
def test_at_every_speed_its_goals_reach_the_stored_fixture_within_one_match_minute(speed):
    """The poller at the interval the demo asks for (poll_interval: the configured 60 s or less)
    sees every goal within a minute of match time."""
    from matches.feed.store import store
    from matches.models import Fixture

    clock = Clock()
    feed = RecordedFeed(clock=clock, speed=speed, anchor=START)
    interval = feed.poll_interval(60)
    goals = {
        feed.fixture_id * 100 + e["index"]: e["at"]
        for e in feed.events
        if e["fact"]["kind"] == "goal"
    }
    seen = {}
    end = START + (feed.kickoff_delay + feed.second_half_end + 120) / speed
    while clock.now < end:
        for snapshot in feed.live_snapshots():
            store(snapshot, feed.now(), feed.rate)
        events = Fixture.objects.get(external_id=str(feed.fixture_id)).snapshot["events"]
        played = feed.now() - feed.first_kickoff
        for event in events:
            seen.setdefault(event["id"], played)
        clock.now += interval
    late = {event_id: seen[event_id] - at for event_id, at in goals.items()}
    assert len(late) == 5 and all(0 <= lag <= 60 for lag in late.values()), late


def test_everyone_the_recorded_data_credits_is_on_the_pitch_at_the_time():
    """The data agrees with itself: a scorer, an assist, a booked or substituted player is a starter
    or came on earlier, and has not gone off (or been sent off) before."""
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    on_pitch = {side: set(facts["lineups"][side]["starting"]) for side in ("home", "away")}
    bench = {side: set(facts["lineups"][side]["bench"]) for side in ("home", "away")}
    moment = lambda fact: (fact["minute"], fact["extra_minute"] or 0)  # noqa: E731
    assert [moment(f) for f in facts["events"]] == sorted(moment(f) for f in facts["events"])
    for fact in facts["events"]:
        side = fact["team"]
        if fact["kind"] == "substitution":
            assert fact["player"] in bench[side] and fact["player"] not in on_pitch[side], fact
            assert fact.get("off") is None or fact["off"] in on_pitch[side], fact
            on_pitch[side] = (on_pitch[side] - {fact.get("off")}) | {fact["player"]}
            continue
        for name in filter(None, (fact["player"], fact.get("assist"))):
            assert name in on_pitch[side], (
                f"{name} is credited at {fact['minute']}' but is not on the pitch"
            )
        if fact["kind"] == "red_card":
            on_pitch[side].discard(fact["player"])
    for side in (
        "home",
        "away",
    ):  # everyone on the bench list came on: the list is of substitutes who played
        assert (
            bench[side] - {f["player"] for f in facts["events"] if f["kind"] == "substitution"}
            == {
                "home": {
                    "Costel Pantilimon",
                    "Aleksandar Kolarov",
                    "Micah Richards",
                    "James Milner",
                },
                "away": set(),
            }[side]
        )
