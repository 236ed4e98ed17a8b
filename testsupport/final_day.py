"""The recorded final day, moment by moment: when each goal of the ten matches happens on the one
demo clock, and what the feed says then. The live table's vectors, its tests and the bench read
the day through here.

    python -m testsupport.final_day   # rewrites matches/tests/league_table_vectors.json
"""

import json
from pathlib import Path

from matches import league_table, standings
from matches.feed import states
from matches.feed.recorded import RecordedDay

REPO = Path(__file__).resolve().parent.parent
VECTORS_PATH = REPO / "matches" / "tests" / "league_table_vectors.json"
START = 1_700_000_000.0


class Clock:
    def __init__(self, now=START):
        self.now = now

    def __call__(self):
        return self.now


def recorded_day():
    clock = Clock()
    return RecordedDay(clock=clock), clock


def goal_moments(provider):
    """(seconds after the first kick-off, fixture id, the goal's fact) for every goal of the day,
    in the order they happened."""
    moments = [
        (event["at"], feed.fixture_id, event["fact"])
        for feed in provider.feeds
        for event in feed.events
        if event["fact"]["kind"] in ("goal", "own_goal", "penalty_scored")
    ]
    return sorted(moments, key=lambda moment: (moment[0], moment[1]))


def full_time_at(provider, fixture_id):
    """When a fixture's final whistle blows, in seconds after the first kick-off."""
    feed = next(feed for feed in provider.feeds if feed.fixture_id == fixture_id)
    return feed.second_half_end


def snapshots_at(provider, clock, seconds):
    """The ten fixtures as the feed reads them `seconds` after kick-off, each with its state's
    category (as the stored snapshot carries it)."""
    clock.now = provider.first_kickoff + seconds
    return [_with_category(snapshot) for snapshot in provider.live_snapshots()]


def results_at(provider, clock, seconds):
    return [standings.result_of(snapshot) for snapshot in snapshots_at(provider, clock, seconds)]


def competition():
    [known] = standings.recorded_competitions().values()
    return known


def count_table(scores):
    """The table counted by hand, independently of matches/league_table.py: the standings before
    the day plus `scores` ({(home, away): (home goals, away goals)}), as
    [(team, points, goal difference, goals for)] by points, goal difference, goals, name."""
    rows = {r["team"]: dict(r) for r in competition()["rows"]}
    for (home, away), (home_goals, away_goals) in scores.items():
        for team, mine, theirs in ((home, home_goals, away_goals), (away, away_goals, home_goals)):
            row = rows[team]
            row["points"] += 3 if mine > theirs else 1 if mine == theirs else 0
            row["goals_for"] += mine
            row["goals_against"] += theirs
    table = [
        (r["team"], r["points"], r["goals_for"] - r["goals_against"], r["goals_for"])
        for r in rows.values()
    ]
    return sorted(table, key=lambda r: (-r[1], -r[2], -r[3], r[0]))


def sportmonks_standings():
    """The table before the final day as SportMonks' season standings would send it (v3 rows
    with `participant` and `details`, docs.sportmonks.com/football/endpoints-and-entities/entities/
    standing-and-topscorer and /definitions/types/standings); ids made up like the feed's."""
    types = {
        "played": 129,
        "won": 130,
        "drawn": 131,
        "lost": 132,
        "goals_for": 133,
        "goals_against": 134,
    }
    return [
        {
            "id": 7_000 + index,
            "participant_id": 90_000_100 + index,
            "position": index + 1,
            "points": row["points"],
            "participant": {
                "id": 90_000_100 + index,
                "name": row["team"],
                "short_code": row["code"],
            },
            "details": [
                {"type_id": type_id, "value": row[field]} for field, type_id in types.items()
            ],
        }
        for index, row in enumerate(competition()["rows"])
    ]


def _with_category(snapshot):
    state = snapshot["state"]
    return {**snapshot, "state": {**state, "category": states.category(state["code"])}}


# The vectors: the recorded day at every goal and at the famous moments, and small made-up
# leagues for the tie rules.

