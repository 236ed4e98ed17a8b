"""Which league table a feed fixture counts in, and what the table reads of it. Pure: the match
day (matches/day.py), the presenter and the tests share it.

Standings before the day come from sourced files for the recorded final day
(matches/data/final_day_2012/standings_before.json) and from the feed for SportMonks fixtures
(matches.models.StandingsSnapshot).
"""

import datetime
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
    """ "Premier League · 13 May 2012": the table's name as the lobby heads it."""
    day = datetime.date.fromisoformat(date) if date else None
    return f"{competition_name} · {day.day} {day:%B %Y}" if day else competition_name


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


# SportMonks' standing detail types (docs.sportmonks.com/football/definitions/types/standings).
DETAILS = {
    129: "played",
    130: "won",
    131: "drawn",
    132: "lost",
    133: "goals_for",
    134: "goals_against",
}
MAX_ROWS = 60  # a league table; more is not one


def from_sportmonks(rows):
    """A season's v3 standings (rows with `participant` and `details`) as league_table reads a
    competition: the table before the day. No zones (SportMonks' standing rules are not read) and
    no known number of games, so the headlines say "top the table", never "champions"."""
    table = []
    for row in rows[:MAX_ROWS]:
        details = {d.get("type_id"): d.get("value") for d in row.get("details") or []}
        participant = row.get("participant") or {}
        table.append(
            {
                "team": participant.get("name") or f"team {row.get('participant_id')}",
                "code": participant.get("short_code") or "",
                "points": _count(row.get("points")),
                **{field: _count(details.get(type_id)) for type_id, field in DETAILS.items()},
            }
        )
    return {"rows": table, "zones": [], "games": None}


def _count(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
