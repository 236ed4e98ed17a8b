"""The poller fed SportMonks v3 payloads shaped as SportMonks documents them (sportmonks_docs/*.json,
each citing its pages): VAR, rescinded cards, extra time, shoot-outs, PENDING, a refused include."""

import json
import logging

import pytest

from matches.feed.clock import tick
from matches.models import Fixture
from testsupport.documented import DOCS, SLUG, Scenario, load
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.football import Room

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fake():
    with FakeSportMonks() as server:
        yield server


async def stored():
    return (await Fixture.objects.aget(slug=SLUG)).snapshot


def test_every_documented_payload_file_cites_the_pages_it_was_written_from():
    for path in sorted(DOCS.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        assert body["_source"] and all(
            "docs.sportmonks.com" in source for source in body["_source"]
        ), path.name


async def test_a_rescinded_red_card_is_shown_as_rescinded_and_counts_for_nothing(fake):
    scenario = Scenario("rescinded_red_card.json", fake)
    async with Room(SLUG) as room:
        await scenario.poll(0)
        await scenario.poll(1)
        first, second = await room.received()
    [card] = [e for e in first["events"] if e["player"] == "Evan Away"]
    assert (card["kind"], card["type"], card["rescinded"]) == ("red_card", "red_card", False)
    [card] = [e for e in second["events"] if e["player"] == "Evan Away"]
    assert (card["kind"], card["type"], card["rescinded"]) == ("card_rescinded", "red_card", True)


async def test_a_var_card_reaches_the_page_with_the_var_decision(fake):
    await Scenario("var_card.json", fake).poll(0)
    [var] = [e for e in (await stored())["events"] if e["type"] == "var_card"]
    assert (var["kind"], var["detail"], var["minute"]) == ("var", "Redcard confirmed", 71)


async def test_a_goal_the_var_disallows_leaves_the_page_with_the_decision_in_its_place(fake):
    scenario = Scenario("var_disallowed_goal.json", fake)
    async with Room(SLUG) as room:
        await scenario.play(0, 1, 2)
        *_, scored, disallowed = await room.received()
    assert [scored["scores"]["home"], scored["scores"]["away"]] == [1, 1]
    assert [disallowed["scores"]["home"], disallowed["scores"]["away"]] == [1, 0]
    assert [(e["kind"], e["minute"], e["detail"]) for e in disallowed["events"]] == [
        ("goal", 39, None),
        ("var", 62, "Goal Disallowed"),
    ]


async def test_full_time_read_once_is_not_final_and_extra_time_goes_on_to_a_95th_minute_goal(fake):
    scenario = Scenario("ft_flicker_extra_time.json", fake)
    await scenario.play(0, 1)
    flicker = await stored()
    assert (flicker["state"]["code"], flicker["final"]) == ("FT", False)
    await scenario.play(2, 3)
    extra_time = await stored()
    assert extra_time["state"]["code"] == "INPLAY_ET" and extra_time["elapsed"]["display"] == "95'"
    assert [(e["minute"], e["player"]) for e in extra_time["events"] if e["kind"] == "goal"][
        -1
    ] == (95, "Eli Home")
    assert [extra_time["scores"]["home"], extra_time["scores"]["away"]] == [2, 1]


async def test_the_shoot_out_kicks_are_not_goals_and_the_page_gets_the_shoot_out_score(fake):
    scenario = Scenario("penalty_shootout.json", fake)
    async with Room(SLUG) as room:
        await scenario.play(0, 1, 2)
        *_, pen_break, shoot_out = await room.received()
    assert (pen_break["state"]["code"], pen_break["elapsed"]["display"], pen_break["shootout"]) == (
        "PEN_BREAK",
        "PEN BRK",
        None,
    )
    assert shoot_out["elapsed"]["display"] == "PEN" and shoot_out["shootout"] == {
        "home": 2,
        "away": 2,
    }
    assert [shoot_out["scores"]["home"], shoot_out["scores"]["away"]] == [1, 1]
    assert {e["kind"] for e in shoot_out["events"] if e["minute"] == 120} == {
        "shootout_scored",
        "shootout_missed",
    }
    await scenario.play(3, 4)
    final = await stored()
    assert (final["state"]["code"], final["shootout"], final["final"]) == (
        "FT_PEN",
        {"home": 4, "away": 3},
        True,
    )


async def test_pending_is_labelled_pending_never_pen(fake):
    await Scenario("pending.json", fake).poll(0)
    snapshot = await stored()
    assert (
        snapshot["state"]["code"],
        snapshot["state"]["name"],
        snapshot["state"]["short_name"],
    ) == ("PENDING", "Pending", "PEND")
    assert snapshot["elapsed"]["display"] == "66'"  # its open period still ticks


async def test_an_include_the_plan_refuses_is_dropped_once_and_the_scores_keep_flowing(
    fake, caplog
):
    body = load("include_not_allowed_403.json")
    named, unnamed, _reading = body["readings"]
    scenario = Scenario("include_not_allowed_403.json", fake)
    fake.then(("body", named["status"], named["body"]))
    with caplog.at_level(logging.WARNING):
        assert await scenario.poll(0) == [SLUG]
        await scenario.poll(0)
    assert scenario.provider.dropped == ["pressure"]
    includes = [r["query"]["include"].split(";") for r in fake.requests]
    assert "pressure" in includes[0] and all("pressure" not in asked for asked in includes[1:])
    assert caplog.text.count("does not allow the 'pressure' include") == 1
    fake.then(
        ("body", unnamed["status"], unnamed["body"])
    )  # names nothing: the next dispensable one goes
    await scenario.poll(0)
    assert scenario.provider.dropped == ["pressure", "statistics"]
    assert (await stored())["scores"]["home"] == 1


@pytest.mark.parametrize(
    "index", [0, 1], ids=["legacy single extra-time period", "detailed extra-time periods"]
)
async def test_extra_time_reads_the_same_clock_from_legacy_or_detailed_periods(fake, index):
    scenario = Scenario("extra_time_periods.json", fake)
    await scenario.poll(index)
    snapshot = await stored()
    assert snapshot["elapsed"]["display"] == "108'"
    assert tick(snapshot["clock"], snapshot["serverNow"] + 40_000)["display"] == "109'"
    assert snapshot["clock"]["counts_from"] == 105 and snapshot["clock"]["regular_end"] == 120
