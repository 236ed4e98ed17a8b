"""Loading and validating the replay's predictions against its event stream (pure, no Django).

Like the events (matches/replay_data.py), a predictions file that does not validate is refused
whole, with every problem named.
"""

import json
import re

from matches.replay_data import InvalidReplayData, valid  # noqa: F401 (InvalidReplayData: what a refusal raises)
from predictions import engine, situations

# Pacing: a fan needs time to read, think and tap, and cannot watch many questions at once.
# At the replay's 1.5 s ticks, 10 events keep a question open for 15 s of wall time.
MIN_OPEN_EVENTS = 10
MAX_OPEN_AT_ONCE = 2

# Stored with each prediction; a file may add `locks_when` (the situation its locks_at comes from).
PREDICTION_KEYS = (
    "id",
    "question",
    "on",
    "options",
    "since",
    "opens_at",
    "locks_at",
    "resolves_at",
    "points",
)


def load_predictions(path):
    """The predictions file: a JSON list of predictions in their protocol shape (docs/protocol.md)."""
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def validate_predictions(predictions, events):
    """Human-readable problems with `predictions` against `events`; empty when sound."""
    problems = []
    ids = [prediction.get("id") for prediction in predictions]
    problems += [
        f"prediction id {pid!r} is used more than once"
        for pid in sorted(set(ids))
        if ids.count(pid) > 1
    ]
    for position, prediction in enumerate(predictions, start=1):
        missing = [key for key in PREDICTION_KEYS if key not in prediction]
        if missing:
            problems.append(
                f"prediction #{position} ({prediction.get('id')!r}) lacks {', '.join(missing)}"
            )
            continue
        own = _prediction_problems(prediction, events)
        problems += own or (
            _tie_problems(prediction, events)
            + _situation_problems(prediction, events)
            + _decided_problems(prediction, events)
        )
    if not problems:
        problems += _pacing_problems(predictions)
    return problems


def _pacing_problems(predictions):
    """Windows too short to answer, and the question that makes too many open at once."""
    problems = [
        f"{p['id']}: open for {p['locks_at'] - p['opens_at']} events (sequences {p['opens_at']}–{p['locks_at']}); "
        f"a fan needs at least {MIN_OPEN_EVENTS}"
        for p in predictions
        if p["locks_at"] - p["opens_at"] < MIN_OPEN_EVENTS
    ]
    by_opening = sorted(predictions, key=lambda p: (p["opens_at"], p["locks_at"]))
    for position, prediction in enumerate(by_opening):
        start = prediction["opens_at"]
        already = [p["id"] for p in by_opening[:position] if p["opens_at"] <= start < p["locks_at"]]
        if len(already) >= MAX_OPEN_AT_ONCE:
            problems.append(
                f"{prediction['id']}: opens at sequence {start} while {', '.join(already)} are open; "
                f"at most {MAX_OPEN_AT_ONCE} questions may be open at once"
            )
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
        problems += [
            f"{pid}: option {oid!r} is not a {prediction['on']} of the stream"
            for oid in option_ids
            if oid not in known
        ]
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


def _situation_problems(prediction, events):
    """A question that locks on the game situation (`locks_when`) locks where the stream reaches it."""
    when = prediction.get("locks_when")
    if when is None:
        return []
    pid = prediction["id"]
    if not _valid_situation(when):
        return [
            f'{pid}: locks_when must hold a quarter (1–9) with a clock "MM:SS", a margin (a positive '
            f"integer) or both, got {when!r}"
        ]
    sequence = situations.situation_lock(prediction, events)
    if sequence is None:
        return [f"{pid}: the game never reaches its locks_when {when!r} after it opens"]
    if sequence != prediction["locks_at"]:
        event = events[sequence - 1]
        return [
            f"{pid}: locks_when {when!r} is reached at sequence {sequence} (Q{event['quarter']} "
            f"{event['clock']}), but locks_at says {prediction['locks_at']}"
        ]
    return []


def _valid_situation(when):
    if not isinstance(when, dict) or not when or set(when) - {"quarter", "clock", "margin"}:
        return False
    clock = when.get("clock", "00:00")
    timed = ("quarter" in when) == ("clock" in when) and (
        "quarter" not in when or (isinstance(when["quarter"], int) and 1 <= when["quarter"] <= 9)
    )
    margin = when.get("margin", 1)
    return (
        timed
        and isinstance(clock, str)
        and re.fullmatch(r"\d\d:[0-5]\d", clock) is not None
        and isinstance(margin, int)
        and margin > 0
    )


def _decided_problems(prediction, events):
    """A question whose answer the board already shows while fans may still pick is free points."""
    decided = situations.decided_at_lock(prediction, events)
    if decided is None:
        return []
    margin, catchable = decided
    event = events[prediction["locks_at"] - 2]
    return [
        f"{prediction['id']}: decided before it locks: at Q{event['quarter']} {event['clock']} "
        f"(sequence {event['sequence']}, the last a fan may pick at) the lead is {margin}, more than "
        f"the {catchable} points left to play for; lock it earlier (locks_when)"
    ]


def load_valid_predictions(path, events):
    return valid(load_predictions(path), validate_predictions, events)
