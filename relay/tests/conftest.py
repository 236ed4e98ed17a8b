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


@pytest.fixture(autouse=True)
def fresh_address_limits(monkeypatch):
    """Each test starts with this node's per-address tables empty, as a fresh server would.
    In-process sockets all come from one address, so their connection rate is left unlimited
    here (tests of that limit set their own)."""
    from django.conf import settings

    from relay import consumers
    from relay.ratelimit import AddressLimits, ConnectRate, LoopVoices

    monkeypatch.setattr(consumers, "connect_rate", ConnectRate(per_s=10_000, burst=10_000))
    monkeypatch.setattr(consumers, "loop_voices", LoopVoices(settings.RELAY_NAMES_PER_ADDRESS_PER_LOOP))
    monkeypatch.setattr(consumers, "failure_logs", ConnectRate(consumers.FAILURE_LOGS_PER_ADDRESS_PER_MIN / 60,
                                                               consumers.FAILURE_LOG_BURST))
    monkeypatch.setattr(consumers, "address_limits", AddressLimits(
        max_sockets=settings.RELAY_MAX_SOCKETS_PER_ADDRESS,
        frames_per_s=settings.RELAY_FRAMES_PER_ADDRESS_PER_S,
        frame_burst=settings.RELAY_FRAME_BURST_PER_ADDRESS,
        joins_per_min=settings.RELAY_JOINS_PER_ADDRESS_PER_MIN,
        join_burst=settings.RELAY_JOIN_BURST_PER_ADDRESS,
    ))
