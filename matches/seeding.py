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


def load_replay_events(events_path=DATA_DIR / "pbp.json"):
    """The replay's events, validated (InvalidReplayData names every problem)."""
    return load_valid_events(events_path)


def store_replay(events):
    """Replace the replay fixture's events and fit its anchor to them (idempotent); the fixture.

    Atomic on its own; a caller that stores more with it (the game's predictions) holds the
    transaction around both.
    """
    with transaction.atomic():
        fixture, _ = Fixture.objects.update_or_create(slug=REPLAY_SLUG, defaults=REPLAY_FIXTURE)
        fixture.replay_events.all().delete()
        ReplayEvent.objects.bulk_create(ReplayEvent(fixture=fixture, **event) for event in events)
        ReplayAnchor.objects.filter(fixture=fixture).update(last_sequence=len(events))
    return fixture


def ensure_anchor(slug=REPLAY_SLUG, *, now_ms, tick_ms, pause_ms):
    """Create the anchor if missing. The insert races on a unique constraint, not a check."""
    fixture = Fixture.objects.filter(slug=slug, kind=Fixture.Kind.REPLAY).first()
    if fixture is None:
        raise ReplayNotSeeded(f"No replay fixture {slug!r}: run `manage.py seed_replay` first.")
    last_sequence = fixture.replay_events.count()
    if not last_sequence:
        raise ReplayNotSeeded(
            f"Replay fixture {slug!r} has no events: run `manage.py seed_replay`."
        )
    return ReplayAnchor.objects.get_or_create(
        fixture=fixture,
        defaults={
            "base_started_at": now_ms,
            "tick_ms": tick_ms,
            "pause_ms": pause_ms,
            "last_sequence": last_sequence,
        },
    )
