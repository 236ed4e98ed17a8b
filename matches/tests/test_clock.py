"""The match clock a fan reads on the score bug, state by state (docs/feed.md's table and beyond)."""

import json
from datetime import UTC, datetime

import pytest

from matches.feed.clock import clock_facts, compute_elapsed, tick
from testsupport import clock_vectors

T0 = 1_336_917_600  # 13 May 2012, 14:00 UTC: the first half kicks off
T1 = T0 + 63 * 60  # the second half kicks off
T2 = T1 + 50 * 60 + 5 * 60  # extra time kicks off
T3 = T2 + 17 * 60  # the second half of extra time kicks off


def iso(seconds):
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def period(started, ended=None, counts_from=0, sort_order=None, **extra):
    ticking = started is not None and ended is None
    order = sort_order or {0: 1, 45: 2, 90: 3, 105: 4}[counts_from]
    return {
        "started": started,
        "ended": ended,
        "counts_from": counts_from,
        "ticking": ticking,
        "sort_order": order,
        **extra,
    }


P1_OPEN = period(T0)
P1_DONE = period(T0, T0 + 48 * 60)
P2_OPEN = period(T1, counts_from=45)
P2_DONE = period(T1, T1 + 50 * 60, counts_from=45)
P3_OPEN = period(T2, counts_from=90)
P3_DONE = period(T2, T2 + 16 * 60, counts_from=90)
P4_OPEN = period(T3, counts_from=105)


def snapshot(state, periods=(), pressure=(), kickoff=None):
    """The parts of a normalised fixture snapshot the clock reads."""
    return {"state": state, "periods": periods, "pressure": pressure, "starting_at": kickoff}


def mmss(minutes, seconds=0):
    return minutes * 60 + seconds


