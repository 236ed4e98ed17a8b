"""Loading and validating the replay's frozen event stream (pure, no Django).

A seed that does not validate is refused whole, with every problem named, so a broken data file
can never reach a running replay. The predictions are validated by their own app
(predictions/validation.py).
"""

import json
import re

from matches import engine

TEAMS = ("FRA", "AUS")
OFFICIAL_QUARTER_SCORES = {"FRA": [11, 10, 21, 25], "AUS": [16, 14, 16, 13]}
GAME_CLOCK = re.compile(r"^\d\d:[0-5]\d$")


class InvalidReplayData(ValueError):
    """The data file does not validate; the message lists every problem."""


# Events


def load_events(path):
    """The rows of pbp.json as replay events (docs/protocol.md)."""
    with open(path, encoding="utf-8") as file:
        return [_replay_event(row) for row in json.load(file)]


def _replay_event(row):
    return {
        "sequence": int(row["sequence"]),
        "quarter": int(row["quarter"]),
        "clock": row["clock"],
        "team": row["team"] or None,
        "player_id": row["player_id"] or None,
        "player": row["player"] or None,
        "points": int(row["points"]),
        "kind": row["type"],
        "description": row["description_en"],
    }


def validate_events(events, teams=TEAMS, quarter_scores=OFFICIAL_QUARTER_SCORES):
    """Human-readable problems with `events`; empty when the stream is sound."""
    problems = []
    for position, event in enumerate(events, start=1):
        problems += _event_problems(position, event, teams, len(quarter_scores[teams[0]]))
    if not problems:  # the quarter check needs a well-formed stream
        problems += _quarter_score_problems(events, teams, quarter_scores)
    return problems


def _event_problems(position, event, teams, quarters):
    sequence = event["sequence"]
    problems = []
    if sequence != position:
        problems.append(f"event #{position} has sequence {sequence}, expected {position}")
    if event["points"] not in (0, 1, 2, 3):
        problems.append(f"event {sequence}: points {event['points']!r} is not 0–3")
    if not 1 <= event["quarter"] <= quarters:
        problems.append(f"event {sequence}: quarter {event['quarter']!r} is not 1–{quarters}")
    if not GAME_CLOCK.match(str(event["clock"])):
        problems.append(f"event {sequence}: clock {event['clock']!r} is not MM:SS")
    if event["points"] > 0:
        if event["team"] not in teams:
            problems.append(
                f"event {sequence}: a scoring event needs a team among {', '.join(teams)}, got {event['team']!r}"
            )
        if not event["player_id"] or not event["player"]:
            problems.append(f"event {sequence}: a scoring event needs a player_id and a player")
    return problems


def _quarter_score_problems(events, teams, quarter_scores):
    problems = []
    folded = _quarter_scores(events, teams, len(quarter_scores[teams[0]]))
    for team in teams:
        for quarter, (got, official) in enumerate(zip(folded[team], quarter_scores[team]), start=1):
            if got != official:
                gap = got - official
                problems.append(
                    f"Q{quarter} {team}: the events make {got}, the official score is {official} "
                    f"({abs(gap)} too {'many' if gap > 0 else 'few'})"
                )
    return problems


def _quarter_scores(events, teams, quarters):
    """Points per team per quarter, as differences of the engine's fold at each quarter's end."""
    home_away = {"home": teams[0], "away": teams[1]}
    scores = {team: [] for team in teams}
    previous = engine.fold_state(events, 0, home_away)["score"]
    for quarter in range(1, quarters + 1):
        end = max((e["sequence"] for e in events if e["quarter"] <= quarter), default=0)
        score = engine.fold_state(events, end, home_away)["score"]
        for team in teams:
            scores[team].append(score[team] - previous[team])
        previous = score
    return scores


def load_valid_events(path):
    """The events of `path`, or InvalidReplayData naming every problem."""
    try:
        events = load_events(path)
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidReplayData(f"{path}: unreadable event rows ({error!r})") from error
    return valid(events, validate_events)


def valid(items, validate, *args):
    """`items`, or InvalidReplayData naming every problem `validate(items, *args)` finds."""
    problems = validate(items, *args)
    if problems:
        raise InvalidReplayData("; ".join(problems))
    return items
