"""The replay's predictions file: the real one validates; broken copies are refused, each problem named."""

import json

import pytest

from matches.replay_data import InvalidReplayData, load_events
from predictions.validation import load_predictions, load_valid_predictions, validate_predictions
from testsupport import golden

EVENTS = load_events(golden.EVENTS_PATH)
PREDICTIONS = load_predictions(golden.PREDICTIONS_PATH)


def write_json(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_seeded_predictions_validate():
    assert validate_predictions(PREDICTIONS, EVENTS) == []
    assert load_valid_predictions(golden.PREDICTIONS_PATH, EVENTS) == PREDICTIONS


def test_the_seeded_predictions_cover_the_game():
    assert len(PREDICTIONS) >= 8
    quarters = {EVENTS[p["resolves_at"] - 1]["quarter"] for p in PREDICTIONS}
    assert quarters == {1, 2, 3, 4}


def test_every_seeded_prediction_gives_a_fan_at_least_six_ticks_to_pick():
    assert all(p["locks_at"] - p["opens_at"] >= 6 for p in PREDICTIONS)


def test_it_refuses_a_tying_prediction(tmp_path):
    level_at_59 = dict(PREDICTIONS[0], id="level", since=0, opens_at=50, locks_at=56, resolves_at=59)
    path = write_json(tmp_path, "predictions.json", PREDICTIONS + [level_at_59])
    with pytest.raises(InvalidReplayData, match=r"level: ties at resolution \(sequence 59\): FRA, AUS all have 50"):
        load_valid_predictions(path, EVENTS)


def test_it_refuses_duplicate_ids_and_a_window_out_of_order():
    duplicate = dict(PREDICTIONS[0])
    backwards = dict(PREDICTIONS[1], id="backwards", opens_at=9, locks_at=9)
    problems = validate_predictions(PREDICTIONS + [duplicate, backwards], EVENTS)
    assert "prediction id 'q1-leader' is used more than once" in problems
    assert any(problem.startswith("backwards: needs 0 ≤ since ≤ opens_at < locks_at") for problem in problems)


def test_it_refuses_options_that_are_not_in_the_stream():
    ghost = dict(PREDICTIONS[1], id="ghost", options=[{"id": "jordan", "label": "Michael Jordan"}, {"id": "mills", "label": "Patty Mills"}])
    assert "ghost: option 'jordan' is not a player of the stream" in validate_predictions([ghost], EVENTS)


def test_it_refuses_a_prediction_missing_fields():
    assert validate_predictions([{"id": "bare"}], EVENTS) == [
        "prediction #1 ('bare') lacks question, on, options, since, opens_at, locks_at, resolves_at, points"
    ]
