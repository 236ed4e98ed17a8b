"""The standing match clock's vectors, one file for the server and the page: generated from the
rule (predictions/livegame.py `standing_clock`) and checked against the page's mirror
(predictions/static/predictions/live_questions.js `standingClock`) by jstests/live_questions.test.mjs.

    python -m predictions.tests.live_clock_vectors   # rewrites live_clock_vectors.json
"""

import json
from pathlib import Path

from matches.feed import states
from predictions.livegame import standing_clock

FILE = Path(__file__).with_suffix(".json")


def st(code):
    return {"code": code, "category": states.category(code)}


CASES = [
    ("before kick-off", st("NS"), None, False),
    ("first half ticks", st("INPLAY_1ST_HALF"), {"minute": 39, "extra_time": 0}, False),
    (
        "half time stands past the first half's added time",
        st("HT"),
        {"minute": 45, "extra_time": 0},
        False,
    ),
    ("BREAK at half time", st("BREAK"), {"minute": 45, "extra_time": 0}, False),
    ("BREAK before extra time", st("BREAK"), {"minute": 90, "extra_time": 0}, False),
    (
        "full time read once: a pause, extra time may follow",
        st("FT"),
        {"minute": 90, "extra_time": 0},
        False,
    ),
    ("full time confirmed: over", st("FT"), {"minute": 90, "extra_time": 0}, True),
    ("extra time ticks", st("INPLAY_ET"), {"minute": 95, "extra_time": 0}, False),
    ("extra-time half time", st("EXTRA_TIME_BREAK"), {"minute": 105, "extra_time": 0}, False),
    (
        "the break before the shoot-out stands past 120+",
        st("PEN_BREAK"),
        {"minute": 120, "extra_time": 0},
        False,
    ),
    (
        "the shoot-out stands past 120+",
        st("INPLAY_PENALTIES"),
        {"minute": 120, "extra_time": 0},
        False,
    ),
    ("after extra time, read once", st("AET"), {"minute": 120, "extra_time": 0}, False),
    ("after penalties, confirmed", st("FT_PEN"), {"minute": 120, "extra_time": 0}, True),
    ("pending: the last minute", st("PENDING"), {"minute": 67, "extra_time": 0}, False),
    ("awaiting updates in stoppage time", st("AU"), {"minute": 90, "extra_time": 3}, False),
    ("suspended", st("SUSPENDED"), {"minute": 71, "extra_time": 0}, False),
    ("postponed", st("POSTPONED"), {"minute": None, "extra_time": 0}, False),
    ("abandoned, read once, is over", st("ABANDONED"), {"minute": 77, "extra_time": 0}, False),
    (
        "an unknown state with a minute",
        {"code": "STATE_99", "category": None},
        {"minute": 12, "extra_time": 0},
        False,
    ),
]


def build():
    vectors = []
    for name, state, elapsed, final in CASES:
        clock = standing_clock(state, elapsed, final)
        vectors.append(
            {
                "name": name,
                "state": state,
                "elapsed": elapsed,
                "final": final,
                "expected": None if clock is None else {"value": clock.value, "phase": clock.phase},
            }
        )
    return {
        "note": "Shared by predictions/tests/test_live_rules.py (livegame.standing_clock) and "
        "jstests/live_questions.test.mjs (live_questions.js standingClock): the page's match clock stands "
        "where the server's does. Regenerate with `python -m predictions.tests.live_clock_vectors` after "
        "changing the rule, and make the JavaScript agree.",
        "vectors": vectors,
    }


def text():
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    FILE.write_text(text(), encoding="utf-8")
