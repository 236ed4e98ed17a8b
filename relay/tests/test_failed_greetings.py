"""Issue 24: a socket accepted but never greeted (its hello could not be read or sent) leaves
nothing behind — no subscription, presence row, gauge, socket set or address slot — and is
closed 1011 so its page retries with backoff. The live node's version (an oversized hello over
daphne's 64 KiB limit) is in rally/tests/test_hostile_run.py."""

import asyncio
import json

import pytest

from matches.models import Fixture
from rally import metrics
from rally.rooms import group_name
from relay.crowd import Crowd
from relay.models import Presence
from relay.presence import NODE_ID, on_this_loop
from testsupport.fans import Fan, fan, outputs_until_close
from testsupport.roster import Roster

pytestmark = pytest.mark.django_db(transaction=True)
FAILED_CONNECTS = (
    105  # over RELAY_MAX_SOCKETS_PER_ADDRESS (100): one leaked slot each would lock the address out
)
BROKEN = "broken-snapshot"


@pytest.fixture
def broken_room(room):
    """A feed fixture whose stored snapshot is not an object: reading its predictions for the
    hello fails (a real fault in the data, not a mock)."""
    return Fixture.objects.create(
        slug=BROKEN,
        kind=Fixture.Kind.FEED,
        home_code="AAA",
        home_name="Home",
        away_code="BBB",
        away_name="Away",
        snapshot={"state": "not an object"},
    )


def gauge(slug):
    return metrics.SOCKETS.labels(slug, NODE_ID)._value.get()


async def test_failed_greetings_leave_no_slot_row_gauge_or_set_behind(broken_room):
    for _ in range(FAILED_CONNECTS):
        socket = Fan(path=f"/ws/matches/{BROKEN}/")
        connected, _ = await socket.socket.connect()
        assert connected
        messages, code = await outputs_until_close(socket)
        assert (messages, code) == ([], 1011), "no hello, and a close the page retries with backoff"
    node = on_this_loop()
    assert node.limits.addresses._sockets == {}, "every address slot was given back"
    assert not await Presence.objects.filter(fixture=broken_room).aexists(), "no presence row stays"
    assert gauge(BROKEN) == 0
    assert broken_room.id not in node.sockets and not node.live
    assert group_name(BROKEN) not in node.fanout.subscriptions, (
        "the room's subscription went with its last socket"
    )
    greeted = await fan("Ana")  # the address is not locked out of the node's other rooms
    assert greeted.hello["type"] == "hello"
    await greeted.close()


async def test_a_diff_made_while_a_socket_is_greeted_follows_its_hello(room, monkeypatch):
    """The newcomer joins the room's subscription before its hello is read; a name that joins
    meanwhile reaches it after the hello (never before it, and never lost)."""
    feed = await Fixture.objects.acreate(
        slug="slow-greeting",
        kind=Fixture.Kind.FEED,
        home_code="AAA",
        home_name="Home",
        away_code="BBB",
        away_name="Away",
    )
    watcher = Fan(path=f"/ws/matches/{feed.slug}/")
    await watcher.connect()
    read_arrival = Crowd._arrive

    async def slow_arrival(
        crowd, room, channel_names
    ):  # the hello's read comes back late (a busy node)
        greeting = await read_arrival(crowd, room, channel_names)
        await asyncio.sleep(0.5)
        return greeting

    monkeypatch.setattr(Crowd, "_arrive", slow_arrival)
    newcomer = Fan(path=f"/ws/matches/{feed.slug}/")
    connected, _ = await newcomer.socket.connect(timeout=5)
    assert connected
    assert (await watcher.join("Bea"))["type"] == "welcome"  # while the newcomer's hello is read
    first = json.loads(await newcomer.socket.receive_from(5))
    assert first["type"] == "hello", first
    newcomer.hello, newcomer.roster = first, Roster(first)
    roster = await newcomer.presence_with(lambda roster: "Bea" in roster["online"], timeout=3)
    assert roster["named"] == 1
    await watcher.close()
    await newcomer.close()