TINY = {
    "games": 3,
    "zones": [
        {"key": "title", "label": "Champions", "from": 1, "to": 1},
        {"key": "relegation", "label": "Relegation", "from": 4, "to": 4},
    ],
    "rows": [
        {
            "team": name,
            "code": name[:3].upper(),
            "played": 2,
            "won": w,
            "drawn": d,
            "lost": lo,
            "goals_for": gf,
            "goals_against": ga,
            "points": 3 * w + d,
        }
        for name, w, d, lo, gf, ga in [
            ("Alpha", 1, 1, 0, 3, 1),
            ("Beta", 1, 1, 0, 3, 1),
            ("Émile", 1, 0, 1, 2, 2),
            ("Zeta", 0, 0, 2, 0, 4),
        ]
    ],
}


def _tiny(home, away, home_goals, away_goals, code):
    return {
        "home": home,
        "away": away,
        "home_goals": home_goals,
        "away_goals": away_goals,
        "category": states.category(code),
    }


TINY_CASES = [
    ("nothing kicked off: no headline, nobody moves", []),
    (
        "not started and unplayed do not count",
        [_tiny("Alpha", "Zeta", 0, 0, "NS"), _tiny("Beta", "Émile", 0, 0, "POSTPONED")],
    ),
    (
        "level on points, goal difference and goals: the place is shared",
        [_tiny("Alpha", "Zeta", 1, 1, "INPLAY_1ST_HALF"), _tiny("Beta", "Émile", 1, 1, "HT")],
    ),
    (
        "goals scored split a level goal difference",
        [_tiny("Alpha", "Zeta", 2, 0, "FT"), _tiny("Beta", "Émile", 3, 1, "FT")],
    ),
    (
        "a halted match counts as it stands; an unknown team is ignored",
        [_tiny("Zeta", "Alpha", 2, 0, "SUSPENDED"), _tiny("Beta", "Nobody FC", 5, 0, "FT")],
    ),
]
MID_SEASON = {**TINY, "games": 38}


def build_vectors():
    provider, clock = recorded_day()
    known = competition()
    goals = goal_moments(provider)
    sunderland, city = 90120521, 90120513
    moments = (
        [("before kick-off", -30)]
        + [
            (
                f"{fact['player']} {fact['minute']}{'+' + str(fact['extra_minute']) if fact['extra_minute'] else ''}'"
                f" ({fixture_id})",
                at + 1,
            )
            for at, fixture_id, fact in goals
        ]
        + [
            ("full time at Sunderland", full_time_at(provider, sunderland) + 1),
            ("the last whistle at the Etihad", full_time_at(provider, city) + 1),
        ]
    )
    recorded = []
    for name, seconds in sorted(moments, key=lambda m: m[1]):
        results = results_at(provider, clock, seconds)
        derived = league_table.derive(known, results)
        recorded.append(
            {
                "name": name,
                "results": results,
                "expected": derived,
                "excerpts": [
                    {
                        "teams": [r["home"], r["away"]],
                        "expected": [
                            row["team"]
                            for row in league_table.excerpt(derived["rows"], [r["home"], r["away"]])
                        ],
                    }
                    for r in results
                ],
            }
        )
    tiny = [
        {
            "name": name,
            "competition": comp_name,
            "results": results,
            "expected": league_table.derive(comp, results),
        }
        for comp_name, comp in (("tiny", TINY), ("midSeason", MID_SEASON))
        for name, results in TINY_CASES
    ]
    return {
        "note": "Shared by matches/tests/test_league_table.py (matches/league_table.py) and "
        "jstests/league_table.test.mjs (matches/static/matches/feed/league_table.js): the server "
        "and every page derive the same table. Regenerate with `python -m testsupport.final_day`.",
        "competitions": {"recordedDay": known, "tiny": TINY, "midSeason": MID_SEASON},
        "recordedDay": recorded,
        "tieRules": tiny,
    }


def render(vectors):
    return json.dumps(vectors, sort_keys=True, ensure_ascii=True) + "\n"


def main():
    VECTORS_PATH.write_text(render(build_vectors()), encoding="ascii")
    print(f"wrote {VECTORS_PATH.relative_to(REPO)}")


if __name__ == "__main__":
    main()
