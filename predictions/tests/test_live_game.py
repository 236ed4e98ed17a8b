"""Playing along on live football, on one node: the recorded Man City–QPR match behind the local
fake SportMonks, polled through the real client, fans on the relay's real consumer."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from matches.models import Fixture
from predictions import live
from predictions.livegame import DEFAULT_TEMPLATES
from predictions.models import LivePrediction, Pick, PredictionTemplate
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.fans import Fan
from testsupport.football import Match

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "mci-v-qpr-90120513"
ZABALETA = 38 * 60 + 31  # match seconds: the 39th minute, City 1-0


@pytest.fixture(autouse=True)
def templates(db):
    """The migration's templates (a transactional test before this one flushed them)."""
    for fields in DEFAULT_TEMPLATES:
        PredictionTemplate.objects.get_or_create(key=fields["key"], defaults=fields)


@pytest.fixture
def match():
    with FakeSportMonks() as fake:
        yield Match(fake)


async def fan(name):
    tab = await Fan(f"/ws/matches/{SLUG}/").connect()
    assert (await tab.join(name))["type"] == "welcome"
    return tab


def pick(prediction, choice, loop=1):
    return {"type": "pick", "prediction": prediction, "choice": choice, "loop": loop}


async def get(path):
    response = await sync_to_async(Client().get)(path)
    return response.status_code, json.loads(response.content)


async def test_a_goal_reaches_the_page_before_the_answer_it_decides(match):
    """One pass per feed change, in one order: the COMPOSITE_UPDATE with Zabaleta's goal first,
    then the round it settles, the round it opens and the standings."""
    await match.at(10).poll()
    alice = await fan("Alice")
    await alice.ask(pick("next-goal-1", "home"), "pick")
    await match.at(ZABALETA).poll()
    order = []
    while len(order) < 4:
        message = await alice.receive("COMPOSITE_UPDATE", "prediction_update", "standings")
        order.append((message["type"], (message.get("prediction") or {}).get("status")))
    assert order[0] == ("COMPOSITE_UPDATE", None)
    assert sorted(order[1:3]) == [("prediction_update", "open"), ("prediction_update", "resolved")]
    assert order[3] == ("standings", None)


async def test_the_fan_who_backed_the_next_goal_leads_the_standings(match):
    await match.at(10).poll()  # 1': kick-off
    alice, bob = await fan("Alice"), await fan("Bob")
    [round_one] = [p for p in alice.hello["predictions"] if p["id"] == "next-goal-1"]
    assert round_one["status"] == "open"
    assert [o["label"] for o in round_one["options"]] == [
        "Manchester City",
        "Queens Park Rangers",
        "No more goals",
    ]
    assert (await alice.ask(pick("next-goal-1", "home"), "pick"))["choice"] == "home"
    assert (await bob.ask(pick("next-goal-1", "away"), "pick"))["choice"] == "away"
    while (await bob.receive("tally"))["counts"] != {"home": 1, "away": 1}:
        pass

    await match.at(ZABALETA).poll()
    updates = [await alice.receive("prediction_update"), await alice.receive("prediction_update")]
    assert {
        (u["prediction"]["id"], u["prediction"]["status"], u["prediction"]["answer"])
        for u in updates
    } == {("next-goal-1", "resolved", "home"), ("next-goal-39", "open", None)}
    standings = await alice.receive("standings")  # the room is told once, by whoever settled
    assert standings["resolved"] == ["next-goal-1"] and standings["players"] == 2
    assert [(row["name"], row["points"], row["rank"]) for row in standings["top"]] == [
        ("Alice", 5, 1),
        ("Bob", 0, 2),
    ]
    status, body = await get(f"/api/matches/{SLUG}/standings")
    assert status == 200 and body["results"]["next-goal-1"] == "home"
    assert [(row["name"], row["points"], row["rank"]) for row in body["standings"]] == [
        ("Alice", 5, 1),
        ("Bob", 0, 2),
    ]
    await alice.close()
    await bob.close()


async def test_the_fan_who_backed_the_home_win_before_kick_off_leads_at_full_time(match):
    await match.at(-30).poll()
    alice, bob = await fan("Alice"), await fan("Bob")
    await alice.ask(pick("full-time-result", "home"), "pick")
    await bob.ask(pick("full-time-result", "away"), "pick")
    await match.at(62 * 60 + 50 * 60).poll()  # full time, 3-2: read once, perhaps extra time next
    _, body = await get(f"/api/matches/{SLUG}/standings")
    assert "full-time-result" not in body["results"]
    await match.at(62 * 60 + 51 * 60).poll()  # still full time a minute later: final
    _, body = await get(f"/api/matches/{SLUG}/standings")
    assert body["results"]["full-time-result"] == "home"
    assert [(row["name"], row["rank"]) for row in body["standings"]] == [("Alice", 1), ("Bob", 2)]
    await alice.close()
    await bob.close()


