"""The live table on the recorded final day: at every goal of the ten matches it equals a table
counted here, independently, from the recorded goals; it ends as the real 2011-12 table ended;
and the famous last minutes read as they did that afternoon."""

import json
from pathlib import Path

import pytest

from matches import league_table, standings
from matches.feed.recorded import DAY, FACTS
from testsupport import final_day

VECTORS = json.loads(final_day.VECTORS_PATH.read_text(encoding="ascii"))
BEFORE = json.loads(standings.RECORDED_STANDINGS.read_text(encoding="utf-8"))
SUNDERLAND, CITY = 90120521, 90120513


@pytest.fixture
def day():
    return final_day.recorded_day()


def recorded_matches():
    """Every match of the day from its facts file: (home, away, [(half, clock seconds, side)])."""
    city = json.loads(Path(FACTS).read_text(encoding="utf-8"))
    others = json.loads(Path(DAY).read_text(encoding="utf-8"))["fixtures"]
    return [
        (
            facts["home"]["name"],
            facts["away"]["name"],
            [_goal(e) for e in facts["events"] if _is_goal(e)],
        )
        for facts in [city, *others]
    ]


def _is_goal(event):
    return event["kind"] in ("goal", "own_goal", "penalty_scored")


def _goal(event):
    """When (half, seconds of the match clock) and for whom: read from the facts, not the feed."""
    if event.get("match_clock"):
        minutes, seconds = event["match_clock"].split(":")
        clock = int(minutes) * 60 + int(seconds)
    else:
        clock = (event["minute"] + (event["extra_minute"] or 0) - 1) * 60 + 30
    side = event["team"]
    if event["kind"] == "own_goal":
        side = "away" if side == "home" else "home"
    return (1 if event["minute"] <= 45 else 2, clock, side)


def counted_table(until):
    """The table counted by hand from every recorded goal up to `until`."""
    scores = {}
    for home, away, goals in recorded_matches():
        score = {"home": 0, "away": 0}
        for half, clock, side in goals:
            if (half, clock) <= until:
                score[side] += 1
        scores[(home, away)] = (score["home"], score["away"])
    return final_day.count_table(scores)


def test_at_every_goal_of_the_day_the_table_is_the_one_counted_from_the_recorded_goals(day):
    provider, clock = day
    goals = final_day.goal_moments(provider)
    recorded = sorted(g for _, _, goals in recorded_matches() for g in goals)
    assert len(goals) == len(recorded) == 32  # the ten full-time scores add up to 32
    for (at, _, fact), (half, match_clock, _) in zip(goals, recorded):
        results = final_day.results_at(provider, clock, at + 1)
        derived = league_table.derive(final_day.competition(), results)["rows"]
        mine = [(r["team"], r["points"], r["goal_difference"], r["goals_for"]) for r in derived]
        assert mine == counted_table((half, match_clock)), f"after {fact['player']}"


def test_the_day_ends_as_the_2011_12_season_ended(day):
    provider, clock = day
    results = final_day.results_at(provider, clock, final_day.full_time_at(provider, CITY) + 1)
    derived = league_table.derive(final_day.competition(), results)
    assert [
        [
            r["position"],
            r["team"],
            r["played"],
            r["won"],
            r["drawn"],
            r["lost"],
            r["goals_for"],
            r["goals_against"],
            r["points"],
        ]
        for r in derived["rows"]
    ] == BEFORE["final"]["rows"]
    assert derived["headlines"] == [
        "Final table: Manchester City are champions",
        "Final table: Bolton Wanderers, Blackburn Rovers and Wolverhampton Wanderers go down",
    ]


def table_at(day, seconds):
    provider, clock = day
    return league_table.derive(
        final_day.competition(), final_day.results_at(provider, clock, seconds)
    )


def test_united_are_champions_as_it_stands_from_the_whistle_at_sunderland_until_aguero(day):
    provider, _ = day
    whistle = final_day.full_time_at(provider, SUNDERLAND)
    aguero = next(
        at for at, _, fact in final_day.goal_moments(provider) if fact["player"] == "Sergio Agüero"
    )
    assert whistle < aguero
    for seconds in (whistle + 1, aguero - 1):
        table = table_at(day, seconds)
        top = table["rows"][:2]
        assert [(r["team"], r["points"], r["goal_difference"]) for r in top] == [
            ("Manchester United", 89, 56),
            ("Manchester City", 87, 63),  # 2-2 at the Etihad
        ]
        assert top[0]["playing"]["finished"] and not top[1]["playing"]["finished"]
        assert table["headlines"][0] == "As it stands: Manchester United are champions"
    after = table_at(day, aguero + 1)
    assert [
        (r["team"], r["points"], r["goal_difference"], r["moved"]) for r in after["rows"][:2]
    ] == [
        ("Manchester City", 89, 64, 0),
        ("Manchester United", 89, 56, 0),
    ]
    assert after["headlines"][0] == "As it stands: Manchester City are champions"


def test_qpr_stay_up_because_bolton_drew_at_stoke(day):
    provider, _ = day
    end = table_at(day, final_day.full_time_at(provider, CITY) + 1)["rows"]
    qpr, bolton = end[16], end[17]
    assert (qpr["team"], qpr["points"], qpr["zone"]) == ("Queens Park Rangers", 37, None)
    assert (bolton["team"], bolton["points"], bolton["zone"]) == (
        "Bolton Wanderers",
        36,
        "relegation",
    )
    assert bolton["playing"] == {
        "opponent": "Stoke City",
        "at_home": False,
        "scored": 2,
        "conceded": 2,
        "finished": True,
    }
    assert bolton["moved"] == 0 and qpr["moved"] == 0
    # At half time Bolton led at Stoke and City led QPR: QPR were going down as it stood.
    half_time = table_at(day, 46 * 60)["rows"]
    going_down = [r["team"] for r in half_time if r["zone"] == "relegation"]
    assert going_down == ["Queens Park Rangers", "Blackburn Rovers", "Wolverhampton Wanderers"]


def test_beside_a_match_its_two_teams_and_their_rivals(day):
    provider, _ = day
    rows = table_at(day, final_day.full_time_at(provider, CITY) + 1)["rows"]
    shown = league_table.excerpt(rows, ["Manchester City", "Queens Park Rangers"])
    assert [(r["position"], r["team"]) for r in shown] == [
        (1, "Manchester City"),
        (2, "Manchester United"),
        (16, "Aston Villa"),
        (17, "Queens Park Rangers"),
        (18, "Bolton Wanderers"),
    ]


def test_the_shared_vectors_are_what_the_rules_derive_now():
    assert final_day.VECTORS_PATH.read_text(encoding="ascii") == final_day.render(
        final_day.build_vectors()
    ), "league_table_vectors.json is stale: run `python -m testsupport.final_day`"


@pytest.mark.parametrize(
    "case", VECTORS["tieRules"], ids=lambda case: f"{case['competition']}: {case['name']}"
)
def test_the_tie_rules(case):
    competition = VECTORS["competitions"][case["competition"]]
    assert league_table.derive(competition, case["results"]) == case["expected"]
