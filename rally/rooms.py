"""A fixture's room: the channel-layer group every page of that fixture listens on."""

import json
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

ROOM_EVENT = "room.message"  # handled by the consumer's room_message()


def group_name(slug):
    return f"fixture.{slug}"


def encode(message):
    """A protocol message as the text a socket is sent (a broadcast's, once for the whole room)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


async def broadcast(slug, message, latest=None):
    """Send one protocol message to every socket in the fixture's room, on every node, encoded once.
    `sent_at` (wall clock, shared by the nodes) lets each delivery measure the broadcast latency.
    `latest`: a key naming what the message is the newest state of (its `version` orders them):
    a node may write only the newest of such messages to its sockets (relay.fanout)."""
    event = {"type": ROOM_EVENT, "text": encode(message), "sent_at": time.time()}
    if latest is not None:
        event.update(latest=latest, version=message["version"])
    await get_channel_layer().group_send(group_name(slug), event)


# For a management command in its own process; inside the site's event loop, await broadcast().
broadcast_sync = async_to_sync(broadcast)
