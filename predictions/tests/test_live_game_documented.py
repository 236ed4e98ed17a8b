"""The live game on SportMonks v3 payloads as SportMonks documents them (testsupport/sportmonks_docs/):
the truth as it changes — a goal the VAR disallowed, a full time read once before extra time, the
penalty break and shoot-out — played through the poller, the real client and the fake SportMonks."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from matches.models import Fixture
from predictions import live
from predictions.livegame import DEFAULT_TEMPLATES
from predictions.models import LivePrediction, PredictionTemplate
from rally.http import now_ms
from rally.rooms import group_name
from testsupport.documented import SLUG, Scenario
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.replay import keep_pick

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def templates(db):
    for fields in DEFAULT_TEMPLATES:
        PredictionTemplate.objects.get_or_create(key=fields["key"], defaults=fields)


@pytest.fixture
def fake():
    with FakeSportMonks() as server:
        yield server


class Updates:
    """The room's `prediction_update` messages, as a page hears them."""

    async def __aenter__(self):
        self.layer = get_channel_layer()
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(group_name(SLUG), self.channel)
        return self

    async def __aexit__(self, *exc):
        await self.layer.group_discard(group_name(SLUG), self.channel)

    async def received(self):
        import asyncio

        messages = []
        while True:
            try:
                event = await asyncio.wait_for(self.layer.receive(self.channel), timeout=0.1)
            except TimeoutError:
                return messages
            message = json.loads(event["text"])
            if message["type"] == "prediction_update":
                messages.append(message)


@sync_to_async
def rows():
    return {
        row.key: (row.status, row.answer or row.void_reason or None)
        for row in LivePrediction.objects.filter(fixture__slug=SLUG)
    }


@sync_to_async
def pick(name, prediction, choice):
    keep_pick(Fixture.objects.get(slug=SLUG), name, prediction, choice, 1)


@sync_to_async
def board():
    body = live.standings(Fixture.objects.get(slug=SLUG))
    return [(row["name"], row["points"], row["rank"]) for row in body["standings"]], body["results"]


async def test_a_goal_the_var_disallows_reopens_the_round_it_settled_and_the_rounds_resettle(fake):
    scenario = Scenario("var_disallowed_goal.json", fake)
    async with Updates() as room:
        await scenario.poll(0)  # 56'
        assert (await rows())["next-goal-56"] == ("pending", None)
        await pick("Alice", "next-goal-56", "away")
        await pick("Bob", "next-goal-56", "home")
        await scenario.poll(1)  # 60': away score
        assert (await rows())["next-goal-56"] == ("resolved", "away")
        await pick("Bob", "next-goal-60", "away")  # Bob backs the away side again from 60'
        assert (await board())[0] == [("Alice", 5, 1), ("Bob", 0, 2)]
        await room.received()

        await scenario.poll(2)  # 62': the VAR disallows it
        settled = await rows()
        assert settled["next-goal-56"] == ("pending", None)  # open again for the next real goal
        assert "next-goal-61" not in settled  # the round from 60' runs on: never two rounds at once
        assert (await board())[0] == [("Alice", 0, 1), ("Bob", 0, 1)]  # the standings follow
        corrections = [m for m in await room.received() if m.get("corrected")]
        assert [(m["prediction"]["id"], m["corrected"]["answer"]) for m in corrections] == [
            ("next-goal-56", "away")
        ]

        await scenario.poll(3)  # 75': a real home goal
        settled = await rows()
        assert settled["next-goal-56"] == ("resolved", "home")
        # The round opened at the disallowed goal asked for the next goal from 60': the 75' goal, not "none".
        assert settled["next-goal-60"] == ("resolved", "home")
        assert (await board())[0] == [("Bob", 5, 1), ("Alice", 0, 2)]
        messages = await room.received()
        assert [
            m["prediction"]["id"] for m in messages if m.get("corrected")
        ] == []  # announced once, not again

        await scenario.play(4, 5)  # full time, read twice
        assert (await rows())["late-goal"] == ("resolved", "no")


async def test_full_time_read_once_settles_nothing_before_extra_time_and_its_95th_minute_goal(fake):
    scenario = Scenario("ft_flicker_extra_time.json", fake)
    await scenario.poll(0)  # 90+3'
    open_round = [
        key for key, (status, _) in (await rows()).items() if key.startswith("next-goal")
    ][-1]
    assert open_round == "next-goal-90-3"  # the 88th-minute goal opened one to 90+3', then this one
    await pick("Alice", open_round, "home")
    await scenario.poll(1)  # FT, briefly
    assert (await rows())[open_round] == ("pending", None)  # not "no more goals"
    assert all(
        p["status"] != "open"
        for p in await sync_to_async(live.predictions)(
            (await Fixture.objects.aget(slug=SLUG)).id, now_ms()
        )
    )
    await scenario.play(2, 3)  # the break, then extra time and a home goal at 95'
    assert (await rows())[open_round] == ("resolved", "home")
    assert (await board())[0] == [("Alice", 5, 1)]


async def test_no_round_is_open_in_the_penalty_break_or_the_shoot_out_and_kicks_are_never_goals(
    fake,
):
    scenario = Scenario("penalty_shootout.json", fake)
    await scenario.poll(0)  # 120+1'
    fixture_id = (await Fixture.objects.aget(slug=SLUG)).id
    listed = sync_to_async(live.predictions)
    assert [p["id"] for p in await listed(fixture_id, now_ms()) if p["status"] == "open"] == [
        "next-goal-120-1"
    ]
    for reading in (1, 2):  # the break before penalties, the shoot-out with its kicks
        await scenario.poll(reading)
        assert [p["id"] for p in await listed(fixture_id, now_ms()) if p["status"] == "open"] == []
        assert (await rows())["next-goal-120-1"] == (
            "pending",
            None,
        )  # a scored kick is not the next goal
    await scenario.play(3, 4)  # FT_PEN, read twice
    assert (await rows())["next-goal-120-1"] == ("resolved", "none")
