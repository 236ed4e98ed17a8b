"""Only the loop being played keeps its picks."""

import pytest

from matches import engine
from predictions import services
from predictions.models import Pick
from rally.http import now_ms
from testsupport.replay import keep_pick, set_clock

pytestmark = pytest.mark.django_db


def keep(fixture, loop, name="Alice", prediction="q1-leader", choice="FRA"):
    keep_pick(fixture, name, prediction, choice, loop)


def test_picks_of_loops_no_longer_played_are_pruned(replay):
    set_clock(replay, sequence=3, loop=3)
    for loop in (1, 2, 3):
        keep(replay, loop)
    assert services.prune_picks(now_ms()) == 2
    assert list(Pick.objects.values_list("loop", flat=True)) == [3]


def test_picks_of_a_loop_ahead_of_the_clock_are_pruned_too(replay):
    # An operator re-anchored the replay back to loop 1: loop 5's picks belong to no loop now.
    set_clock(replay, sequence=3, loop=1)
    keep(replay, 1), keep(replay, 5)
    services.prune_picks(now_ms())
    assert list(Pick.objects.values_list("loop", flat=True)) == [1]


def test_storing_again_replaces_the_standing_pick(replay):
    set_clock(replay, sequence=3)
    keep(replay, 1, choice="FRA")
    keep(replay, 1, choice="AUS")
    keep(replay, 1, name="Bob", choice="FRA")
    assert sorted(Pick.objects.values_list("name", "choice")) == [("Alice", "AUS"), ("Bob", "FRA")]


def test_the_loop_keeps_its_picks_through_the_break_until_the_next_tip_off(replay):
    anchor = set_clock(replay, sequence=73, tick_ms=1000, pause_ms=60_000, later_ms=50_000)
    assert engine.replay_clock(anchor, now_ms())["phase"] == "PRE_MATCH"
    keep(replay, 1)
    assert services.prune_picks(now_ms()) == 0
