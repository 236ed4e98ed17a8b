"""Seeding the replay game: its events (matches.seeding) and its predictions, from the data files
in the repo, validated first, then written all or nothing."""

from pathlib import Path

from django.db import transaction

from matches.seeding import load_replay_events, store_replay
from predictions.models import Prediction
from predictions.validation import PREDICTION_KEYS, load_valid_predictions

PREDICTIONS_PATH = Path(__file__).resolve().parent / "data" / "fiba2019_bronze_predictions.json"


def load_predictions(events, path=PREDICTIONS_PATH):
    return load_valid_predictions(path, events)


def store_predictions(fixture, predictions):
    """Replace the fixture's predictions; the caller holds the transaction."""
    fixture.predictions.all().delete()
    Prediction.objects.bulk_create(
        Prediction(fixture=fixture, key=p["id"], **{k: p[k] for k in PREDICTION_KEYS if k != "id"})
        for p in predictions
    )


def seed_replay(events_path, predictions_path=PREDICTIONS_PATH):
    """Validate the stream and its predictions, then replace both in one transaction (idempotent)."""
    events = load_replay_events(events_path)
    predictions = load_predictions(events, predictions_path)
    with transaction.atomic():
        fixture = store_replay(events)
        store_predictions(fixture, predictions)
    return fixture, events, predictions
