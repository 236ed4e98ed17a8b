import pytest
from django.core.management import call_command

from matches.models import Fixture
from predictions.tests.helpers import SLUG


@pytest.fixture
def replay(db):
    """The seeded replay fixture with its anchor, as `make run` leaves it."""
    call_command("seed_replay", stdout=None)
    call_command("ensure_anchor", stdout=None)
    return Fixture.objects.get(slug=SLUG)
