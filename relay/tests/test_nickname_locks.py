"""Nickname locks: one owner per name per room, taken by an atomic write, free after the grace."""

import asyncio

import pytest
from django.db import IntegrityError
from django.utils import timezone

from matches.models import Fixture
from relay import services
from relay.models import Player, Presence
from relay.nicknames import parse_nickname
from testsupport.fans import Fan

pytestmark = pytest.mark.django_db(transaction=True)


def opened(fixture, channel):
    """A socket's row, as its node writes it on connect (relay.services.arrive)."""
    Presence.objects.create(
        fixture=fixture, channel_name=channel, node="node-a", heartbeat=timezone.now()
    )


def claim(fixture, channel, name):
    opened(fixture, channel)
    return (
        services.claim_nickname(
            fixture.id, channel, "node-a", parse_nickname(name), None, timezone.now()
        ).player_id
        is not None
    )


def test_the_first_claim_of_a_name_wins_and_the_next_loses(room):
    assert claim(room, "tab-1", "Alice") is True
    assert claim(room, "tab-2", "ALICE") is False
    assert list(Presence.objects.exclude(key=None).values_list("channel_name", "name")) == [
        ("tab-1", "Alice")
    ]


def test_the_lock_is_the_database_constraint_itself(room):
    Player.objects.create(fixture=room, key="alice", name="Alice")
    with pytest.raises(IntegrityError):
        Player.objects.create(fixture=room, key="alice", name="alice")


def test_watchers_without_a_name_never_collide(room):
    for channel in ("a", "b", "c"):
        opened(room, channel)
    assert Presence.objects.filter(key=None).count() == 3


def test_the_same_name_may_be_used_in_another_room(room):
    other = Fixture.objects.create(
        slug="other",
        kind=Fixture.Kind.FEED,
        home_code="A",
        home_name="A",
        away_code="B",
        away_name="B",
    )
    assert claim(room, "tab-1", "Alice") and claim(other, "tab-2", "Alice")


def test_a_fan_whose_row_was_swept_can_still_claim(room):
    # A node cut off from the database long enough to be swept gets its row back on join.
    assert services.claim_nickname(
        room.id, "tab-1", "node-a", parse_nickname("Alice"), None, timezone.now()
    ).player_id
    assert Presence.objects.get(channel_name="tab-1").name == "Alice"


def test_leaving_frees_the_name_after_the_grace(room, settings):
    claim(room, "tab-1", "Alice")
    assert list(services.leave(services.room_context(room.slug), ["tab-1"], timezone.now())) == [
        "Alice"
    ]
    assert claim(room, "tab-2", "alice") is False
    settings.PRESENCE_GRACE_S = 0
    assert claim(room, "tab-3", "alice") is True


async def test_twenty_simultaneous_claims_of_one_name_have_exactly_one_winner(room):
    tabs = [await Fan().connect() for _ in range(20)]
    answers = await asyncio.gather(*(tab.join("Spurs Fan") for tab in tabs))
    assert sorted(answer["type"] for answer in answers) == ["name_taken"] * 19 + ["welcome"]
    assert await Presence.objects.exclude(player=None).acount() == 1
    for tab in tabs:
        await tab.close()
