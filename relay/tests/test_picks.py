"""Picks through the relay: judged by the server with the engine, stamped, stored in batches,
confirmed to their sender, and heard by the room as a share (`tally`), never vote by vote."""

import json

import pytest

from predictions.models import Pick
from testsupport.fans import Fan, fan
from testsupport.replay import aset_clock
from testsupport.site import ONE_ADDRESS_MANY_FANS

pytestmark = pytest.mark.django_db(transaction=True)


def pick(prediction="q1-leader", choice="FRA", loop=1, **extra):
    return {"type": "pick", "prediction": prediction, "choice": choice, "loop": loop, **extra}


async def test_a_valid_pick_is_confirmed_to_its_sender_stamped_by_the_server(room):
    alice = await fan("Alice")
    confirmed = await alice.ask(pick(), "pick")
    assert {key: confirmed[key] for key in ("name", "prediction", "choice", "loop")} == {
        "name": "Alice",
        "prediction": "q1-leader",
        "choice": "FRA",
        "loop": 1,
    }
    assert confirmed["at"] >= alice.hello["serverNow"]
    assert await Pick.objects.filter(name="Alice", choice="FRA").aexists()  # confirmed means kept
    await alice.close()


async def test_the_room_hears_the_share_not_the_pick(room):
    watcher = await Fan().connect()
    alice, bob = await fan("Alice"), await fan("Bob")
    await alice.ask(pick(choice="AUS"), "pick")
    await bob.ask(pick(choice="FRA"), "pick")
    seen = []
    while (tally := seen[-1] if seen else None) is None or tally["total"] < 2:
        message = await watcher.receive("tally", "pick")
        assert message["type"] == "tally", "a watcher is never sent another fan's pick"
        seen.append(message)
    assert tally == {
        "type": "tally",
        "loop": 1,
        "prediction": "q1-leader",
        "counts": {"AUS": 1, "FRA": 1},
        "total": 2,
        "version": tally["version"],
    }
    assert [m["version"] for m in seen] == sorted({m["version"] for m in seen})  # newer each time
    for someone in (alice, bob, watcher):
        await someone.close()


async def test_a_changed_mind_moves_the_share(room):
    watcher = await Fan().connect()
    alice = await fan("Alice")
    await alice.ask(pick(choice="AUS"), "pick")
    await alice.ask(pick(choice="FRA"), "pick")
    while (tally := await watcher.receive("tally"))["counts"] != {"FRA": 1}:
        assert tally["counts"] == {"AUS": 1}
    assert tally["total"] == 1
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
        "type": "pick_rejected",
        "prediction": "q1-leader",
        "reason": "not_joined",
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
async def test_an_invalid_pick_is_rejected_with_its_reason_and_neither_stored_nor_relayed(
    room, sent, reason
):
    watcher = await Fan().connect()
    alice = await fan("Alice")
    answer = await alice.ask(sent, "pick_rejected", "pick")
    assert answer == {"type": "pick_rejected", "prediction": sent["prediction"], "reason": reason}
    assert (await watcher.ask({"type": "ping"}, "tally", "pick", "pong"))[
        "type"
    ] == "pong"  # nothing counted
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
    await aset_clock(
        room, sequence=73, tick_ms=1000, pause_ms=120_000, later_ms=30_000
    )  # full time
    alice = await fan("Alice")
    assert (
        await alice.ask(pick(prediction="bronze-winner", choice="FRA"), "pick_rejected", "pick")
    )["reason"] == "locked"
    await alice.close()


async def test_the_latest_pick_of_a_fan_stands(room):
    alice = await fan("Alice")
    for choice in ("FRA", "AUS", "FRA", "AUS"):
        await alice.ask(pick(choice=choice), "pick")
    assert [(p.name, p.prediction, p.choice) async for p in Pick.objects.all()] == [
        ("Alice", "q1-leader", "AUS")
    ]
    await alice.close()


