"""Loading the replay fixture from the data files in the repo: validated first, then all or nothing."""

from pathlib import Path

from django.db import transaction

from matches.models import Fixture, ReplayAnchor, ReplayEvent
from matches.replay_data import load_valid_events

DATA_DIR = Path(__file__).resolve().parent / "data" / "fiba2019_bronze"
REPLAY_SLUG = "fiba-2019-bronze"
REPLAY_FIXTURE = {
    "kind": Fixture.Kind.REPLAY,
    "title": "France v Australia · 2019 FIBA World Cup bronze medal game",
    "home_code": "FRA",
    "home_name": "France",
    "away_code": "AUS",
    "away_name": "Australia",
}


class ReplayNotSeeded(Exception):
    pass


def seed_replay(events_path, load_predictions, store_predictions):
    """Validate the stream and its predictions, then replace both in one transaction (idempotent).

    The predictions belong to their own app, which passes in how to load and store them.
    """
    events = load_valid_events(events_path)
    predictions = load_predictions(events)
    with transaction.atomic():
        fixture, _ = Fixture.objects.update_or_create(slug=REPLAY_SLUG, defaults=REPLAY_FIXTURE)
        fixture.replay_events.all().delete()
        ReplayEvent.objects.bulk_create(ReplayEvent(fixture=fixture, **event) for event in events)
        ReplayAnchor.objects.filter(fixture=fixture).update(last_sequence=len(events))
        store_predictions(fixture, predictions)
    return fixture, events, predictions


def ensure_anchor(slug=REPLAY_SLUG, *, now_ms, tick_ms, pause_ms):
    """Create the anchor if missing. The insert races on a unique constraint, not a check."""
    fixture = Fixture.objects.filter(slug=slug, kind=Fixture.Kind.REPLAY).first()
    if fixture is None:
        raise ReplayNotSeeded(f"No replay fixture {slug!r}: run `manage.py seed_replay` first.")
    last_sequence = fixture.replay_events.count()
    if not last_sequence:
        raise ReplayNotSeeded(f"Replay fixture {slug!r} has no events: run `manage.py seed_replay`.")
    return ReplayAnchor.objects.get_or_create(
        fixture=fixture,
        defaults={
            "base_started_at": now_ms,
            "tick_ms": tick_ms,
            "pause_ms": pause_ms,
            "last_sequence": last_sequence,
        },
    )
