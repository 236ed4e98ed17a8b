"""The shared-truth engine, replay half (docs/engine.md §1–2): its examples literally, the real game,
golden vectors, properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matches import engine
from matches.replay_data import load_events
from testsupport import golden

EVENTS = load_events(golden.EVENTS_PATH)
TEAMS = {"home": "FRA", "away": "AUS"}
ANCHOR = {"baseStartedAt": 1_700_000_000_000, "tickMs": 1500, "pauseMs": 60_000, "lastSequence": 73}
BASE = ANCHOR["baseStartedAt"]
PLAY_MS = 73 * 1500


# §1 Replay clock


def clock_at(offset_ms):
    return engine.replay_clock(ANCHOR, BASE + offset_ms)


def test_it_starts_the_first_loop_live_at_sequence_one():
    assert clock_at(0) == {
        "cycleIndex": 0,
        "loop": 1,
        "sequence": 1,
        "phase": "LIVE",
        "withinMs": 0,
        "playMs": PLAY_MS,
        "cycleMs": PLAY_MS + 60_000,
        "loopStartedAt": BASE,
        "nextTipoffMs": BASE + PLAY_MS + 60_000,
    }


def test_it_clamps_instants_before_the_base_to_the_first_tipoff():
    assert engine.replay_clock(ANCHOR, BASE - 10**9) == clock_at(0)


def test_it_advances_one_sequence_per_tick():
    assert [clock_at(ms)["sequence"] for ms in (1499, 1500, 2999, 3000)] == [1, 2, 2, 3]


def test_it_splits_the_pause_into_post_match_then_pre_match():
    phases = [
        clock_at(ms)["phase"] for ms in (PLAY_MS - 1, PLAY_MS, PLAY_MS + 29_999, PLAY_MS + 30_000)
    ]
    assert phases == ["LIVE", "POST_MATCH", "POST_MATCH", "PRE_MATCH"]
    assert clock_at(PLAY_MS)["sequence"] == 73


def test_it_gives_the_middle_millisecond_of_an_odd_pause_to_the_post_match():
    odd = dict(ANCHOR, pauseMs=3)
    phases = [engine.replay_clock(odd, BASE + PLAY_MS + ms)["phase"] for ms in range(3)]
    assert phases == ["POST_MATCH", "POST_MATCH", "PRE_MATCH"]


def test_it_starts_the_next_loop_after_the_pause():
    cycle_ms = PLAY_MS + 60_000
    assert clock_at(cycle_ms - 1)["loop"] == 1
    second = clock_at(cycle_ms)
    assert (second["loop"], second["sequence"], second["phase"]) == (2, 1, "LIVE")
    assert second["loopStartedAt"] == BASE + cycle_ms


# §2 Fold of the real game


def test_it_folds_the_real_game_to_france_67_australia_59():
    final = engine.fold_state(EVENTS, 73, TEAMS)
    assert final["score"] == {"FRA": 67, "AUS": 59}
    assert (final["quarter"], final["clock"], final["last"]["kind"]) == (4, "00:00", "game_end")
    assert (final["players"]["decolo"], final["players"]["ingles"]) == (19, 17)


@pytest.mark.parametrize(
    "end_of_quarter, score", [(16, (11, 16)), (31, (21, 30)), (52, (42, 46)), (72, (67, 59))]
)
def test_it_folds_the_official_score_at_each_quarter_end(end_of_quarter, score):
    assert engine.fold_state(EVENTS, end_of_quarter, TEAMS)["score"] == dict(
        zip(("FRA", "AUS"), score)
    )


def test_it_folds_nothing_at_sequence_zero():
    assert engine.fold_state(EVENTS, 0, TEAMS) == {
        "sequence": 0,
        "quarter": 1,
        "clock": "10:00",
        "score": {"FRA": 0, "AUS": 0},
        "players": {},
        "last": None,
    }


# Golden vectors


def test_the_committed_vectors_match_the_python_engine():
    # Compared as text, byte for byte, and without pytest's diff of an 800 kB file.
    if golden.VECTORS_PATH.read_text(encoding="ascii") != golden.render(golden.build_vectors()):
        pytest.fail(
            "matches/tests/engine_vectors.json is stale: run `python -m testsupport.golden` and commit it"
        )


# Properties

anchors = st.fixed_dictionaries(
    {
        "baseStartedAt": st.integers(0, 2 * 10**12),
        "tickMs": st.integers(1, 10_000),
        "pauseMs": st.integers(0, 600_000),
        "lastSequence": st.integers(1, 500),
    }
)


@given(anchors, st.integers(0, 4 * 10**12))
def test_the_clock_always_lands_on_a_real_sequence_of_a_real_loop(anchor, now):
    clock = engine.replay_clock(anchor, now)
    assert 1 <= clock["sequence"] <= anchor["lastSequence"]
    assert clock["loopStartedAt"] <= max(now, anchor["baseStartedAt"]) < clock["nextTipoffMs"]
    assert (clock["phase"] == "LIVE") == (clock["withinMs"] < clock["playMs"])
