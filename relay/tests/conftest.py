import asyncio

import pytest
from channels.layers import get_channel_layer

from testsupport.replay import set_clock


@pytest.fixture
def room(replay, settings):
    """The replay's room on the in-memory channel layer, emptied of earlier tests' sockets."""
    settings.PRESENCE_COALESCE_S = 0.05
    asyncio.run(get_channel_layer().flush())
    set_clock(replay, sequence=4)  # q1-leader and q1-top-scorer are open
    return replay


@pytest.fixture(autouse=True)
def one_address_many_sockets(settings):
    """In-process sockets all come from one address, so their connection rate is left unlimited
    (tests of that limit set their own). Every other limit is the site's: each test's event loop
    has a node of its own (relay.presence.on_this_loop), its tables empty, as a fresh server's."""
    settings.RELAY_CONNECTS_PER_ADDRESS_PER_S = 10_000
    settings.RELAY_CONNECT_BURST_PER_ADDRESS = 10_000
