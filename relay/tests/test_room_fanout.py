"""A room's messages reach a node once and its sockets from there (relay/fanout.py)."""

import asyncio

import pytest
from channels.layers import get_channel_layer

from rally.rooms import broadcast, group_name
from relay.fanout import RoomFanout
from relay.presence import on_this_loop
from testsupport.fans import SLUG, Fan, fan

GROUP = "fixture.room"


class Socket:
    """What the fan-out needs of a consumer: a handler per message type."""

    def __init__(self):
        self.received = asyncio.Queue()

    async def room_message(self, event):
        await self.received.put(event["text"])


class BrokenSocket:
    def __init__(self):
        self.closed_with = None

    async def room_message(self, event):
        raise RuntimeError("this socket cannot take it")

    async def close(self, code):
        self.closed_with = code


@pytest.fixture(params=["in-memory", "redis pub/sub"])
def layer(request, settings):
    """Each layer the site runs on: the embedded default's, and Redis pub/sub for real."""
    if request.param == "redis pub/sub":
        url = request.getfixturevalue("redis_url")
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [url], "prefix": f"test-{request.node.name}"},
            }
        }
    return request.param


async def heard(socket, timeout=2):
    return await asyncio.wait_for(socket.received.get(), timeout)


@pytest.mark.django_db(transaction=True)
async def test_a_room_is_one_member_of_its_group_however_many_sockets_are_in_it(room):
    tabs = [await Fan().connect() for _ in range(5)]
    alice = await fan("Alice")
    assert len(get_channel_layer().groups[group_name(SLUG)]) == 1
    await broadcast(SLUG, {"type": "note", "text": "Tip-off"})
    for tab in [*tabs, alice]:
        assert (await tab.receive("note"))["text"] == "Tip-off"
    for tab in [*tabs, alice]:
        await tab.close()
    assert group_name(SLUG) not in get_channel_layer().groups  # the last socket out closes it
    assert not on_this_loop().fanout.subscriptions


@pytest.mark.django_db(transaction=True)
async def test_a_burst_of_room_messages_sent_faster_than_the_node_writes_them_reaches_every_socket(
    room,
):
    tabs = [await Fan().connect() for _ in range(3)]
    burst = [str(index) for index in range(500)]
    for text in burst:  # nothing here lets the node's subscription run in between
        await broadcast(SLUG, {"type": "note", "text": text})
    for tab in tabs:
        assert [(await tab.receive("note"))["text"] for _ in burst] == burst
    for tab in tabs:
        await tab.close()


async def test_a_socket_that_fails_to_take_a_message_is_closed_and_the_others_get_it(layer):
    fanout, first, broken, last = RoomFanout(), Socket(), BrokenSocket(), Socket()
    for socket in (first, broken, last):
        await fanout.add(GROUP, socket)
    await get_channel_layer().group_send(GROUP, {"type": "room.message", "text": "Tip-off"})
    assert [await heard(first), await heard(last)] == ["Tip-off", "Tip-off"]
    await asyncio.sleep(0)
    assert (
        broken.closed_with == 1011
    )  # its page reconnects, rather than waiting on a socket that missed news
    for socket in (first, broken, last):
        await fanout.discard(GROUP, socket)


async def test_a_socket_arriving_as_the_last_one_leaves_still_hears_the_room(layer):
    fanout, leaving, arriving = RoomFanout(), Socket(), Socket()
    await fanout.add(GROUP, leaving)
    leave = asyncio.ensure_future(fanout.discard(GROUP, leaving))
    await asyncio.sleep(0)  # the room's subscription is closing
    await fanout.add(GROUP, arriving)
    await leave
    await get_channel_layer().group_send(GROUP, {"type": "room.message", "text": "Tip-off"})
    assert await heard(arriving) == "Tip-off"
    assert leaving.received.empty()
    await fanout.discard(GROUP, arriving)


async def test_a_room_left_by_every_socket_is_unsubscribed(layer):
    fanout, socket = RoomFanout(), Socket()
    await fanout.add(GROUP, socket)
    channel = fanout.subscriptions[GROUP].channel
    await fanout.discard(GROUP, socket)
    assert GROUP not in fanout.subscriptions
    await get_channel_layer().group_send(GROUP, {"type": "room.message", "text": "Tip-off"})
    await asyncio.sleep(0.2)
    assert socket.received.empty()
    assert all(channel not in members for members in get_channel_layer().groups.values())


async def test_of_many_newest_states_a_socket_is_written_only_the_newest_a_few_times_a_second(
    layer, settings
):
    settings.RELAY_TALLY_WINDOW_S = 0.25
    fanout, socket = RoomFanout(), Socket()
    await fanout.add(GROUP, socket)
    layer_ = get_channel_layer()
    # Ten nodes' tallies of one prediction over a second, out of order: versions 1..40, 7 late.
    versions = [*range(1, 7), *range(8, 41), 7]
    for version in versions:
        await layer_.group_send(
            GROUP,
            {
                "type": "room.message",
                "text": f"v{version}",
                "latest": "tally:1:q",
                "version": version,
            },
        )
        await asyncio.sleep(1 / len(versions))
    await asyncio.sleep(0.5)
    written = []
    while not socket.received.empty():
        written.append(await heard(socket))
    assert written[-1] == "v40", "the newest state is written last, and an older one never after it"
    assert len(written) <= 1 / 0.25 + 2, f"a few writes a second, not one per message: {written}"
    assert [int(text[1:]) for text in written] == sorted(int(text[1:]) for text in written)
    await fanout.discard(GROUP, socket)