CASES = [
    # docs/feed.md's table, row by row
    ("first minute", "INPLAY_1ST_HALF", [P1_OPEN], T0 + mmss(0, 30), (), (1, 0, "1'")),
    ("mid first half", "INPLAY_1ST_HALF", [P1_OPEN], T0 + mmss(38, 10), (), (39, 0, "39'")),
    ("first-half stoppage", "INPLAY_1ST_HALF", [P1_OPEN], T0 + mmss(47, 20), (), (45, 3, "45+3'")),
    ("half time", "HT", [P1_DONE], T0 + mmss(55), (), (45, 0, "HT")),
    (
        "BREAK before the second half is half time",
        "BREAK",
        [P1_DONE],
        T0 + mmss(55),
        (),
        (45, 0, "HT"),
    ),
    (
        "second half from an ISO start",
        "INPLAY_2ND_HALF",
        [P1_DONE, period(iso(T1), counts_from=45)],
        T1 + mmss(20, 5),
        (),
        (66, 0, "66'"),
    ),
    (
        "second-half stoppage",
        "INPLAY_2ND_HALF",
        [P1_DONE, P2_OPEN],
        T1 + mmss(48, 10),
        (),
        (90, 4, "90+4'"),
    ),
    ("full time", "FT", [P1_DONE, P2_DONE], T1 + mmss(60), (), (90, 0, "FT")),
    (
        "BREAK after the second half is the break before extra time",
        "BREAK",
        [P1_DONE, P2_DONE],
        T1 + mmss(52),
        (),
        (90, 0, "BRK"),
    ),
    (
        "extra-time stoppage",
        "INPLAY_ET",
        [P1_DONE, P2_DONE, P3_OPEN],
        T2 + mmss(16, 30),
        (),
        (105, 2, "105+2'"),
    ),
    (
        "no timestamps: the pressure's last minute",
        "INPLAY_1ST_HALF",
        [],
        T0,
        [{"minute": 22}, {"minute": 23}, {"minute": 5}],
        (23, 0, "23'"),
    ),
    (
        "suspended keeps the last minute",
        "SUSPENDED",
        [P1_DONE, period(T1, counts_from=45, minutes=71)],
        T1 + mmss(90),
        (),
        (71, 0, "SUSP"),
    ),
    # The second half, minute by minute
    (
        "second half, first minute",
        "INPLAY_2ND_HALF",
        [P1_DONE, P2_OPEN],
        T1 + mmss(0, 1),
        (),
        (46, 0, "46'"),
    ),
    (
        "last regular minute",
        "INPLAY_2ND_HALF",
        [P1_DONE, P2_OPEN],
        T1 + mmss(44, 59),
        (),
        (90, 0, "90'"),
    ),
    (
        "first stoppage minute",
        "INPLAY_2ND_HALF",
        [P1_DONE, P2_OPEN],
        T1 + mmss(45),
        (),
        (90, 1, "90+1'"),
    ),
    (
        "Džeko's equaliser at 91:15",
        "INPLAY_2ND_HALF",
        [P1_DONE, P2_OPEN],
        T1 + mmss(46, 15),
        (),
        (90, 2, "90+2'"),
    ),
    (
        "Agüero's winner at 93:20",
        "INPLAY_2ND_HALF",
        [P1_DONE, P2_OPEN],
        T1 + mmss(48, 20),
        (),
        (90, 4, "90+4'"),
    ),
    # Extra time, penalties and their breaks
    (
        "extra time, second half",
        "INPLAY_ET_2ND_HALF",
        [P1_DONE, P2_DONE, P3_DONE, P4_OPEN],
        T3 + mmss(9, 40),
        (),
        (115, 0, "115'"),
    ),
    (
        "extra time, second-half stoppage",
        "INPLAY_ET_2ND_HALF",
        [P1_DONE, P2_DONE, P3_DONE, P4_OPEN],
        T3 + mmss(16, 5),
        (),
        (120, 2, "120+2'"),
    ),
    (
        "extra-time half time",
        "EXTRA_TIME_BREAK",
        [P1_DONE, P2_DONE, P3_DONE],
        T3,
        (),
        (105, 0, "ET HT"),
    ),
    ("waiting for penalties", "PEN_BREAK", [P1_DONE, P2_DONE], T3, (), (120, 0, "PEN BRK")),
    ("penalty shoot-out", "INPLAY_PENALTIES", [P1_DONE, P2_DONE], T3, (), (120, 0, "PEN")),
    ("after extra time", "AET", [P1_DONE, P2_DONE], T3, (), (120, 0, "AET")),
    ("after penalties", "FT_PEN", [P1_DONE, P2_DONE], T3, (), (120, 0, "FT (P)")),
    # Before kick-off, and the clock stopped
    ("not started without a kick-off time", "NS", [], T0 - 600, (), (None, 0, "NS")),
    ("postponed", "POSTPONED", [], T0, (), (None, 0, "POST")),
    (
        "abandoned keeps the pressure's last minute",
        "ABANDONED",
        [P1_DONE, P2_OPEN],
        T1 + mmss(80),
        [{"minute": 77}],
        (77, 0, "ABAN"),
    ),
    (
        "interrupted mid-half",
        "INTERRUPTED",
        [P1_OPEN],
        T0 + mmss(30),
        [{"minute": 29}],
        (29, 0, "INT"),
    ),
    # Timestamps in every shape, and feeds that say little or nonsense
    (
        "Unix seconds as a string",
        "INPLAY_1ST_HALF",
        [period(str(T0))],
        T0 + mmss(9),
        (),
        (10, 0, "10'"),
    ),
    (
        "SportMonks' space-separated UTC",
        "INPLAY_1ST_HALF",
        [period("2012-05-13 14:00:00")],
        T0 + mmss(12),
        (),
        (13, 0, "13'"),
    ),
    (
        "now as an aware datetime",
        "INPLAY_1ST_HALF",
        [P1_OPEN],
        datetime.fromtimestamp(T0 + mmss(2), UTC),
        (),
        (3, 0, "3'"),
    ),
    ("a clock a little behind the feed's", "INPLAY_1ST_HALF", [P1_OPEN], T0 - 5, (), (1, 0, "1'")),
    (
        "unparseable timestamps fall back to pressure",
        "INPLAY_2ND_HALF",
        [period("soon", counts_from=45)],
        T1,
        [{"minute": 47, "home": 50, "away": 50}],
        (47, 0, "47'"),
    ),
    (
        "pressure past the half's end is stoppage",
        "INPLAY_1ST_HALF",
        [],
        T0,
        [{"minute": 47}],
        (45, 2, "45+2'"),
    ),
    ("nothing at all", "INPLAY_1ST_HALF", None, T0, None, (None, 0, "1st")),
    ("an unknown state", "WARMING_UP", [], T0, (), (None, 0, "WARMING_UP")),
    (
        "awaiting updates with a running period",
        "AU",
        [P1_OPEN],
        T0 + mmss(20, 30),
        (),
        (21, 0, "21'"),
    ),
    (
        "garbage in the periods",
        "INPLAY_1ST_HALF",
        ["x", 3, {"started": True}],
        T0,
        [None, "y"],
        (None, 0, "1st"),
    ),
]


