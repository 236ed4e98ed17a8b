"""What keeps a broadcast to a big room cheap (bench/fanout.py measures it)."""

import asyncio

import pytest

from predictions.tests.helpers import Fan, fan
from rally import layers

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_broadcast_reaches_every_socket_without_a_trip_to_the_database_thread_each(room, monkeypatch):
    watchers = [await Fan().connect() for _ in range(10)]
    alice = await fan("Alice")
    checks = []

    async def counted():
        checks.append(1)

    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)
    await alice.send({"type": "pick", "prediction": "q1-leader", "choice": "FRA", "loop": 1})
    for watcher in watchers:
        assert (await watcher.receive("pick"))["name"] == "Alice"
    assert len(checks) == 1  # the sender's own frame, not one per socket reached
    for tab in [alice, *watchers]:
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
