"""The replay's data files: the real ones validate; broken copies are refused, each problem named."""

import json

import pytest

from matches import golden
from matches.replay_data import (
    InvalidReplayData,
    load_events,
    load_predictions,
    load_valid_events,
    load_valid_predictions,
    validate_events,
    validate_predictions,
)

EVENTS = load_events(golden.EVENTS_PATH)
PREDICTIONS = load_predictions(golden.PREDICTIONS_PATH)


def raw_rows():
    return json.loads(golden.EVENTS_PATH.read_text(encoding="utf-8"))


def write_json(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# Events


def test_the_real_game_validates():
    assert validate_events(EVENTS) == []
    assert load_valid_events(golden.EVENTS_PATH) == EVENTS


def test_it_normalises_rows_to_the_protocol_event_shape():
    assert EVENTS[0] == {
        "sequence": 1, "quarter": 1, "clock": "10:00", "team": None, "player_id": None, "player": None,
        "points": 0, "kind": "game_start",
        "description": "Tip-off: France vs Australia — FIBA World Cup 2019 bronze medal game.",
    }
    assert (EVENTS[2]["team"], EVENTS[2]["player_id"], EVENTS[2]["player"]) == ("AUS", "kay", "Nick Kay")


def test_it_refuses_a_wrong_quarter_total(tmp_path):
    rows = raw_rows()
    rows[53]["points"] = 2  # De Colo's opening three of Q4 becomes a two
    with pytest.raises(InvalidReplayData, match=r"Q4 FRA: the events make 24, the official score is 25 \(1 too few\)"):
        load_valid_events(write_json(tmp_path, "pbp.json", rows))


def test_it_refuses_a_scoring_event_with_no_player(tmp_path):
    rows = raw_rows()
    rows[2]["player_id"] = rows[2]["player"] = ""
    with pytest.raises(InvalidReplayData, match="event 3: a scoring event needs a player_id and a player"):
        load_valid_events(write_json(tmp_path, "pbp.json", rows))


def test_it_refuses_a_gap_in_the_sequences():
    broken = EVENTS[:10] + EVENTS[11:]
    assert "event #11 has sequence 12, expected 11" in validate_events(broken)


def test_it_refuses_points_outside_zero_to_three_and_an_unknown_team():
    broken = [dict(event) for event in EVENTS]
    broken[3].update(points=4)
    broken[4].update(team="NZL")
    problems = validate_events(broken)
    assert "event 4: points 4 is not 0–3" in problems
    assert "event 5: a scoring event needs a team among FRA, AUS, got 'NZL'" in problems


def test_it_refuses_an_unreadable_file(tmp_path):
    with pytest.raises(InvalidReplayData, match="unreadable"):
        load_valid_events(write_json(tmp_path, "pbp.json", [{"sequence": 1}]))


# Predictions


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