async def test_a_fan_arriving_mid_loop_is_greeted_with_the_share_so_far_not_the_picks(room):
    alice, bob = await fan("Alice"), await fan("Bob")
    await alice.ask(pick(choice="AUS"), "pick")
    await bob.ask(pick(choice="AUS"), "pick")
    await alice.ask(pick(prediction="q1-top-scorer", choice="mills"), "pick")
    late = await Fan().connect()
    assert "picks" not in late.hello
    assert {t["prediction"]: (t["counts"], t["total"]) for t in late.hello["tallies"]} == {
        "q1-leader": ({"AUS": 2}, 2),
        "q1-top-scorer": ({"mills": 1}, 1),
    }
    welcome = await late.join("Cy")
    assert welcome["picks"] == []  # a fan is sent its own picks, nobody else's
    assert welcome["tallies"] == late.hello["tallies"]
    for someone in (alice, bob, late):
        await someone.close()


async def test_a_fan_who_reconnects_with_their_token_keeps_their_picks(room):
    alice = await Fan().connect()
    token = (await alice.join("Alice"))["token"]
    await alice.ask(pick(choice="AUS"), "pick")
    await alice.close()
    again = await Fan().connect()
    welcome = await again.ask({"type": "join", "name": "Alice", "token": token}, "welcome")
    assert [p["choice"] for p in welcome["picks"]] == ["AUS"]
    await again.close()


async def test_a_crowd_picking_at_once_is_each_confirmed_stored_once_and_heard_as_a_few_tallies(
    room, settings
):
    for (
        name,
        value,
    ) in ONE_ADDRESS_MANY_FANS.items():  # in-process fans share one address, as a benchmark's
        setattr(settings, name, int(value))
    watcher = await Fan().connect()
    crowd = [await fan(f"Fan {index}") for index in range(150)]
    choices = ["FRA" if index % 3 else "AUS" for index in range(len(crowd))]
    for member, choice in zip(crowd, choices):
        await member.send(pick(choice=choice))
    confirmed = [await member.receive("pick") for member in crowd]
    assert [c["choice"] for c in confirmed] == choices
    assert [c["name"] for c in confirmed] == [f"Fan {index}" for index in range(len(crowd))]
    assert await Pick.objects.acount() == len(crowd)
    truth = {"FRA": choices.count("FRA"), "AUS": choices.count("AUS")}
    tallies = []
    while not tallies or tallies[-1]["counts"] != truth:
        tallies.append(await watcher.receive("tally"))
    assert len(tallies) <= 5, "the room hears the crowd a few times, not once per pick"
    while not await watcher.nothing(0.5):  # the room goes quiet with no tally after the truth
        assert (await watcher.receive())["type"] != "tally"
    for someone in (*crowd, watcher):
        await someone.close()


async def test_the_greeting_carries_the_standings_summary(room):
    alice = await Fan().connect()
    standings = alice.hello["standings"]
    assert (
        standings["type"] == "standings" and standings["loop"] == 1 and standings["resolved"] == []
    )
    assert [row["name"] for row in standings["top"]] == [
        "Chalk",
        "Flip",
        "Rebel",
    ]  # the bots, level at 0
    assert standings["players"] == 3 and standings["points"] == [[0, 3]]
    await alice.close()


async def test_a_busy_room_greets_a_newcomer_in_a_message_that_does_not_grow_with_the_crowd(room):
    from asgiref.sync import sync_to_async

    from testsupport.replay import keep_pick

    def crowd_picks(count):
        for index in range(count):
            keep_pick(room, f"Fan {index}", "q1-leader", "FRA" if index % 2 else "AUS", 1)
            keep_pick(room, f"Fan {index}", "q1-top-scorer", "mills", 1)

    await sync_to_async(crowd_picks)(700)  # 1,400 picks: the hello that listed them passed 64 KiB
    newcomer = await Fan().connect()
    assert len(json.dumps(newcomer.hello)) < 4096
    assert {t["prediction"]: t["total"] for t in newcomer.hello["tallies"]} == {
        "q1-leader": 700,
        "q1-top-scorer": 700,
    }
    assert newcomer.hello["standings"]["players"] == 703  # every fan who picked, and the bots
    await newcomer.close()
