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


def test_every_seeded_prediction_stays_open_fifteen_seconds_and_never_three_at_once():
    assert all(p["locks_at"] - p["opens_at"] >= 10 for p in PREDICTIONS)  # 10 × 1.5 s ticks
    for sequence in range(1, EVENTS[-1]["sequence"] + 1):
        assert sum(p["opens_at"] <= sequence < p["locks_at"] for p in PREDICTIONS) <= 2


def test_the_first_questions_do_not_open_together_at_tip_off():
    assert sorted(p["opens_at"] for p in PREDICTIONS)[:2] != [1, 1]


def test_it_refuses_a_question_open_too_briefly_naming_it(tmp_path):
    rushed = dict(PREDICTIONS[0], locks_at=PREDICTIONS[0]["opens_at"] + 6)
    path = write_json(tmp_path, "predictions.json", [rushed] + PREDICTIONS[1:])
    with pytest.raises(
        InvalidReplayData,
        match=r"q1-leader: open for 6 events \(sequences 1–7\); a fan needs at least 10",
    ):
        load_valid_predictions(path, EVENTS)


def test_it_refuses_a_third_question_open_at_once_naming_it(tmp_path):
    crowding = dict(PREDICTIONS[0], id="crowding", opens_at=5, locks_at=15)
    path = write_json(tmp_path, "predictions.json", PREDICTIONS + [crowding])
    with pytest.raises(
        InvalidReplayData,
        match=r"crowding: opens at sequence 5 while q1-leader, q1-top-scorer are open",
    ):
        load_valid_predictions(path, EVENTS)


def test_it_refuses_a_tying_prediction(tmp_path):
    level_at_59 = dict(
        PREDICTIONS[0], id="level", since=0, opens_at=44, locks_at=54, resolves_at=59
    )
    path = write_json(tmp_path, "predictions.json", PREDICTIONS + [level_at_59])
    with pytest.raises(
        InvalidReplayData, match=r"level: ties at resolution \(sequence 59\): FRA, AUS all have 50"
    ):
        load_valid_predictions(path, EVENTS)


def test_it_refuses_duplicate_ids_and_a_window_out_of_order():
    duplicate = dict(PREDICTIONS[0])
    backwards = dict(PREDICTIONS[1], id="backwards", opens_at=9, locks_at=9)
    problems = validate_predictions(PREDICTIONS + [duplicate, backwards], EVENTS)
    assert "prediction id 'q1-leader' is used more than once" in problems
    assert any(
        problem.startswith("backwards: needs 0 ≤ since ≤ opens_at < locks_at")
        for problem in problems
    )


def test_it_refuses_options_that_are_not_in_the_stream():
    ghost = dict(
        PREDICTIONS[1],
        id="ghost",
        options=[
            {"id": "jordan", "label": "Michael Jordan"},
            {"id": "mills", "label": "Patty Mills"},
        ],
    )
    assert "ghost: option 'jordan' is not a player of the stream" in validate_predictions(
        [ghost], EVENTS
    )


def test_it_refuses_a_prediction_missing_fields():
    assert validate_predictions([{"id": "bare"}], EVENTS) == [
        "prediction #1 ('bare') lacks question, on, options, since, opens_at, locks_at, resolves_at, points"
    ]
