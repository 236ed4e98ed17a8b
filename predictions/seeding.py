"""The replay's predictions, from the data file in the repo, validated against the stream."""

from pathlib import Path

from matches.replay_data import load_valid_predictions
from predictions.models import Prediction

PREDICTIONS_PATH = Path(__file__).resolve().parent / "data" / "fiba2019_bronze_predictions.json"


def load_predictions(events, path=PREDICTIONS_PATH):
    return load_valid_predictions(path, events)


def store_predictions(fixture, predictions):
    """Replace the fixture's predictions; the caller holds the transaction."""
    fixture.predictions.all().delete()
    Prediction.objects.bulk_create(
        Prediction(fixture=fixture, key=p["id"], **{k: v for k, v in p.items() if k != "id"}) for p in predictions
    )
