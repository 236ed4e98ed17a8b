"""The server's judgement of a pick and its standings report, by the shared engine."""

import pytest

from predictions import engine
from predictions.picks import BadLoop, judge_pick, requested_loop, standings_report
from relay.protocol import Pick

ANCHOR = {"baseStartedAt": 1_000_000, "tickMs": 1000, "pauseMs": 10_000, "lastSequence": 10}
PREDICTION = {
    "id": "who",
    "question": "Who leads?",
    "on": "team",
    "options": [{"id": "A", "label": "A"}, {"id": "B", "label": "B"}],
    "since": 0,
    "opens_at": 2,
    "locks_at": 5,
    "resolves_at": 8,
    "points": 10,
}
EVENTS = [
    {
        "sequence": s,
        "quarter": 1,
        "clock": "10:00",
        "team": team,
        "player_id": None,
        "player": None,
        "points": points,
        "kind": "score",
        "description": "",
    }
    for s, team, points in [
        (1, None, 0),
        (2, "A", 2),
        (3, "B", 3),
        (4, "B", 2),
        (5, "A", 2),
        (6, "A", 3),
        (7, "B", 2),
        (8, "A", 2),
        (9, None, 0),
        (10, None, 0),
    ]
]
LOOP_MS = 10 * 1000 + 10_000


def at(sequence, loop=1):
    """Server time halfway through `sequence` of `loop`."""
    return ANCHOR["baseStartedAt"] + (loop - 1) * LOOP_MS + (sequence - 1) * 1000 + 500


def judge(pick, now, joined=True, anchor=ANCHOR):
    return judge_pick(
        pick, joined=joined, predictions={"who": PREDICTION}, anchor=anchor, now_ms=now
    )


@pytest.mark.parametrize("sequence", [2, 3, 4])
def test_a_pick_in_the_window_stands(sequence):
    assert judge(Pick("who", "A", 1), at(sequence)) is None


@pytest.mark.parametrize(
    "pick, now, reason",
    [
        (Pick("who", "A", 1), at(1), "not_open"),
        (Pick("who", "A", 1), at(5), "locked"),
        (Pick("who", "A", 1), at(10), "locked"),
        (Pick("who", "A", 1), at(10) + 5000, "locked"),  # between loops
        (Pick("who", "A", 2), at(3), "wrong_loop"),
        (Pick("who", "A", 1), at(3, loop=2), "wrong_loop"),
        (Pick("what", "A", 1), at(3), "unknown_prediction"),
        (Pick("who", "C", 1), at(3), "bad_choice"),
    ],
)
def test_a_pick_outside_the_rules_is_rejected_with_its_reason(pick, now, reason):
    assert judge(pick, now) == reason


def test_a_pick_from_someone_who_has_not_joined_is_rejected_first():
    assert judge(Pick("what", "C", 9), at(3), joined=False) == "not_joined"


def test_no_anchor_means_nothing_is_open():
    assert judge(Pick("who", "A", 1), at(3), anchor=None) == "not_open"


def test_the_window_is_judged_on_the_server_clock_to_the_millisecond():
    lock = ANCHOR["baseStartedAt"] + (PREDICTION["locks_at"] - 1) * 1000
    assert judge(Pick("who", "A", 1), lock - 1) is None
    assert judge(Pick("who", "A", 1), lock) == "locked"


@pytest.mark.parametrize("raw, loop", [(None, 4), ("", 4), ("1", 1), ("4", 4), ("004", 4)])
def test_the_requested_loop_defaults_to_the_current_one(raw, loop):
    assert requested_loop(raw, current_loop=4) == loop


@pytest.mark.parametrize("raw", ["0", "5", "-1", "1.5", "x", "²", "9" * 5000, " 1"])
def test_a_loop_not_played_is_refused(raw):
    with pytest.raises(BadLoop):
        requested_loop(raw, current_loop=4)


def test_the_current_loop_is_scored_up_to_now_with_the_kept_picks():
    picks = [{"name": "Ann", "prediction": "who", "choice": "A"}]
    report = standings_report(ANCHOR, at(9), 1, picks, EVENTS, [PREDICTION])
    assert (
        report["sequence"] == 9 and report["results"] == {"who": "A"} and report["pruned"] is False
    )
    assert report["standings"] == engine.standings(0, picks, EVENTS, [PREDICTION], 9)
    assert {"name": "Ann", "points": 10, "rank": 1, "bot": None} in report["standings"]


def test_the_current_loop_before_resolution_has_no_results():
    report = standings_report(ANCHOR, at(6), 1, [], EVENTS, [PREDICTION])
    assert report["results"] == {} and {row["points"] for row in report["standings"]} == {0}


def test_a_past_loop_is_scored_in_full_for_the_bots_alone():
    picks = [{"name": "Ann", "prediction": "who", "choice": "A"}]
    report = standings_report(ANCHOR, at(3, loop=3), 2, picks, EVENTS, [PREDICTION])
    assert report["sequence"] == 10 and report["pruned"] is True
    assert report["standings"] == engine.standings(1, [], EVENTS, [PREDICTION], 10)
    assert [row["bot"] for row in report["standings"]].count(None) == 0
