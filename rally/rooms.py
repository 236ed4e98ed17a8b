"""A fixture's room: the channel-layer group every page of that fixture listens on."""

import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

ROOM_EVENT = "room.message"  # handled by the consumer's room_message()


def group_name(slug):
    return f"fixture.{slug}"


async def broadcast(slug, message):
    """Send one protocol message to every socket in the fixture's room, on every node.
    `sent_at` (wall clock, shared by the nodes) lets each delivery measure the broadcast latency."""
    event = {"type": ROOM_EVENT, "message": message, "sent_at": time.time()}
    await get_channel_layer().group_send(group_name(slug), event)


# For a management command in its own process; inside the site's event loop, await broadcast().
broadcast_sync = async_to_sync(broadcast)
