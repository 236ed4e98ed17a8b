"""Presence outlives no node: a node's heartbeat keeps its sockets' rows, the sweeper frees the rest."""

import asyncio
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone

from rally.processes import BACKGROUND_LOOPS, start_background_loops
from relay import services, sweeper
from relay.models import NodeHeartbeat, Presence
from relay.presence import NODE_ID
from testsupport.fans import Fan, fan

pytestmark = pytest.mark.django_db(transaction=True)


def ghost(room, name, age_s, node="dead-node"):
    """A row written `age_s` ago by `node` (by default one that died without disconnecting its sockets)."""
    return Presence.objects.create(
        fixture=room,
        channel_name=f"{node}!{name}",
        node=node,
        name=name,
        key=name.casefold(),
        heartbeat=timezone.now() - timedelta(seconds=age_s),
    )


def sweep():
    return services.sweep_stale_presence(timezone.now() - timedelta(seconds=40), timezone.now())


def test_a_dead_nodes_names_are_free_within_a_minute():
    assert settings.PRESENCE_HEARTBEAT_S * 2 < settings.PRESENCE_STALE_S
    assert settings.PRESENCE_STALE_S + settings.PRESENCE_SWEEP_INTERVAL_S <= 60


def test_the_sweep_deletes_stale_rows_and_keeps_fresh_ones(room):
    ghost(room, "Ghost", age_s=300)
    ghost(room, "Alive", age_s=1)
    changed = sweep()
    assert [(fixture_id, slug, list(freed)) for fixture_id, slug, freed in changed] == [
        (room.id, room.slug, ["Ghost"])
    ]
    assert list(Presence.objects.values_list("name", flat=True)) == ["Alive"]


def test_the_sweep_of_a_quiet_room_changes_nothing(room):
    ghost(room, "Alive", age_s=1)
    assert sweep() == []


def test_a_beating_nodes_rows_stay_however_old_and_a_dead_nodes_beat_is_forgotten(room):
    NodeHeartbeat.objects.create(node="live-node", beat_at=timezone.now())
    NodeHeartbeat.objects.create(node="dead-node", beat_at=timezone.now() - timedelta(seconds=300))
    ghost(room, "Alive", age_s=300, node="live-node")
    ghost(room, "Ghost", age_s=300)
    sweep()
    assert list(Presence.objects.values_list("name", flat=True)) == ["Alive"]
    assert list(NodeHeartbeat.objects.values_list("node", flat=True)) == ["live-node"]


async def test_a_swept_name_leaves_the_room_and_can_be_claimed(room):
    await sync_to_async(ghost)(room, "Ghost", 300)
    watcher = await Fan().connect()
    assert watcher.hello["online"] == ["Ghost"]
    await sweeper.sweep()
    presence = await watcher.presence_with(lambda message: "Ghost" not in message["online"])
    assert presence["viewers"] == 1
    assert (await watcher.join("ghost"))["type"] == "welcome"
    await watcher.close()


async def test_a_node_beats_while_it_has_sockets_and_keeps_their_rows_past_the_stale_time(
    room, settings
):
    settings.PRESENCE_HEARTBEAT_S = 0.05
    alice = await fan("Alice")
    await Presence.objects.aupdate(heartbeat=timezone.now() - timedelta(hours=1))
    await asyncio.sleep(0.2)
    await sweeper.sweep()
    assert [name async for name in Presence.objects.values_list("name", flat=True)] == ["Alice"]
    await alice.close()
    await asyncio.sleep(0.2)  # its heartbeat stops within an interval
    last_beat = (await NodeHeartbeat.objects.aget(node=NODE_ID)).beat_at
    await asyncio.sleep(0.2)
    assert (await NodeHeartbeat.objects.aget(node=NODE_ID)).beat_at == last_beat


def test_the_sweeper_runs_as_a_background_loop_of_the_site():
    assert BACKGROUND_LOOPS["presence"] == (
        "relay.sweeper.run_forever",
        "PRESENCE_SWEEP_INTERVAL_S",
    )


async def test_the_background_loop_sweeps(room, settings):
    settings.PRESENCE_SWEEP_INTERVAL_S = 0.05
    await sync_to_async(ghost)(room, "Ghost", 300)
    stop = asyncio.Event()
    tasks = start_background_loops(stop, ["presence"])
    for _ in range(50):
        await asyncio.sleep(0.05)
        if not await Presence.objects.aexists():
            break
    stop.set()
    await asyncio.gather(*tasks)
    assert not await Presence.objects.aexists()


async def test_after_an_outage_a_socket_whose_row_was_swept_reconnects_and_the_rest_stay(room):
    from relay.presence import on_this_loop
    from testsupport.fans import outputs_until_close

    alice, bob = await fan("Alice"), await fan("Bob")
    await Presence.objects.filter(name="Alice").adelete()  # swept while its node was away
    await on_this_loop().reassert()
    _, code = await outputs_until_close(alice)
    assert code == 1011, "its page reconnects and rejoins with its token"
    assert (await bob.ask({"type": "ping"}, "pong"))["type"] == "pong", (
        "a socket with its row stays"
    )
    await bob.close()
