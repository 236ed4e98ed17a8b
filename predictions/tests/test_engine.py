"""The shared-truth engine, game half (docs/engine.md §3–6): its examples literally, the real game,
properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matches.replay_data import load_events
from predictions import engine
from predictions.validation import load_predictions
from testsupport import golden

EVENTS = load_events(golden.EVENTS_PATH)
PREDICTIONS = load_predictions(golden.PREDICTIONS_PATH)


def take(generator, count=3):
    return [generator() for _ in range(count)]


# §3 Seeded random: the docs/engine.md table, literally

ENGINE_MD_RANDOM_TABLE = [
    (
        "",
        [167010153, 2610615433, 1495386444],
        [0.9757088038604707, 0.6221915907226503, 0.6578594758175313],
    ),
    (
        "a",
        [519299066, 3840329591, 1163017567],
        [0.11000576918013394, 0.5356475834269077, 0.2972125029191375],
    ),
    (
        "0:q1:bot-1",
        [3091934991, 17933950, 742559055],
        [0.6034288955852389, 0.9244735490065068, 0.8595814416185021],
    ),
    (
        "héllo",
        [3960454150, 3698224093, 4275517834],
        [0.15827917261049151, 0.6811489714309573, 0.46458816179074347],
    ),
    (
        "😀x",
        [1532519258, 885800793, 1580690363],
        [0.14182532671839, 0.5000008922070265, 0.7653473841492087],
    ),
]


@pytest.mark.parametrize("seed, hashes, floats", ENGINE_MD_RANDOM_TABLE)
def test_it_reproduces_the_engine_md_random_table(seed, hashes, floats):
    assert take(engine.xmur3(seed)) == hashes
    assert take(engine.seeded_random(seed)) == floats


def test_it_counts_an_emoji_as_two_utf16_code_units():
    assert engine._utf16_code_units("😀x") == [0xD83D, 0xDE00, ord("x")]


# §4 Predictions


def prediction_named(prediction_id):
    return next(p for p in PREDICTIONS if p["id"] == prediction_id)


def test_it_tallies_only_the_points_scored_after_since():
    q3 = prediction_named("q3-winner")
    assert engine.tally(q3, EVENTS, 52) == {"FRA": 21, "AUS": 16}
    assert engine.correct_option(q3, EVENTS) == "FRA"


def test_it_resolves_only_predictions_whose_resolution_has_passed():
    assert engine.resolutions(PREDICTIONS, EVENTS, 15) == {}
    assert engine.resolutions(PREDICTIONS, EVENTS, 16) == {
        "q1-leader": "AUS",
        "q1-top-scorer": "mills",
    }


def test_it_takes_the_first_declared_option_on_a_tie():
    level = {
        "id": "level",
        "on": "team",
        "options": [{"id": "AUS"}, {"id": "FRA"}],
        "since": 0,
        "resolves_at": 59,
    }
    assert engine.tally(level, EVENTS, 59) == {"AUS": 50, "FRA": 50}  # Mills levels at 50–50
    assert engine.correct_option(level, EVENTS) == "AUS"
    assert engine.correct_option(dict(level, options=level["options"][::-1]), EVENTS) == "FRA"


def test_it_opens_picks_from_opens_at_until_just_before_the_lock():
    window = {"opens_at": 5, "locks_at": 8}
    assert [engine.pick_window(window, s) for s in (4, 5, 7, 8)] == [
        "not_open",
        "open",
        "open",
        "locked",
    ]


# §5 Bots


def test_bot_picks_are_visible_only_from_the_lock():
    q1 = prediction_named("q1-leader")
    assert engine.bot_picks(0, [q1], EVENTS, q1["locks_at"] - 1) == []
    picks = engine.bot_picks(0, [q1], EVENTS, q1["locks_at"])
    assert [(p["name"], p["bot"], p["prediction"]) for p in picks] == [
        ("Chalk", "cpu_chalk", "q1-leader"),
        ("Flip", "cpu_flip", "q1-leader"),
        ("Rebel", "cpu_rebel", "q1-leader"),
    ]


def test_bot_picks_follow_the_seed_of_loop_prediction_and_bot():
    q1, chalk = prediction_named("q1-leader"), engine.BOTS[0]
    favourite_roll = engine.seeded_random("4:q1-leader:cpu_chalk")() < chalk["skill"]
    assert engine.bot_pick(4, q1, chalk, EVENTS) == ("AUS" if favourite_roll else "FRA")


# §6 Standings


def test_it_ranks_the_engine_md_example():
    rows = engine.standings(
        golden.RANKING_EXAMPLE_LOOP,
        golden.RANKING_EXAMPLE_PICKS,
        EVENTS,
        golden.RANKING_EXAMPLE_PREDICTIONS,
        golden.RANKING_EXAMPLE_SEQUENCE,
    )
    humans = [(row["name"], row["points"], row["rank"]) for row in rows if row["bot"] is None]
    assert humans == [
        ("z", 20, 1),
        ("a", 10, 2),
        ("b", 10, 2),
        ("😀", 10, 2),
        ("\uffff", 10, 2),
        ("c", 0, 6),
    ]
    assert {row["rank"] for row in rows if row["bot"]} == {6}


def test_the_latest_pick_of_a_name_stands():
    q1 = prediction_named("q1-leader")
    picks = [
        {"name": "ann", "prediction": "q1-leader", "choice": choice} for choice in ("AUS", "FRA")
    ]
    ann = next(row for row in engine.standings(0, picks, EVENTS, [q1], 73) if row["name"] == "ann")
    assert ann["points"] == 0


def test_bots_are_always_on_the_board_and_humans_once_they_pick():
    assert [row["bot"] for row in engine.standings(0, [], EVENTS, PREDICTIONS, 0)] == [
        b["id"] for b in engine.BOTS
    ]
    picks = [{"name": "ann", "prediction": "bronze-winner", "choice": "FRA"}]
    assert {"name": "ann", "points": 0, "rank": 1, "bot": None} in engine.standings(
        0, picks, EVENTS, PREDICTIONS, 0
    )


# Properties


@given(st.text(max_size=40))
def test_xmur3_yields_unsigned_32_bit_integers(seed):
    assert all(0 <= value < 2**32 for value in take(engine.xmur3(seed), 4))


@given(st.text(max_size=40))
def test_seeded_random_yields_floats_in_the_unit_interval(seed):
    assert all(0 <= value < 1 for value in take(engine.seeded_random(seed), 4))


pick_lists = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.text(min_size=1, max_size=6),
            "prediction": st.sampled_from(
                ["q1-leader", "q2-winner", "q3-winner", "bronze-winner", "nope"]
            ),
            "choice": st.sampled_from(["FRA", "AUS", "mills"]),
        }
    ),
    max_size=30,
)


@given(pick_lists, st.integers(0, 73), st.integers(0, 50))
def test_standings_are_sorted_with_non_decreasing_competition_ranks(picks, sequence, loop):
    rows = engine.standings(loop, picks, EVENTS, PREDICTIONS, sequence)
    assert [row["rank"] for row in rows] == sorted(row["rank"] for row in rows)
    assert [row["points"] for row in rows] == sorted((row["points"] for row in rows), reverse=True)
    assert all(
        row["rank"] == 1 + sum(other["points"] > row["points"] for other in rows) for row in rows
    )
