"""The recorded demo match at 20x, through the poller: when it restarts after full time, the game
starts a new match (new questions, the previous showing listed apart, a fresh leaderboard)."""

import pytest
from asgiref.sync import sync_to_async

from matches.feed import poller
from matches.feed.recorded import RecordedFeed
from matches.models import Fixture
from predictions import live
from predictions.livegame import DEFAULT_TEMPLATES
from predictions.models import PredictionTemplate
from rally.http import now_ms
from testsupport.fans import Fan
from testsupport.replay import keep_pick

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "mci-v-qpr-90120513"
SPEED = 20
START = 1_700_000_000.0


@pytest.fixture(autouse=True)
def templates(db):
    for fields in DEFAULT_TEMPLATES:
        PredictionTemplate.objects.get_or_create(key=fields["key"], defaults=fields)


class Clock:
    now = START

    def __call__(self):
        return self.now


@pytest.fixture
def demo():
    clock = Clock()
    feed = RecordedFeed(speed=SPEED, clock=clock, anchor=START)
    return feed, clock


async def at(demo, match_seconds, loop=0):
    """Poll the demo `match_seconds` after the kick-off of `loop` (wall time runs 20x slower)."""
    feed, clock = demo
    clock.now = START + (feed.kickoff_delay + loop * feed.loop_length + match_seconds) / SPEED
    return await poller.cycle(feed)


@sync_to_async
def listed():
    fixture = Fixture.objects.get(slug=SLUG)
    return {p["id"]: p for p in live.predictions(fixture.id, now_ms())}, live.standings(fixture)


async def test_the_recorded_match_restarts_at_20x_as_a_fresh_game(demo):
    feed, _ = demo
    assert (
        feed.poll_interval(60) == 1.5
    )  # 30 match seconds: its goals reach the page within a match minute
    await at(demo, -30)
    questions, _ = await listed()
    assert questions["full-time-result"]["status"] == "open"
    await sync_to_async(keep_pick)(
        await Fixture.objects.aget(slug=SLUG), "Alice", "full-time-result", "home", 1
    )

    full_time = feed.second_half_end + 60
    await at(demo, full_time)
    await at(demo, full_time + 61)  # read again a minute (of the demo's clock) later: final
    questions, standings = await listed()
    assert questions["full-time-result"]["answer"] == "home"
    assert [(row["name"], row["points"]) for row in standings["standings"]] == [("Alice", 10)]

    watcher = await Fan(path=f"/ws/matches/{SLUG}/").connect()
    await at(demo, -30, loop=1)  # the demo kicks off again
    fresh = await watcher.receive("standings")  # every page is told: a new board
    assert (fresh["resolved"], fresh["top"], fresh["players"]) == ([], [], 0)
    await watcher.close()
    snapshot = (await Fixture.objects.aget(slug=SLUG)).snapshot
    assert (snapshot["showing"], snapshot["scores"]["home"], snapshot["scores"]["away"]) == (
        2,
        0,
        0,
    )
    questions, standings = await listed()
    assert (
        questions["full-time-result-show2"]["status"] == "open"
    )  # a new full-time-result question
    assert (
        questions["full-time-result"]["previous_showing"] is True
    )  # the old one, folded away on the page
    assert questions["full-time-result"]["status"] == "resolved"
    assert (
        standings["results"] == {} and standings["standings"] == []
    )  # the old 10 points are not on this board
    await at(demo, 10, loop=1)  # kick-off: the new showing's first round
    await at(demo, 38 * 60 + 40, loop=1)  # Zabaleta again, in the new showing
    questions, _ = await listed()
    assert questions["next-goal-1-show2"]["answer"] == "home"
