"""A big room: presence travels as diffs, a newcomer's hello is capped, versions only go forward."""

import json

import pytest
from django.utils import timezone

from relay.models import Presence
from relay.services import HELLO_NAMES
from testsupport.fans import Fan, fan

pytestmark = pytest.mark.django_db(transaction=True)


def seat_named_fans(room, count):
    now = timezone.now()
    Presence.objects.bulk_create(
        Presence(
            fixture=room,
            channel_name=f"elsewhere-{i}",
            node="other",
            name=f"Fan{i:05d}",
            key=f"fan{i:05d}",
            heartbeat=now,
        )
        for i in range(count)
    )


async def test_a_newcomer_to_a_big_room_is_greeted_with_the_first_names_and_the_total(room):
    await seat_named_fans_async(room, 250)
    watcher = await Fan().connect()
    assert watcher.hello["online"] == [f"Fan{i:05d}" for i in range(HELLO_NAMES)]
    assert (watcher.hello["named"], watcher.hello["viewers"]) == (250, 251)
    await watcher.close()


async def test_one_more_join_in_a_big_room_costs_each_watcher_well_under_a_kilobyte(room):
    await seat_named_fans_async(room, 250)
    watcher = await Fan().connect()
    await watcher.drain(0.3)
    sizes = []
    watcher.noted = lambda message, noted=watcher.noted: (
        sizes.append(len(json.dumps(message))) or noted(message)
    )
    newcomer = await fan("Newcomer")
    roster = await watcher.presence_with(lambda roster: "Newcomer" in roster["online"])
    assert roster["named"] == 251
    await watcher.drain(0.5)  # the newcomer's socket arriving changed the viewer count too
    assert 0 < sum(sizes) < 1024, sizes
    await newcomer.close()
    await watcher.close()


async def test_a_watchers_roster_version_never_goes_backwards_and_ends_as_the_servers(room):
    watcher = await Fan().connect()
    versions = []
    watcher.noted = lambda message, noted=watcher.noted: (
        versions.append(watcher.roster.version) or noted(message)
    )
    fans = [await fan(f"Fan{i}") for i in range(8)]
    for leaving in fans[::2]:
        await leaving.close()
    roster = await watcher.presence_with(
        lambda roster: (
            roster["online"] == ["Fan1", "Fan3", "Fan5", "Fan7"] and roster["viewers"] == 5
        )
    )
    assert roster["named"] == 4
    assert versions == sorted(versions)
    for tab in [watcher, *fans[1::2]]:
        await tab.close()


async def test_an_owners_two_tabs_are_named_once_and_the_name_stays_while_one_is_open(room):
    watcher = await Fan().connect()
    first = await Fan().connect()
    token = (await first.join("Alice"))["token"]
    second = await Fan().connect()
    assert (await second.join("alice", token))["name"] == "Alice"
    assert (await watcher.presence_with(lambda roster: roster["viewers"] == 3)) | {
        "version": 0
    } == {"online": ["Alice"], "named": 1, "viewers": 3, "version": 0}
    await first.close()
    roster = await watcher.presence_with(lambda roster: roster["viewers"] == 2)
    assert (roster["online"], roster["named"]) == (["Alice"], 1)
    await second.close()
    roster = await watcher.presence_with(lambda roster: roster["online"] == [])
    assert (roster["named"], roster["viewers"]) == (0, 1)
    await watcher.close()


async def test_a_fan_changing_name_leaves_the_roster_under_the_old_one(room):
    watcher = await Fan().connect()
    alice = await fan("Alice")
    await watcher.presence_with(lambda roster: roster["online"] == ["Alice"])
    assert (await alice.join("Alicia"))["name"] == "Alicia"
    roster = await watcher.presence_with(lambda roster: roster["online"] == ["Alicia"])
    assert roster["named"] == 1
    await alice.close()
    await watcher.close()


async def seat_named_fans_async(room, count):
    from channels.db import database_sync_to_async

    await database_sync_to_async(seat_named_fans)(room, count)
