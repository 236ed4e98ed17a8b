"""The facts prompts are filled with, from the replay loop and from a feed snapshot."""

from datetime import UTC, datetime, timedelta

import pytest

from matches.engine import replay_clock
from matches.replay_data import load_events
from matches.seeding import DATA_DIR
from showrunner.facts import Teams, feed_facts, replay_facts
from showrunner.modes import MODES

EVENTS = load_events(DATA_DIR / "pbp.json")
ANCHOR = {"baseStartedAt": 0, "tickMs": 1500, "pauseMs": 60_000, "lastSequence": len(EVENTS)}
REPLAY_TEAMS = Teams("France", "Australia", "FRA", "AUS")
TITLE = "France v Australia · 2019 FIBA World Cup bronze medal game"
FEED_TEAMS = Teams("Manchester City", "Queens Park Rangers", "MCI", "QPR")
KICKOFF = datetime(2012, 5, 13, 14, 0, tzinfo=UTC)
SNAPSHOT = {
    "state": {"code": "INPLAY_2ND_HALF", "name": "2nd Half"},
    "scores": {"home": 2, "away": 2},
    "elapsed": {"display": "90+2'"},
    "events": [
        {
            "kind": "goal",
            "minute": 39,
            "extra_minute": None,
            "team": "home",
            "player": "Pablo Zabaleta",
            "result": "1-0",
        },
        {
            "kind": "other",
            "minute": 40,
            "extra_minute": None,
            "team": "away",
            "player": "x",
            "result": None,
        },
        {
            "kind": "goal",
            "minute": 90,
            "extra_minute": 2,
            "team": "home",
            "player": "Edin Džeko",
            "result": "2-2",
        },
    ],
}


def replay_at(mode, ms):
    return replay_facts(
        mode, REPLAY_TEAMS, TITLE, EVENTS, replay_clock(ANCHOR, ms), ms, ["Said before."]
    )


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_gets_exactly_its_variables_from_either_source(mode):
    assert list(replay_at(mode, 0)) == MODES[mode].names
    facts = feed_facts(mode, FEED_TEAMS, SNAPSHOT, KICKOFF, KICKOFF, [], "Nothing more today.")
    assert list(facts) == MODES[mode].names


def test_the_replay_live_facts_are_the_score_and_clock_at_that_moment_and_say_it_is_a_replay():
    facts = replay_at("LIVE", 72 * 1500 - 1)  # sequence 72: the end of the fourth quarter
    assert facts["score"] == "France 67–59 Australia" and facts["clock"] == "Q4 00:00"
    assert facts["status"] == "4th quarter" and "replay of a real game" in facts["broadcast"]
    assert facts["competition"] == "2019 FIBA World Cup bronze medal game"
    assert facts["recent_lines"] == "- Said before."


def test_the_replay_post_match_facts_give_the_result_and_when_it_starts_again():
    facts = replay_at("POST_MATCH", 73 * 1500 + 5_000)
    assert facts["result"] == "France win by 8"
    assert facts["next_up"] == "The replay starts again in 1 minute."


def test_the_replay_pre_match_facts_count_down_to_the_next_loop():
    facts = replay_at("PRE_MATCH", 73 * 1500 + 59_000)
    assert facts["minutes_to_kickoff"] == "1" and "loop #2" in facts["broadcast"]


def test_the_feed_facts_read_the_snapshot_and_keep_only_the_events_fans_see():
    facts = feed_facts("LIVE", FEED_TEAMS, SNAPSHOT, KICKOFF, KICKOFF, [], "")
    assert facts["score"] == "Manchester City 2–2 Queens Park Rangers"
    assert (facts["clock"], facts["status"]) == ("90+2'", "2nd Half")
    assert facts["last_event"] == "90+2' goal: Edin Džeko, Manchester City (2-2)"
    assert facts["key_events"].count("\n") == 1  # two goals; the "other" event is left out


def test_the_feed_facts_before_kick_off_count_the_minutes():
    facts = feed_facts(
        "PRE_MATCH", FEED_TEAMS, {}, KICKOFF, KICKOFF - timedelta(minutes=12, seconds=30), [], ""
    )
    assert (facts["kickoff"], facts["minutes_to_kickoff"]) == ("14:00 UTC", "13")


def test_a_draw_is_called_a_draw():
    assert (
        feed_facts("POST_MATCH", FEED_TEAMS, SNAPSHOT, KICKOFF, KICKOFF, [], "")["result"]
        == "A 2–2 draw"
    )


def test_the_presenter_names_the_minute_the_page_shows_not_the_last_stored_one():
    """The poller stored 62' and nothing has changed since: the page's clock ticks on from the
    stored clock's facts (63' at 17:00 into the half, 67' four minutes later), and so must the
    presenter's."""
    started = datetime(2012, 5, 13, 15, 0, tzinfo=UTC)  # the second half kicked off
    stored_at = started + timedelta(minutes=17)
    snapshot = {
        **SNAPSHOT,
        "elapsed": {"minute": 62, "extra_time": 0, "display": "62'"},
        "clock": {
            "ticking": True,
            "started_ms": started.timestamp() * 1000,
            "counts_from": 45,
            "regular_end": 90,
            "rate": 1,
        },
    }
    facts_then = feed_facts("LIVE", FEED_TEAMS, snapshot, KICKOFF, stored_at, [], "")
    facts_later = feed_facts(
        "LIVE", FEED_TEAMS, snapshot, KICKOFF, stored_at + timedelta(minutes=4), [], ""
    )
    assert (facts_then["clock"], facts_later["clock"]) == ("63'", "67'")


def test_the_competition_is_the_feeds_league_and_football_only_without_one():
    with_league = {**SNAPSHOT, "competition": "Premier League"}
    facts = feed_facts("LIVE", FEED_TEAMS, with_league, KICKOFF, KICKOFF, [], "")
    assert facts["competition"] == "Premier League"
    without = {key: value for key, value in SNAPSHOT.items() if key != "competition"}
    assert feed_facts("LIVE", FEED_TEAMS, without, KICKOFF, KICKOFF, [], "")["competition"] == (
        "Football"
    )
