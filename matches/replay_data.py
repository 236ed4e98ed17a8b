"""Loading and validating the replay's frozen event stream and its predictions (pure, no Django).

A seed that does not validate is refused whole, with every problem named, so a broken data file
can never reach a running replay.
"""

import json
import re

from matches import engine

TEAMS = ("FRA", "AUS")
OFFICIAL_QUARTER_SCORES = {"FRA": [11, 10, 21, 25], "AUS": [16, 14, 16, 13]}
GAME_CLOCK = re.compile(r"^\d\d:[0-5]\d$")
PREDICTION_KEYS = ("id", "question", "on", "options", "since", "opens_at", "locks_at", "resolves_at", "points")


class InvalidReplayData(ValueError):
    """The data file does not validate; the message lists every problem."""


# Events


def load_events(path):
    """The rows of pbp.json as PROTOCOL.md replay events."""
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
            problems.append(f"event {sequence}: a scoring event needs a team among {', '.join(teams)}, got {event['team']!r}")
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
    return _valid(events, validate_events)


def _valid(items, validate, *args):
    problems = validate(items, *args)
    if problems:
        raise InvalidReplayData("; ".join(problems))
    return items


# Predictions


def load_predictions(path):
    """The predictions file: a JSON list of PROTOCOL.md predictions."""
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def validate_predictions(predictions, events):
    """Human-readable problems with `predictions` against `events`; empty when sound."""
    problems = []
    ids = [prediction.get("id") for prediction in predictions]
    problems += [f"prediction id {pid!r} is used more than once" for pid in sorted(set(ids)) if ids.count(pid) > 1]
    for position, prediction in enumerate(predictions, start=1):
        missing = [key for key in PREDICTION_KEYS if key not in prediction]
        if missing:
            problems.append(f"prediction #{position} ({prediction.get('id')!r}) lacks {', '.join(missing)}")
            continue
        own = _prediction_problems(prediction, events)
        problems += own or _tie_problems(prediction, events)
    return problems


def _prediction_problems(prediction, events):
    pid = prediction["id"]
    last_sequence = events[-1]["sequence"] if events else 0
    order = [prediction[key] for key in ("since", "opens_at", "locks_at", "resolves_at")]
    problems = []
    if not (0 <= order[0] <= order[1] < order[2] <= order[3] <= last_sequence):
        problems.append(
            f"{pid}: needs 0 ≤ since ≤ opens_at < locks_at ≤ resolves_at ≤ {last_sequence}, got {order}"
        )
    if not (isinstance(prediction["points"], int) and prediction["points"] > 0):
        problems.append(f"{pid}: points must be a positive integer")
    option_ids = [option["id"] for option in prediction["options"]]
    if not option_ids:
        problems.append(f"{pid}: has no options")
    if len(set(option_ids)) != len(option_ids):
        problems.append(f"{pid}: option ids repeat: {option_ids}")
    known = _known_option_ids(prediction["on"], events)
    if known is None:
        problems.append(f"{pid}: on must be 'team' or 'player', got {prediction['on']!r}")
    else:
        problems += [f"{pid}: option {oid!r} is not a {prediction['on']} of the stream" for oid in option_ids if oid not in known]
    return problems


def _known_option_ids(on, events):
    field = {"team": "team", "player": "player_id"}.get(on)
    return None if field is None else {event[field] for event in events if event[field]}


def _tie_problems(prediction, events):
    totals = engine.tally(prediction, events, prediction["resolves_at"])
    top = max(totals.values())
    tied = [option_id for option_id, total in totals.items() if total == top]
    if len(tied) < 2:
        return []
    return [
        f"{prediction['id']}: ties at resolution (sequence {prediction['resolves_at']}): "
        f"{', '.join(tied)} all have {top}"
    ]


def load_valid_predictions(path, events):
    return _valid(load_predictions(path), validate_predictions, events)
