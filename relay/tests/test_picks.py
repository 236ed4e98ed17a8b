"""Picks through the relay: judged by the server with the engine, stamped, stored, relayed."""

import pytest

from predictions.models import Pick
from relay.tests.helpers import Fan, aset_clock, fan

pytestmark = pytest.mark.django_db(transaction=True)


def pick(prediction="q1-leader", choice="FRA", loop=1, **extra):
    return {"type": "pick", "prediction": prediction, "choice": choice, "loop": loop, **extra}


async def test_a_valid_pick_reaches_everyone_in_the_room_stamped_by_the_server(room):
    watcher = await Fan().connect()
    alice = await fan("Alice")
    await alice.send(pick())
    relayed = await watcher.receive("pick")
    assert {key: relayed[key] for key in ("name", "prediction", "choice", "loop")} == {
        "name": "Alice", "prediction": "q1-leader", "choice": "FRA", "loop": 1,
    }
    assert relayed["at"] >= watcher.hello["serverNow"]
    assert await alice.receive("pick") == relayed  # the sender sees it confirmed too
    await alice.close()
    await watcher.close()


async def test_a_name_inside_a_pick_is_ignored(room):
    alice = await fan("Alice")
    await alice.send(pick(name="Chalk", user="Bob", identity="Bob", nickname="Bob"))
    assert (await alice.receive("pick"))["name"] == "Alice"
    assert await Pick.objects.filter(name="Alice").aexists()
    assert not await Pick.objects.exclude(name="Alice").aexists()
    await alice.close()


async def test_a_pick_before_joining_is_rejected(room):
    watcher = await Fan().connect()
    assert await watcher.ask(pick(), "pick_rejected", "pick") == {
        "type": "pick_rejected", "prediction": "q1-leader", "reason": "not_joined",
    }
    await watcher.close()


@pytest.mark.parametrize(
    "sent, reason",
    [
        (pick(prediction="no-such-question"), "unknown_prediction"),
        (pick(choice="NZL"), "bad_choice"),
        (pick(prediction="q2-winner"), "not_open"),
        (pick(loop=2), "wrong_loop"),
        (pick(loop=0), "wrong_loop"),
    ],
)
async def test_an_invalid_pick_is_rejected_with_its_reason_and_neither_stored_nor_relayed(room, sent, reason):
    watcher = await Fan().connect()
    alice = await fan("Alice")
    answer = await alice.ask(sent, "pick_rejected", "pick")
    assert answer == {"type": "pick_rejected", "prediction": sent["prediction"], "reason": reason}
    assert (await watcher.ask({"type": "ping"}, "pick", "pong"))["type"] == "pong"  # no pick came first
    assert not await Pick.objects.aexists()
    await alice.close()
    await watcher.close()


async def test_it_rejects_a_late_pick(room):
    await aset_clock(room, sequence=12)  # q1-leader locked at 11
    alice = await fan("Alice")
    assert (await alice.ask(pick(), "pick_rejected", "pick"))["reason"] == "locked"
    assert not await Pick.objects.aexists()
    await alice.close()


async def test_no_pick_is_taken_between_loops(room):
    await aset_clock(room, sequence=73, tick_ms=1000, pause_ms=120_000, later_ms=30_000)  # full time
    alice = await fan("Alice")
    assert (await alice.ask(pick(prediction="bronze-winner", choice="FRA"), "pick_rejected", "pick"))["reason"] == "locked"
    await alice.close()


async def test_the_latest_pick_of_a_fan_stands(room):
    alice = await fan("Alice")
    for choice in ("FRA", "AUS", "FRA", "AUS"):
        await alice.ask(pick(choice=choice), "pick")
    assert [(p.name, p.prediction, p.choice) async for p in Pick.objects.all()] == [("Alice", "q1-leader", "AUS")]
    await alice.close()


async def test_a_fan_joining_mid_loop_receives_the_picks_so_far(room):
    alice = await fan("Alice")
    await alice.ask(pick(choice="AUS"), "pick")
    await alice.ask(pick(prediction="q1-top-scorer", choice="mills"), "pick")
    late = await Fan().connect()
    assert [(p["name"], p["prediction"], p["choice"]) for p in late.hello["picks"]] == [
        ("Alice", "q1-leader", "AUS"), ("Alice", "q1-top-scorer", "mills"),
    ]
    welcome = await late.join("Bob")
    assert welcome["picks"] == late.hello["picks"]
    await alice.close()
    await late.close()


async def test_a_fan_who_reconnects_with_their_token_keeps_their_picks(room):
    alice = await Fan().connect()
    token = (await alice.join("Alice"))["token"]
    await alice.ask(pick(choice="AUS"), "pick")
    await alice.close()
    again = await Fan().connect()
    welcome = await again.ask({"type": "join", "name": "Alice", "token": token}, "welcome")
    assert [p["choice"] for p in welcome["picks"]] == ["AUS"]
    await again.close()
