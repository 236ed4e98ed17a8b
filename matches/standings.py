"""Which league table a feed fixture counts in, and what the table reads of it. Pure: the match
day (matches/day.py), the presenter and the tests share it.

Standings before the day come from sourced files for the recorded final day
(matches/data/final_day_2012/standings_before.json) and from the feed for SportMonks fixtures
(matches.models.StandingsSnapshot).
"""

import json
from functools import cache
from pathlib import Path

RECORDED_STANDINGS = (
    Path(__file__).resolve().parent / "data" / "final_day_2012" / "standings_before.json"
)


@cache
def recorded_competitions():
    """{table key: competition} of the recorded day (its league's name and date make the key)."""
    data = json.loads(RECORDED_STANDINGS.read_text(encoding="utf-8"))
    competition = {key: data[key] for key in ("rows", "zones", "games")}
    return {recorded_key(data["competition_name"], data["date"]): competition}


def recorded_key(competition_name, date):
    return f"{competition_name} · {date}"


def table_key(snapshot, known):
    """Which table a fixture counts in: a recorded match in its day's, a live one in its league's
    current standings; None when no standings are known for it."""
    recorded = snapshot.get("recorded") or {}
    name = snapshot.get("competition") or ""
    key = recorded_key(name, recorded.get("date")) if recorded else name
    return key if key in known else None


def result_of(snapshot):
    """A fixture as the table reads it (league_table: teams by name, score, state category)."""
    teams, scores = snapshot.get("teams") or {}, snapshot.get("scores") or {}
    return {
        "home": (teams.get("home") or {}).get("name"),
        "away": (teams.get("away") or {}).get("name"),
        "home_goals": scores.get("home") or 0,
        "away_goals": scores.get("away") or 0,
        "category": (snapshot.get("state") or {}).get("category"),
    }
