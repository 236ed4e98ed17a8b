"""What keeps a broadcast to a big room cheap (bench/fanout.py measures it)."""

import asyncio
import time

import pytest

from rally import layers
from testsupport.fans import Fan, fan

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_broadcast_reaches_every_socket_without_a_trip_to_the_database_thread_each(
    room, monkeypatch
):
    watchers = [await Fan().connect() for _ in range(10)]
    alice = await fan("Alice")
    checks = []

    async def counted():
        checks.append(1)

    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)
    await alice.send({"type": "pick", "prediction": "q1-leader", "choice": "FRA", "loop": 1})
    for watcher in watchers:
        assert (await watcher.receive("tally"))["counts"] == {"FRA": 1}
    assert checks == []  # no trip to the database thread per socket reached, nor per frame received
    for tab in [alice, *watchers]:
        await tab.close()


async def test_a_burst_of_joins_reaches_a_watcher_as_a_few_presence_messages_that_name_them_all(
    room, settings
):
    settings.PRESENCE_ROSTER_WINDOW_S = 0.2
    burst = 30
    watcher = await Fan().connect()
    fans = [await Fan().connect() for _ in range(burst)]
    await watcher.drain(
        quiet_s=settings.PRESENCE_ROSTER_WINDOW_S + 0.1
    )  # the arrivals' viewer counts
    names = sorted(f"Fan{index:02}" for index in range(burst))
    answers = await asyncio.gather(*(tab.join(name) for tab, name in zip(fans, names)))
    assert {answer["type"] for answer in answers} == {"welcome"}
    seen = []
    await watcher.presence_with(lambda message: seen.append(message) or message["online"] == names)
    assert len(seen) <= burst // 5, [len(message["online"]) for message in seen]
    assert await watcher.nothing(
        settings.PRESENCE_ROSTER_WINDOW_S + 0.1
    )  # no stale roster after the full one
    for tab in [watcher, *fans]:
        await tab.close()


async def test_a_join_in_a_quiet_room_goes_out_at_once_not_at_the_end_of_the_window(
    room, settings, monkeypatch
):
    # No roster sent yet: the relay's roster state belongs to this test's own event loop.
    settings.PRESENCE_COALESCE_S = 10  # the arrivals' viewer counts stay out of the way
    settings.PRESENCE_ROSTER_WINDOW_S = 5
    watcher = await Fan().connect()
    started = time.monotonic()
    alice = await fan("Alice")
    await watcher.presence_with(lambda message: message["online"] == ["Alice"], timeout=2.5)
    assert time.monotonic() - started < settings.PRESENCE_ROSTER_WINDOW_S / 2
    for tab in [watcher, alice]:
        await tab.close()


async def test_the_in_memory_layer_still_expires_messages_but_sweeps_at_most_once_a_second():
    layer = layers.InMemoryChannelLayer(expiry=0.01)
    sweep = {"type": "x"}  # a group send sweeps, as a receive does
    await layer.send("stale", {"type": "x"})
    await asyncio.sleep(0.05)
    await layer.group_send("room", sweep)  # the first sweep drops the expired message
    assert "stale" not in layer.channels
    await layer.send("stale", {"type": "x"})
    await asyncio.sleep(0.05)
    await layer.group_send("room", sweep)  # within the second: no sweep
    assert "stale" in layer.channels
    layer._swept_at -= layers.SWEEP_EVERY_S  # a second later
    await layer.group_send("room", sweep)
    assert "stale" not in layer.channels
