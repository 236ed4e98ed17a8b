import asyncio

import pytest
from channels.layers import get_channel_layer

from predictions.tests.helpers import set_clock


@pytest.fixture
def room(replay, settings):
    """The replay's room on the in-memory channel layer, emptied of earlier tests' sockets."""
    settings.PRESENCE_COALESCE_S = 0.05
    asyncio.run(get_channel_layer().flush())
    set_clock(replay, sequence=4)  # q1-leader and q1-top-scorer are open
    return replay