async def test_a_late_pick_is_rejected_and_never_relayed(match):
    await match.at(10).poll()
    alice, bob = await fan("Alice"), await fan("Bob")
    await match.at(8 * 60).poll()  # 9': the first round locked at 6'
    await bob.drain(0.3)
    assert await alice.ask(pick("next-goal-1", "home"), "pick_rejected") == {
        "type": "pick_rejected",
        "prediction": "next-goal-1",
        "reason": "locked",
    }
    assert await alice.ask(pick("full-time-result", "home"), "pick_rejected") == {
        "type": "pick_rejected",
        "prediction": "full-time-result",
        "reason": "unknown_prediction",
    }
    assert await bob.nothing() and await sync_to_async(Pick.objects.count)() == 0
    await alice.close()
    await bob.close()


async def test_bad_picks_get_clear_reasons_and_nothing_is_stored(match):
    await match.at(10).poll()
    alice = await fan("Alice")
    watcher = await Fan(f"/ws/matches/{SLUG}/").connect()
    cases = [
        (watcher, pick("next-goal-1", "home"), "not_joined"),
        (alice, pick("next-goal-99", "home"), "unknown_prediction"),
        (alice, pick("next-goal-1", "draw"), "bad_choice"),
        (alice, pick("next-goal-1", "home", loop=2), "wrong_loop"),
    ]
    for tab, frame, reason in cases:
        assert (await tab.ask(frame, "pick_rejected"))["reason"] == reason
    assert await sync_to_async(Pick.objects.count)() == 0
    await alice.close()
    await watcher.close()


async def test_a_fan_joining_later_gets_the_share_so_far_and_the_predictions(match):
    await match.at(10).poll()
    alice = await fan("Alice")
    await alice.ask(pick("next-goal-1", "away"), "pick")
    late = await Fan(f"/ws/matches/{SLUG}/").connect()
    assert [(t["prediction"], t["counts"]) for t in late.hello["tallies"]] == [
        ("next-goal-1", {"away": 1})
    ]
    welcome = await late.join("Carol")
    assert welcome["picks"] == []  # Carol's own: none yet
    assert {p["id"] for p in welcome["predictions"]} == {"next-goal-1", "late-goal"}
    await alice.close()
    await late.close()


async def test_the_predictions_api_lists_the_open_round_naming_the_teams(match):
    await match.at(10).poll()
    await sync_to_async(stored_minutes_ago)(
        7
    )  # 8' now: no poll stored anything since the round locked at 6'
    status, body = await get(f"/api/matches/{SLUG}/predictions")
    assert status == 200
    by_id = {p["id"]: p for p in body}
    assert by_id["next-goal-1"]["status"] == "locked"
    assert by_id["next-goal-6"]["status"] == "open"  # made by this read: the round opened at 6'
    assert set(by_id["late-goal"]) >= {"id", "question", "options", "status", "answer"}
    assert (
        by_id["late-goal"]["question"]
        == "A goal after the 85th minute in Manchester City v Queens Park Rangers?"
    )


def stored_minutes_ago(minutes):
    fixture = Fixture.objects.get(slug=SLUG)
    fixture.snapshot["serverNow"] -= minutes * 60_000
    fixture.snapshot["clock"]["started_ms"] -= minutes * 60_000  # the match clock ran on since
    fixture.save()


async def test_a_replay_has_no_live_predictions(replay):
    status, body = await get("/api/matches/fiba-2019-bronze/predictions")
    assert status == 404 and body["error"] == "not_a_feed_fixture"


async def test_two_pollers_settling_the_same_fixture_announce_it_once(match):
    await match.at(10).poll()
    await match.at(ZABALETA).poll()  # settles next-goal-1 once
    fixture = await sync_to_async(Fixture.objects.get)(slug=SLUG)

    def settle_from_stale_rows():
        stale = list(LivePrediction.objects.filter(fixture=fixture))
        for row in stale:
            row.status = (
                LivePrediction.Status.PENDING
            )  # as a second poller read it before the first wrote
        return live._settle(stale, fixture.snapshot)

    assert await sync_to_async(settle_from_stale_rows)() == []


async def test_a_template_switched_off_makes_no_more_questions(match):
    await sync_to_async(PredictionTemplate.objects.filter(key="next-goal").update)(enabled=False)
    await match.at(10).poll()
    keys = await sync_to_async(
        lambda: sorted(LivePrediction.objects.values_list("key", flat=True))
    )()
    assert keys == ["late-goal"]
