"""The football match clock's vectors, one file for the server and the page
(matches/tests/clock_vectors.json): generated from the rules in matches/feed/clock.py (`tick`,
`standing_clock`) and checked against the page's mirrors (matches/static/matches/feed/clock.js)
by jstests/feed_clock.test.mjs; the Python tests fail when the committed file is stale.

    python -m testsupport.clock_vectors   # rewrites matches/tests/clock_vectors.json
"""

import json
from pathlib import Path

from matches.feed import states
from matches.feed.clock import standing_clock, tick

FILE = Path(__file__).resolve().parent.parent / "matches" / "tests" / "clock_vectors.json"
KICKOFF_MS = 1_336_917_600_000  # 13 May 2012, 14:00 UTC


def running(counts_from, regular_end, rate=1):
    return {
        "ticking": True,
        "started_ms": KICKOFF_MS,
        "counts_from": counts_from,
        "regular_end": regular_end,
        "rate": rate,
    }


TICK_CASES = [
    ("first half, 30 s in", running(0, 45, rate=1), 1336917630000),
    ("a minute after the last update", running(0, 45, rate=1), 1336918325000),
    ("the last regular minute", running(0, 45, rate=1), 1336920299000),
    ("first-half stoppage", running(0, 45, rate=1), 1336920361000),
    ("second half", running(45, 90, rate=1), 1336918805000),
    ("second-half stoppage", running(45, 90, rate=1), 1336920490000),
    ("extra time stoppage", running(90, 105, rate=1), 1336918590000),
    (
        "a page clock behind the start reads the first minute",
        running(45, 90, rate=1),
        1336917595000,
    ),
    ("a demo clock at 20x", running(0, 45, rate=20), 1336917660000),
    ("a clock that does not tick", {"ticking": False}, 1336917600000),
]


def st(code):
    """The state as the composite update carries it (matches/feed/composite.py `_state`)."""
    return {"code": code, "category": states.category(code), "voids": states.facts(code).voids}


STANDING_CASES = [
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
    ticks = [
        {"name": name, "facts": facts, "now_ms": now_ms, "expected": tick(facts, now_ms)}
        for name, facts, now_ms in TICK_CASES
    ]
    standing = []
    for name, state, elapsed, final in STANDING_CASES:
        clock = standing_clock(state, elapsed, final)
        standing.append(
            {
                "name": name,
                "state": state,
                "elapsed": elapsed,
                "final": final,
                "expected": None if clock is None else {"value": clock.value, "phase": clock.phase},
            }
        )
    return {
        "note": "The football match clock, one file for the server (matches/feed/clock.py) and the "
        "page (matches/static/matches/feed/clock.js): `tick` runs the clock between updates, "
        "`standing` is where the game's clock stands while it does not tick. Regenerate with "
        "`python -m testsupport.clock_vectors` after changing a rule, and make the JavaScript agree.",
        "tick": ticks,
        "standing": standing,
    }


def text():
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    FILE.write_text(text(), encoding="utf-8")
