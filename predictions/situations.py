"""A replay question's window, judged by the game situation (pure, no Django): when it must lock
(the replay's game clock, the score margin) and whether its answer is already plain by then.

FIBA play: four quarters of 10 minutes, overtimes of 5, a 24-second shot clock. A trailing side
can score at most 3 points a possession and has at most one possession per 24 s: a lead wider
than that in the time left is decided.
"""

import math

from predictions import engine

QUARTER_S, OVERTIME_S, SHOT_CLOCK_S, MOST_POINTS_A_POSSESSION = 600, 300, 24, 3


def played_seconds(quarter, clock):
    """Seconds of play before `clock` ("MM:SS" left) in `quarter` (5+ are overtimes)."""
    minutes, seconds = (int(part) for part in clock.split(":"))
    length = QUARTER_S if quarter <= 4 else OVERTIME_S
    before = QUARTER_S * min(quarter - 1, 4) + OVERTIME_S * max(quarter - 5, 0)
    return before + length - (60 * minutes + seconds)


def situation_lock(prediction, events):
    """The first sequence after the opening at which the game reaches `locks_when`: the game
    clock at or past {quarter, clock}, or a lead (of the question's tally) of `margin` or more;
    None when it never does."""
    when = prediction["locks_when"]
    deadline = played_seconds(when["quarter"], when["clock"]) if "quarter" in when else math.inf
    for event in events:
        if event["sequence"] <= prediction["opens_at"]:
            continue
        past_deadline = played_seconds(event["quarter"], event["clock"]) >= deadline
        if past_deadline or lead(prediction, events, event["sequence"]) >= when.get(
            "margin", math.inf
        ):
            return event["sequence"]
    return None


def lead(prediction, events, sequence):
    """How far the first option of the tally is ahead of the second at `sequence`."""
    totals = sorted(engine.tally(prediction, events, sequence).values(), reverse=True)
    return totals[0] - totals[1] if len(totals) > 1 else 0


def catchable(seconds_left):
    """The most points a side can score in `seconds_left` of play."""
    return MOST_POINTS_A_POSSESSION * math.ceil(max(0, seconds_left) / SHOT_CLOCK_S)


def decided_at_lock(prediction, events):
    """(lead, catchable) when the last board a fan can pick on already shows the answer, else None:
    the leader's lead at the last sequence before the lock is more than can be caught up in the
    play left until the resolution."""
    by_sequence = {event["sequence"]: event for event in events}
    last_pick = by_sequence.get(prediction["locks_at"] - 1)
    resolution = by_sequence.get(prediction["resolves_at"])
    if last_pick is None or resolution is None:
        return None
    left = played_seconds(resolution["quarter"], resolution["clock"]) - played_seconds(
        last_pick["quarter"], last_pick["clock"]
    )
    margin = lead(prediction, events, last_pick["sequence"])
    return (margin, catchable(left)) if margin > catchable(left) else None
