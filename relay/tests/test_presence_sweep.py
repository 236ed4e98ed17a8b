"""Presence outlives no node: heartbeats keep live sockets' rows fresh, the sweeper frees the rest."""

import asyncio
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone

from relay import services, sweeper
from relay.models import Presence
from relay.tests.helpers import Fan, fan
from rally.processes import BACKGROUND_LOOPS, start_background_loops

pytestmark = pytest.mark.django_db(transaction=True)


def ghost(room, name, age_s):
    """A row left by a node that died without disconnecting its sockets, `age_s` ago."""
    return Presence.objects.create(
        fixture=room, channel_name=f"dead-node!{name}", node="dead-node", name=name, key=name.casefold(),
        heartbeat=timezone.now() - timedelta(seconds=age_s),
    )


def test_a_dead_nodes_names_are_free_within_a_minute():
    assert settings.PRESENCE_HEARTBEAT_S * 2 < settings.PRESENCE_STALE_S
    assert settings.PRESENCE_STALE_S + settings.PRESENCE_SWEEP_INTERVAL_S <= 60


def test_the_sweep_deletes_stale_rows_and_keeps_fresh_ones(room):
    ghost(room, "Ghost", age_s=300)
    ghost(room, "Alive", age_s=1)
    changed = services.sweep_stale_presence(timezone.now() - timedelta(seconds=40), timezone.now())
    assert [(fixture_id, slug, list(freed)) for fixture_id, slug, freed in changed] == [(room.id, room.slug, ["Ghost"])]
    assert list(Presence.objects.values_list("name", flat=True)) == ["Alive"]


def test_the_sweep_of_a_quiet_room_changes_nothing(room):
    ghost(room, "Alive", age_s=1)
    assert services.sweep_stale_presence(timezone.now() - timedelta(seconds=40), timezone.now()) == []


async def test_a_swept_name_leaves_the_room_and_can_be_claimed(room):
    await sync_to_async(ghost)(room, "Ghost", 300)
    watcher = await Fan().connect()
    assert watcher.hello["online"] == ["Ghost"]
    await sweeper.sweep()
    presence = await watcher.presence_with(lambda message: "Ghost" not in message["online"])
    assert presence["viewers"] == 1
    assert (await watcher.join("ghost"))["type"] == "welcome"
    await watcher.close()


async def test_live_sockets_keep_their_rows_fresh(room, settings):
    settings.PRESENCE_HEARTBEAT_S = 0.05
    alice = await fan("Alice")
    long_ago = timezone.now() - timedelta(hours=1)
    await Presence.objects.aupdate(heartbeat=long_ago)
    await asyncio.sleep(0.3)
    assert (await Presence.objects.aget(name="Alice")).heartbeat > long_ago
    await alice.close()


def test_the_sweeper_runs_as_a_background_loop_of_the_site():
    assert BACKGROUND_LOOPS["presence"] == ("relay.sweeper.run_forever", "PRESENCE_SWEEP_INTERVAL_S")


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
