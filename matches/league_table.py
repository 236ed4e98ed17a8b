"""The league table as it stands: the standings before the day's kick-offs plus every fixture's
live score. Pure; `matches/static/matches/feed/league_table.js` mirrors it and both are held to
`matches/tests/league_table_vectors.json` (docs/feed.md, "The live table").

A competition is `{"rows": [...], "zones": [...], "games": N}`: each row a team before the day
(`team`, `code`, `played`, `won`, `drawn`, `lost`, `goals_for`, `goals_against`, `points`), the
places that matter (`{key, label, from, to}`, positions inclusive) and the games each team plays
in the season (the last round is when "top" means champions). A result is
`{home, away, home_goals, away_goals, category}` with teams by name and the state's category
(matches/feed/states.py): it counts once kicked off (not "not_started" or "unplayed"), and is
settled when "finished".
"""

UNCOUNTED = ("not_started", "unplayed")
EXCERPT_REACH = 1  # a team's rivals: the places either side of it


def derive(competition, results):
    """{"rows": the table now, "headlines": what it says, in words}."""
    counted = [r for r in results if r.get("category") not in UNCOUNTED]
    before = _ranked([_fresh(row) for row in competition["rows"]])
    position_before = {row["team"]: row["position"] for row in before}
    rows = {row["team"]: _fresh(row) for row in competition["rows"]}
    for result in counted:
        for side, other in (("home", "away"), ("away", "home")):
            row = rows.get(result[side])
            if row is not None:
                _add(row, result, side, other)
    table = _ranked(list(rows.values()))
    zones = competition.get("zones") or []
    for row in table:
        row["moved"] = position_before[row["team"]] - row["position"]
        row["zone"] = _zone(zones, row["position"])
    last_round = bool(table) and all(row["played"] == competition.get("games") for row in table)
    settled = bool(counted) and all(r.get("category") == "finished" for r in counted)
    return {"rows": table, "headlines": _headlines(table, zones, last_round, settled, counted)}


def excerpt(rows, teams):
    """The rows of `teams` and their rivals (the places either side), in table order."""
    places = {row["position"] for row in rows if row["team"] in teams}
    near = {p + step for p in places for step in range(-EXCERPT_REACH, EXCERPT_REACH + 1)}
    return [row for row in rows if row["position"] in near or row["team"] in teams]


def _fresh(row):
    return {
        "team": row["team"],
        "code": row.get("code") or "",
        "played": row["played"],
        "won": row["won"],
        "drawn": row["drawn"],
        "lost": row["lost"],
        "goals_for": row["goals_for"],
        "goals_against": row["goals_against"],
        "goal_difference": row["goals_for"] - row["goals_against"],
        "points": row["points"],
        "playing": None,
    }


def _add(row, result, side, other):
    scored, conceded = result[f"{side}_goals"], result[f"{other}_goals"]
    outcome = "won" if scored > conceded else "drawn" if scored == conceded else "lost"
    row["played"] += 1
    row[outcome] += 1
    row["points"] += {"won": 3, "drawn": 1, "lost": 0}[outcome]
    row["goals_for"] += scored
    row["goals_against"] += conceded
    row["goal_difference"] = row["goals_for"] - row["goals_against"]
    row["playing"] = {
        "opponent": result[other],
        "at_home": side == "home",
        "scored": scored,
        "conceded": conceded,
        "finished": result.get("category") == "finished",
    }


def _ranked(rows):
    """Points, then goal difference, then goals scored (Premier League C.17); teams still level
    share the position and are listed by name."""
    rows.sort(key=lambda r: (-r["points"], -r["goal_difference"], -r["goals_for"], r["team"]))
    for index, row in enumerate(rows):
        previous = rows[index - 1] if index else None
        level = previous is not None and _merit(previous) == _merit(row)
        row["position"] = previous["position"] if level else index + 1
        row["shared"] = level
        if level:
            previous["shared"] = True
    return rows


def _merit(row):
    return (row["points"], row["goal_difference"], row["goals_for"])


def _zone(zones, position):
    return next((z["key"] for z in zones if z["from"] <= position <= z["to"]), None)


def _headlines(table, zones, last_round, settled, counted):
    """The title and the drop, said plainly; nothing before a ball is kicked."""
    if not counted:
        return []
    prefix = "Final table: " if settled else "As it stands: "
    lines = []
    leaders = [row["team"] for row in table if row["position"] == 1]
    if len(leaders) > 1:
        lines.append(f"{prefix}{_names(leaders)} are level at the top")
    elif leaders:
        lines.append(f"{prefix}{leaders[0]} {'are champions' if last_round else 'top the table'}")
    for zone in zones:
        if zone["key"] == "relegation":
            down = [row["team"] for row in table if zone["from"] <= row["position"] <= zone["to"]]
            if down:
                verb = "go down" if last_round else "are in the relegation places"
                lines.append(f"{prefix}{_names(down)} {verb}")
    return lines


def _names(names):
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
