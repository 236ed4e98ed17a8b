"""The replay's event stream: the real one validates; broken copies are refused, each problem named."""

import json

import pytest

from matches.replay_data import InvalidReplayData, load_events, load_valid_events, validate_events
from testsupport import golden

EVENTS = load_events(golden.EVENTS_PATH)


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
        "sequence": 1,
        "quarter": 1,
        "clock": "10:00",
        "team": None,
        "player_id": None,
        "player": None,
        "points": 0,
        "kind": "game_start",
        "description": "Tip-off: France vs Australia — FIBA World Cup 2019 bronze medal game.",
    }
    assert (EVENTS[2]["team"], EVENTS[2]["player_id"], EVENTS[2]["player"]) == (
        "AUS",
        "kay",
        "Nick Kay",
    )


def test_it_refuses_a_wrong_quarter_total(tmp_path):
    rows = raw_rows()
    rows[53]["points"] = 2  # De Colo's opening three of Q4 becomes a two
    with pytest.raises(
        InvalidReplayData,
        match=r"Q4 FRA: the events make 24, the official score is 25 \(1 too few\)",
    ):
        load_valid_events(write_json(tmp_path, "pbp.json", rows))


def test_it_refuses_a_scoring_event_with_no_player(tmp_path):
    rows = raw_rows()
    rows[2]["player_id"] = rows[2]["player"] = ""
    with pytest.raises(
        InvalidReplayData, match="event 3: a scoring event needs a player_id and a player"
    ):
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
