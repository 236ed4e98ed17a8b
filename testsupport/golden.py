"""Golden vectors: the Python engines' answers that the JavaScript engine must reproduce exactly.

One file for both halves of the engine (matches/engine.py: clock and fold; predictions/engine.py:
seeded random, predictions, bots, standings). `python -m testsupport.golden` rewrites
matches/tests/engine_vectors.json; the Python tests fail when the committed file differs from
`build_vectors()`, the JavaScript tests (node --test jstests/) when the JavaScript engine
disagrees with it.
"""

import json
from pathlib import Path

from matches.engine import fold_state, replay_clock
from matches.replay_data import load_events
from predictions import engine
from predictions.validation import load_predictions

REPO = Path(__file__).resolve().parent.parent
EVENTS_PATH = REPO / "matches" / "data" / "fiba2019_bronze" / "pbp.json"
PREDICTIONS_PATH = REPO / "predictions" / "data" / "fiba2019_bronze_predictions.json"
VECTORS_PATH = REPO / "matches" / "tests" / "engine_vectors.json"

TEAMS = {"home": "FRA", "away": "AUS"}
ENGINE_MD_SEEDS = ["", "a", "0:q1:bot-1", "héllo", "😀x"]
EXTRA_SEEDS = ["0:q3-winner:cpu_chalk", "19:bronze-winner:cpu_rebel", "\uffff", "\ud800", "x" * 300]
MULBERRY_SEEDS = [0, 1, -1, 0x6D2B79F5, 2**31, 0xFFFFFFFF, 123456789]
ANCHORS = [
    {"baseStartedAt": 1_700_000_000_000, "tickMs": 1500, "pauseMs": 60_000, "lastSequence": 73},
    {"baseStartedAt": 1_600_000_000_123, "tickMs": 1337, "pauseMs": 30_001, "lastSequence": 73},
    {"baseStartedAt": 1_760_000_000_000, "tickMs": 2500, "pauseMs": 7, "lastSequence": 5},
    {"baseStartedAt": 0, "tickMs": 1, "pauseMs": 1, "lastSequence": 1},
    {"baseStartedAt": 5_000, "tickMs": 1000, "pauseMs": 0, "lastSequence": 3},
]
CLOCK_LOOPS = [0, 1, 2, 7, 1_000_000]
BOT_LOOPS = range(20)
STANDINGS_LOOPS = [0, 3, 19]
STANDINGS_SEQUENCES = [0, 15, 16, 31, 52, 59, 72, 73]
HOSTILE_NAMES = [
    "😀",
    "\uffff",
    "<script>alert('x')</script>",
    "Zoë",
    "zoe",
    "Zoe",
    "a",
    "A",
    "a ",
    "\ud800",
    "Chalk",
    "&amp;",
    "名前",
    "x" * 40,
]
TIED_NAMES = ["dora", "Dora", "ana", "Bea"]

# docs/engine.md §6: z 20; a, b, 😀, "\uFFFF" 10; c 0. Loop 58 is one where all three bots miss both
# predictions, so the bots sit at 0 beside c and the example's ranks stand as written.
RANKING_EXAMPLE_LOOP = 58
RANKING_EXAMPLE_SEQUENCE = 31
_TEAM_OPTIONS = [{"id": "FRA", "label": "France"}, {"id": "AUS", "label": "Australia"}]
RANKING_EXAMPLE_PREDICTIONS = [
    {
        "id": "ex-q1",
        "question": "Who leads after Q1?",
        "on": "team",
        "options": _TEAM_OPTIONS,
        "since": 0,
        "opens_at": 1,
        "locks_at": 2,
        "resolves_at": 16,
        "points": 10,
    },
    {
        "id": "ex-q2",
        "question": "Who wins Q2?",
        "on": "team",
        "options": _TEAM_OPTIONS,
        "since": 16,
        "opens_at": 16,
        "locks_at": 17,
        "resolves_at": 31,
        "points": 10,
    },
]
RANKING_EXAMPLE_PICKS = [
    {"name": name, "prediction": prediction, "choice": choice}
    for name, choices in [
        ("z", "AUS AUS"),
        ("a", "AUS FRA"),
        ("b", "AUS FRA"),
        ("😀", "AUS FRA"),
        ("\uffff", "AUS FRA"),
        ("c", "FRA FRA"),
    ]
    for prediction, choice in zip(("ex-q1", "ex-q2"), choices.split())
]


def build_vectors():
    events = load_events(EVENTS_PATH)
    predictions = load_predictions(PREDICTIONS_PATH)
    return {
        "teams": TEAMS,
        "events": events,
        "predictionSets": {"seeded": predictions, "rankingExample": RANKING_EXAMPLE_PREDICTIONS},
        "bots": engine.BOTS,
        "random": [_random_vector(seed) for seed in ENGINE_MD_SEEDS + EXTRA_SEEDS],
        "mulberry32": [
            {"seed": seed, "out": _take(engine.mulberry32(seed), 5)} for seed in MULBERRY_SEEDS
        ],
        "replayClock": _clock_vectors(),
        "foldState": [
            {"sequence": s, "out": fold_state(events, s, TEAMS)} for s in range(len(events) + 1)
        ],
        "tally": _tally_vectors(predictions, events),
        "correctOption": [
            {"prediction": p["id"], "out": engine.correct_option(p, events)} for p in predictions
        ],
        "resolutions": [
            {"sequence": s, "out": engine.resolutions(predictions, events, s)}
            for s in range(len(events) + 1)
        ],
        "pickWindow": _pick_window_vectors(predictions),
        "botPick": _bot_pick_vectors(predictions, events),
        "botPicks": _bot_picks_vectors(predictions, events),
        "standings": _standings_vectors(predictions, events),
        "rankOf": _rank_of_vectors(predictions, events),
    }


