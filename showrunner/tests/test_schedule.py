from datetime import UTC, datetime, timedelta

from showrunner.modes import LIVE, POST_MATCH, PRE_MATCH
from showrunner.schedule import Block, FixtureTimes, active, mode_for, plan

T0 = datetime(2026, 5, 16, 14, 0, tzinfo=UTC)


def minutes(n):
    return timedelta(minutes=n)


def blocks_of(blocks, fixture):
    return {b.mode: (b.start, b.end) for b in blocks if b.fixture == fixture}


def test_a_lone_fixture_gets_thirty_minutes_either_side_of_its_live_block():
    blocks = plan([FixtureTimes("a", T0)])
    assert blocks == [
        Block("PRE_MATCH", T0 - minutes(30), T0, "a"),
        Block("LIVE", T0, T0 + minutes(115), "a"),
        Block("POST_MATCH", T0 + minutes(115), T0 + minutes(145), "a"),
    ]


def test_the_feeds_end_replaces_the_expected_length():
    blocks = blocks_of(plan([FixtureTimes("a", T0, ended_at=T0 + minutes(98))]), "a")
    assert blocks["LIVE"] == (T0, T0 + minutes(98))
    assert blocks["POST_MATCH"] == (T0 + minutes(98), T0 + minutes(128))


def test_two_fixtures_twenty_minutes_apart_split_the_gap_ten_and_ten():
    first_end = T0 + minutes(115)
    second = first_end + minutes(20)
    blocks = plan([FixtureTimes("a", T0), FixtureTimes("b", second)])
    assert blocks_of(blocks, "a")["POST_MATCH"] == (first_end, first_end + minutes(10))
    assert blocks_of(blocks, "b")["PRE_MATCH"] == (first_end + minutes(10), second)


def test_a_gap_of_an_hour_or_more_leaves_both_blocks_whole():
    second = T0 + minutes(115 + 75)
    blocks = plan([FixtureTimes("a", T0), FixtureTimes("b", second)])
    assert blocks_of(blocks, "a")["POST_MATCH"][1] - blocks_of(blocks, "a")["POST_MATCH"][
        0
    ] == minutes(30)
    assert blocks_of(blocks, "b")["PRE_MATCH"] == (second - minutes(30), second)


def test_back_to_back_fixtures_have_no_talk_between_them():
    blocks = plan(
        [FixtureTimes("a", T0, ended_at=T0 + minutes(100)), FixtureTimes("b", T0 + minutes(100))]
    )
    assert "POST_MATCH" not in blocks_of(blocks, "a")
    assert "PRE_MATCH" not in blocks_of(blocks, "b")


def test_overlapping_fixtures_are_live_together_and_keep_their_own_blocks():
    blocks = plan([FixtureTimes("a", T0), FixtureTimes("b", T0 + minutes(60))])
    assert blocks_of(blocks, "a")["POST_MATCH"] == (T0 + minutes(115), T0 + minutes(145))
    assert blocks_of(blocks, "b")["PRE_MATCH"] == (T0 + minutes(30), T0 + minutes(60))
    assert {b.fixture for b in active(blocks, T0 + minutes(90))} == {"a", "b"}


def test_each_gap_is_split_against_the_nearest_neighbour():
    # a ends at 15:55; b kicks off at 16:15 and c at 16:35: c's pre-match starts halfway
    # between a's end and its kick-off, after a's post-match.
    a, b, c = (
        FixtureTimes("a", T0),
        FixtureTimes("b", T0 + minutes(135)),
        FixtureTimes("c", T0 + minutes(155)),
    )
    blocks = plan([a, b, c])
    assert blocks_of(blocks, "a")["POST_MATCH"] == (a.end, a.end + minutes(10))
    assert blocks_of(blocks, "b")["PRE_MATCH"] == (a.end + minutes(10), b.kickoff)
    assert blocks_of(blocks, "c")["PRE_MATCH"] == (a.end + minutes(20), c.kickoff)


def test_the_plan_does_not_depend_on_the_order_of_its_input():
    fixtures = [FixtureTimes("b", T0 + minutes(135)), FixtureTimes("a", T0), FixtureTimes("c", T0)]
    by_name = sorted(fixtures, key=lambda f: f.fixture)
    assert plan(fixtures) == plan(reversed(fixtures)) == plan(by_name)


def test_active_blocks_include_their_start_and_exclude_their_end():
    blocks = plan([FixtureTimes("a", T0)])
    assert [b.mode for b in active(blocks, T0)] == ["LIVE"]
    assert [b.mode for b in active(blocks, T0 - timedelta(microseconds=1))] == ["PRE_MATCH"]


def test_the_feeds_state_overrules_the_block_under_either_name_of_state_23():
    assert mode_for(LIVE, "FT") == POST_MATCH
    for code in ("INPLAY_ET_2ND_HALF", "INPLAY_ET_SECOND_HALF"):
        assert mode_for(PRE_MATCH, code) == LIVE
    assert mode_for(PRE_MATCH, "NS") == PRE_MATCH
