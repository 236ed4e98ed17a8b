"""The replay's predictions file: the real one validates; broken copies are refused, each problem named."""

import json

import pytest

from matches.replay_data import InvalidReplayData, load_events
from predictions import engine, situations
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
    crowding = dict(PREDICTIONS[0], id="crowding", opens_at=5, locks_at=15, resolves_at=31)
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


# Windows that close before the answer is plain


def test_every_seeded_question_locks_before_its_answer_is_plain():
    assert [p["id"] for p in PREDICTIONS if situations.decided_at_lock(p, EVENTS)] == []


def test_it_refuses_a_question_decided_before_it_locks_naming_it(tmp_path):
    # The bronze question as it was: open till the end of Q4, France 67–59 up with 0:25 to play.
    late = dict(prediction_named("bronze-winner"), opens_at=62, locks_at=72)
    del late["locks_when"]
    others = [p for p in PREDICTIONS if p["id"] not in ("bronze-winner", "q4-top-scorer")]
    path = write_json(tmp_path, "predictions.json", others + [late])
    with pytest.raises(
        InvalidReplayData,
        match=r"bronze-winner: decided before it locks: at Q4 00:25 \(sequence 71, the last a fan "
        r"may pick at\) the lead is 8, more than the 6 points left to play for",
    ):
        load_valid_predictions(path, EVENTS)


def test_the_bronze_question_locks_on_the_game_clock_while_the_game_is_close():
    bronze = prediction_named("bronze-winner")
    last_board = EVENTS[bronze["locks_at"] - 2]  # the last a fan may pick at
    assert (last_board["quarter"], last_board["clock"]) == (4, "04:06")
    assert engine.tally(bronze, EVENTS, last_board["sequence"]) == {"FRA": 55, "AUS": 54}
    assert situations.situation_lock(bronze, EVENTS) == bronze["locks_at"] == 64


def test_a_question_locks_on_the_score_margin():
    # France trail by 12 at 28–40 when it opens; the first play after it makes the lead 14.
    question = dict(prediction_named("q3-leader"), locks_when={"margin": 13})
    assert situations.situation_lock(question, EVENTS) == 42


def test_it_refuses_a_locks_at_the_situation_does_not_give_and_a_malformed_situation(tmp_path):
    moved = dict(prediction_named("bronze-winner"), locks_at=63)
    broken = dict(prediction_named("q3-leader"), locks_when={"clock": "4 minutes"})
    others = [p for p in PREDICTIONS if p["id"] not in ("bronze-winner", "q3-leader")]
    path = write_json(tmp_path, "predictions.json", others + [moved, broken])
    with pytest.raises(InvalidReplayData) as refused:
        load_valid_predictions(path, EVENTS)
    assert (
        "bronze-winner: locks_when {'quarter': 4, 'clock': '04:00', 'margin': 6} is reached at "
        "sequence 64 (Q4 03:50), but locks_at says 63" in str(refused.value)
    )
    assert "q3-leader: locks_when must hold a quarter" in str(refused.value)


def prediction_named(pid):
    return next(p for p in PREDICTIONS if p["id"] == pid)
