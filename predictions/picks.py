"""The server's judgement of picks and its standings, by the shared engine (docs/engine.md §1, §4–6).

Pure: no Django. Predictions, events and the anchor come in their protocol shapes.
"""

from matches.engine import replay_clock
from predictions import engine


def judge_pick(pick, *, joined, predictions, anchor, now_ms):
    """None when the pick stands, else the reason it is rejected (docs/protocol.md `pick_rejected`).

    `predictions` maps prediction id → prediction; `pick.loop` must be the loop being played
    by the server's clock, and the prediction open at the server's sequence.
    """
    if not joined:
        return "not_joined"
    prediction = predictions.get(pick.prediction)
    if prediction is None:
        return "unknown_prediction"
    if pick.choice not in {option["id"] for option in prediction["options"]}:
        return "bad_choice"
    if anchor is None:
        return "not_open"
    clock = replay_clock(anchor, now_ms)
    if pick.loop != clock["loop"]:
        return "wrong_loop"
    window = engine.pick_window(prediction, clock["sequence"])
    return None if window == "open" else window


class BadLoop(ValueError):
    pass


def requested_loop(raw, current_loop):
    """The loop a `?loop=` asks for: the current one when absent, never one still to come."""
    if raw is None or raw == "":
        return current_loop
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 15):
        raise BadLoop("`loop` must be a whole number, 1 or more.")
    loop = int(raw)
    if not 1 <= loop <= current_loop:
        raise BadLoop(f"Loop {loop} has not been played: the replay is in loop {current_loop}.")
    return loop


def standings_report(anchor, now_ms, loop, picks, events, predictions):
    """The `/standings` body: the current loop up to now, a past loop in full.

    Only the current loop's human picks are kept (older ones are pruned), so the caller passes
    picks for the current loop only; a past loop reports the bots, in full, and `pruned: true`.
    """
    clock = replay_clock(anchor, now_ms)
    current = loop == clock["loop"]
    sequence = clock["sequence"] if current else anchor["lastSequence"]
    return {
        "loop": loop,
        "sequence": sequence,
        "results": engine.resolutions(predictions, events, sequence),
        "standings": engine.standings(
            loop - 1, picks if current else [], events, predictions, sequence
        ),
        "pruned": not current,
    }