def _take(generator, count):
    return [generator() for _ in range(count)]


def _random_vector(seed):
    return {
        "seed": seed,
        "xmur3": _take(engine.xmur3(seed), 5),
        "seededRandom": _take(engine.seeded_random(seed), 5),
    }


def _clock_vectors():
    return [
        {"anchor": anchor, "nowMs": now, "out": replay_clock(anchor, now)}
        for anchor in ANCHORS
        for now in _clock_instants(anchor)
    ]


def _clock_instants(anchor):
    """Before the base, and ±1 ms around every phase boundary of several loops."""
    base, tick, pause = anchor["baseStartedAt"], anchor["tickMs"], anchor["pauseMs"]
    play = anchor["lastSequence"] * tick
    boundaries = [0, tick, 2 * tick, play, play + pause // 2, play + (pause + 1) // 2, play + pause]
    instants = {base - 1_000_000, base - 1}
    for loop in CLOCK_LOOPS:
        start = base + loop * (play + pause)
        instants.update(start + b + delta for b in boundaries for delta in (-1, 0, 1))
    return sorted(instants)


def _tally_vectors(predictions, events):
    vectors = []
    for p in predictions:
        sequences = {
            0,
            p["since"],
            p["since"] + 1,
            p["opens_at"],
            p["locks_at"],
            p["resolves_at"],
            len(events),
        }
        vectors += [
            {"prediction": p["id"], "sequence": s, "out": engine.tally(p, events, s)}
            for s in sorted(sequences)
        ]
    return vectors


def _pick_window_vectors(predictions):
    return [
        {"prediction": p["id"], "sequence": s, "out": engine.pick_window(p, s)}
        for p in predictions
        for s in sorted(
            {
                0,
                p["opens_at"] - 1,
                p["opens_at"],
                p["locks_at"] - 1,
                p["locks_at"],
                p["resolves_at"],
            }
        )
    ]


def _bot_pick_vectors(predictions, events):
    return [
        {
            "cycleIndex": loop,
            "prediction": p["id"],
            "bot": bot["id"],
            "out": engine.bot_pick(loop, p, bot, events),
        }
        for loop in BOT_LOOPS
        for p in predictions
        for bot in engine.BOTS
    ]


def _bot_picks_vectors(predictions, events):
    return [
        {"cycleIndex": loop, "sequence": s, "out": engine.bot_picks(loop, predictions, events, s)}
        for loop in (0, 1, 19)
        for s in (0, 7, 8, 38, 59, 73)
    ]


def _standings_vectors(predictions, events):
    pick_sets = {
        "botsOnly": [],
        "hostileNames": _scripted_picks(HOSTILE_NAMES, predictions),
        "ties": _tied_picks(TIED_NAMES, predictions),
    }
    vectors = [
        _standings_vector(name, picks, "seeded", predictions, events, loop, s)
        for name, picks in pick_sets.items()
        for loop in STANDINGS_LOOPS
        for s in STANDINGS_SEQUENCES
    ]
    vectors.append(
        _standings_vector(
            "rankingExample",
            RANKING_EXAMPLE_PICKS,
            "rankingExample",
            RANKING_EXAMPLE_PREDICTIONS,
            events,
            RANKING_EXAMPLE_LOOP,
            RANKING_EXAMPLE_SEQUENCE,
        )
    )
    return vectors


def _rank_of_vectors(predictions, events):
    """Each standings vector summarized (a small top, so most rows fall outside it), with the rank
    a page derives from the summary for every number of points a row holds, and one more."""
    vectors = []
    for standing in _standings_vectors(predictions, events):
        summary = {
            **engine.summarize(standing["out"], top=3),
            "top": [],
        }  # rank_of reads only the counts
        held = sorted({row["points"] for row in standing["out"]} | {5})
        vectors.append(
            {
                "summary": summary,
                "out": [[points, engine.rank_of(summary, points)] for points in held],
            }
        )
    return vectors


def _standings_vector(case, picks, prediction_set, predictions, events, loop, sequence):
    return {
        "case": case,
        "predictionSet": prediction_set,
        "cycleIndex": loop,
        "sequence": sequence,
        "picks": picks,
        "out": engine.standings(loop, picks, events, predictions, sequence),
    }


def _scripted_picks(names, predictions):
    """Varied choices per name, a changed mind (the later pick stands), an unknown prediction
    and an unknown choice, in an interleaved arrival order."""
    picks = []
    for j, p in enumerate(predictions):
        options = p["options"]
        for i, name in enumerate(names):
            if (i + j) % 5 != 4:  # not everyone picks everything
                picks.append(
                    {
                        "name": name,
                        "prediction": p["id"],
                        "choice": options[(i * 3 + j) % len(options)]["id"],
                    }
                )
        picks.append(
            {"name": names[j % len(names)], "prediction": p["id"], "choice": options[-1]["id"]}
        )
    picks.append({"name": names[0], "prediction": "no-such-prediction", "choice": "FRA"})
    picks.append({"name": names[1], "prediction": predictions[0]["id"], "choice": "no-such-option"})
    return picks


def _tied_picks(names, predictions):
    """Everyone makes the same choices, so every human row ties."""
    return [
        {"name": name, "prediction": p["id"], "choice": p["options"][j % 2]["id"]}
        for j, p in enumerate(predictions)
        for name in names
    ]


def render(vectors):
    """Deterministic text: sorted keys, ASCII only (lone surrogates survive as \\u escapes)."""
    return json.dumps(vectors, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def main():
    VECTORS_PATH.write_text(render(build_vectors()), encoding="ascii")
    print(f"wrote {VECTORS_PATH.relative_to(REPO)}")


if __name__ == "__main__":
    main()
