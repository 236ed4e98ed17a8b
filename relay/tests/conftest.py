import asyncio

import pytest
from channels.layers import get_channel_layer

from predictions.tests.helpers import set_clock


@pytest.fixture
def room(replay, settings):
    """The replay's room on the in-memory channel layer, emptied of earlier tests' sockets."""
    settings.PRESENCE_COALESCE_S = 0.05
    asyncio.run(get_channel_layer().flush())
    set_clock(replay, sequence=3)  # q1-leader and q1-top-scorer are open
    return replay


@pytest.fixture(autouse=True)
def fresh_address_limits(monkeypatch):
    """Each test starts with this node's per-address tables empty, as a fresh server would.
    In-process sockets all come from one address, so their connection rate is left unlimited
    here (tests of that limit set their own)."""
    from django.conf import settings

    from relay import consumers
    from relay.ratelimit import ConnectRate, LoopVoices

    monkeypatch.setattr(consumers, "connect_rate", ConnectRate(per_s=10_000, burst=10_000))
    monkeypatch.setattr(consumers, "loop_voices", LoopVoices(settings.RELAY_NAMES_PER_ADDRESS_PER_LOOP))
