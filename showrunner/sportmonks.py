"""The story facts of a SportMonks fixture: its season's table, form and the line-ups.

Two v3 calls through the feed's own client (matches/feed/sportmonks.py: one quota, retries):
the fixture with its participants and line-ups (`fixtures/{id}`, which names the season), then
the season's standings with each row's team, details and form (`standings/seasons/{season_id}`).
Only the rows around both teams are kept; form is the last five results, newest first.
"""

from django.conf import settings

from matches.feed import sportmonks

FIXTURE_INCLUDES = "participants;lineups"
STANDINGS_INCLUDES = "participant;details;form"
# Standing detail types (SportMonks "Standings" types).
PLAYED, GOALS_FOR, GOALS_AGAINST = 129, 133, 134
STARTING_XI = 11
AROUND = 1  # rows either side of each team
FORM_SHOWN = 5


def fixture_story(external_id, teams) -> dict:
    client = sportmonks.shared(settings.SPORTMONKS_API_TOKEN, settings.SPORTMONKS_BASE_URL)
    fixture = client.fixture_with(external_id, FIXTURE_INCLUDES) or {}
    standings = []
    if fixture.get("season_id"):
        standings = client.season_standings(fixture["season_id"], STANDINGS_INCLUDES) or []
    side_ids = _side_ids(fixture)
    return {
        "table": around(standings, set(side_ids.values())),
        "form": form(standings, side_ids, teams),
        "players": line_ups(fixture, side_ids, teams),
        "stakes": [],
    }


def around(standings, team_ids):
    rows = sorted(
        (row for row in standings if isinstance(row, dict)),
        key=lambda row: row.get("position") or 0,
    )
    keep = set()
    for index, row in enumerate(rows):
        if row.get("participant_id") in team_ids:
            keep.update(range(max(0, index - AROUND), min(len(rows), index + AROUND + 1)))
    return [_row(rows[index]) for index in sorted(keep)]


def _row(row):
    details = {detail.get("type_id"): detail.get("value") for detail in row.get("details") or []}
    name = (row.get("participant") or {}).get("name") or f"team {row.get('participant_id')}"
    return {
        "position": row.get("position"),
        "team": name,
        "played": details.get(PLAYED, 0),
        "points": row.get("points") or 0,
        "goal_difference": (details.get(GOALS_FOR) or 0) - (details.get(GOALS_AGAINST) or 0),
    }


def form(standings, side_ids, teams):
    names = {side_ids.get("home"): teams.home, side_ids.get("away"): teams.away}
    result = {}
    for row in standings:
        if isinstance(row, dict) and row.get("participant_id") in names and row.get("form"):
            newest_first = sorted(row["form"], key=lambda entry: -(entry.get("sort_order") or 0))
            result[names[row["participant_id"]]] = [
                entry.get("form") for entry in newest_first[:FORM_SHOWN]
            ]
    return result


def line_ups(fixture, side_ids, teams):
    names = {side_ids.get("home"): teams.home, side_ids.get("away"): teams.away}
    xi = {}
    for player in fixture.get("lineups") or []:
        if player.get("type_id") == STARTING_XI and player.get("team_id") in names:
            xi.setdefault(names[player["team_id"]], []).append(player.get("player_name") or "?")
    return [f"{team} XI: {', '.join(players)}" for team, players in xi.items()]


def _side_ids(fixture):
    sides = {}
    for team in fixture.get("participants") or []:
        location = (team.get("meta") or {}).get("location")
        if location in ("home", "away"):
            sides[location] = team.get("id")
    return sides