@pytest.mark.parametrize(
    "state, periods, now, pressure, expected",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_score_bug_shows_the_feed_clock(state, periods, now, pressure, expected):
    minute, extra_time, display = expected
    assert compute_elapsed(snapshot(state, periods, pressure), now) == {
        "minute": minute,
        "extra_time": extra_time,
        "display": display,
    }


def test_it_has_at_least_twenty_five_cases():
    assert len(CASES) >= 25


def test_a_known_state_shows_the_tables_label_whatever_short_name_the_feed_sends():
    # The live API sends state 26, PENDING, with the short name "PEN": a fan would read a shoot-out.
    pending = {
        "id": 26,
        "state": "PENDING",
        "name": "Pending",
        "short_name": "PEN",
        "developer_name": "PENDING",
    }
    assert compute_elapsed(snapshot(pending, [P2_DONE]), T1 + mmss(60))["display"] == "PEND"
    suspended = {
        "id": 11,
        "state": "SUSPENDED",
        "name": "Suspended",
        "short_name": "SUS",
        "developer_name": "SUSPENDED",
    }
    assert compute_elapsed(snapshot(suspended, [], [{"minute": 12}]), T0)["display"] == "SUSP"
    unknown = {
        "id": 99,
        "state": "WARMUP",
        "name": "Warm-up",
        "short_name": "WU",
        "developer_name": "WARMUP",
    }
    assert compute_elapsed(snapshot(unknown), T0)["display"] == "WU"


def test_without_a_period_start_the_clock_ticks_from_the_feeds_counter_like_the_page():
    # SportMonks' `minutes` is the match clock's whole minutes: 45 and 50 s into stoppage is 45+6'.
    counter = period(None, counts_from=0, minutes=50, seconds=50, ticking=True)
    running = snapshot("INPLAY_1ST_HALF", [counter])
    assert compute_elapsed(running, T0)["display"] == "45+6'"
    facts = clock_facts(running, T0, wall_ms=T0 * 1000)
    assert (
        tick(facts, T0 * 1000)["display"] == "45+6'"
        and tick(facts, (T0 + 10) * 1000)["display"] == "45+7'"
    )


def test_the_legacy_single_extra_time_period_gives_the_second_half_of_extra_time_its_own_clock():
    # One period counts from 90 for both halves of extra time; its start includes the break.
    legacy = period(T2, counts_from=90, sort_order=3, period_length=30, minutes=107, seconds=20)
    at = T2 + mmss(18, 20)  # 15 minutes, a 1-minute break, then 2:20 of the second half
    assert (
        compute_elapsed(snapshot("INPLAY_ET_2ND_HALF", [P1_DONE, P2_DONE, legacy]), at)["display"]
        == "108'"
    )
    first_half = period(T2, counts_from=90, sort_order=3, period_length=30, minutes=97, seconds=5)
    assert (
        compute_elapsed(snapshot("INPLAY_ET", [P1_DONE, P2_DONE, first_half]), T2 + mmss(7, 5))[
            "display"
        ]
        == "98'"
    )


def test_detailed_extra_time_periods_each_count_on_their_own():
    detailed = [P1_DONE, P2_DONE, P3_DONE, period(T3, counts_from=105, period_length=15)]
    assert (
        compute_elapsed(snapshot("INPLAY_ET_2ND_HALF", detailed), T3 + mmss(2, 20))["display"]
        == "108'"
    )


def test_not_started_shows_the_kick_off_time():
    for kickoff in (T0, iso(T0), "2012-05-13 14:00:00"):
        assert (
            compute_elapsed(snapshot("NS", [], (), kickoff=kickoff), T0 - 3600)["display"]
            == "14:00"
        )


def test_a_delayed_match_shows_its_kick_off_time():
    assert (
        compute_elapsed(snapshot({"developer_name": "DELAYED"}, [], (), kickoff=T0 + 900), T0)[
            "display"
        ]
        == "14:15"
    )


def test_the_live_apis_name_for_the_second_half_of_extra_time_runs_the_clock_too():
    periods = [P1_DONE, P2_DONE, P3_DONE, P4_OPEN]
    for code in ("INPLAY_ET_2ND_HALF", "INPLAY_ET_SECOND_HALF"):
        assert compute_elapsed(snapshot(code, periods), T3 + mmss(16, 5)) == {
            "minute": 120,
            "extra_time": 2,
            "display": "120+2'",
        }
    assert compute_elapsed(snapshot("INPLAY_ET_SECOND_HALF"), T3)["display"] == "ET2"


CLOCK_VECTORS = json.loads(clock_vectors.FILE.read_text(encoding="utf-8"))["tick"]


def test_the_clock_vectors_the_page_is_held_to_are_the_servers_rules():
    assert clock_vectors.FILE.read_text(encoding="utf-8") == clock_vectors.text(), (
        "matches/tests/clock_vectors.json is stale: run `python -m testsupport.clock_vectors`"
    )


@pytest.mark.parametrize("vector", CLOCK_VECTORS, ids=[v["name"] for v in CLOCK_VECTORS])
def test_the_page_and_the_server_tick_the_same_clock(vector):
    assert tick(vector["facts"], vector["now_ms"]) == vector["expected"]


def test_the_clock_facts_let_a_page_reach_the_servers_minute_without_an_update():
    running = snapshot("INPLAY_2ND_HALF", [P1_DONE, P2_OPEN])
    facts = clock_facts(running, T1 + mmss(10), wall_ms=(T1 + mmss(10)) * 1000)
    later = T1 + mmss(48, 10)
    assert tick(facts, later * 1000) == compute_elapsed(running, later)


def test_a_paused_or_finished_match_has_no_ticking_clock():
    for state, periods in (
        ("HT", [P1_DONE]),
        ("FT", [P1_DONE, P2_DONE]),
        ("SUSPENDED", [P1_DONE, P2_OPEN]),
    ):
        assert clock_facts(snapshot(state, periods), T1 + mmss(60))["ticking"] is False


def test_a_faster_demo_clock_is_mapped_to_the_wall_clock():
    # The feed's clock runs 20x: its period started 20 feed-minutes ago, one wall-minute ago.
    facts = clock_facts(
        snapshot("INPLAY_1ST_HALF", [P1_OPEN]), T0 + mmss(20), wall_ms=5_000_000, rate=20
    )
    assert facts["started_ms"] == 5_000_000 - 60_000
    assert tick(facts, 5_000_000)["display"] == "21'"
