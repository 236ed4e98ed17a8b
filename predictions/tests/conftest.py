import asyncio

import pytest
from channels.layers import get_channel_layer
from django.core.management import call_command

from matches.models import Fixture
from predictions.tests.helpers import SLUG, set_clock


@pytest.fixture
def replay(db):
    """The seeded replay fixture with its anchor, as `make run` leaves it."""
    call_command("seed_replay", stdout=None)
    call_command("ensure_anchor", stdout=None)
    return Fixture.objects.get(slug=SLUG)


@pytest.fixture
def room(replay, settings):
    """The replay's room on the in-memory channel layer, emptied of earlier tests' sockets."""
    settings.PRESENCE_COALESCE_S = 0.05
    asyncio.run(get_channel_layer().flush())
    set_clock(replay, sequence=3)  # q1-leader and q1-top-scorer are open
    return replay
