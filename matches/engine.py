"""The shared-truth engine, replay half (docs/engine.md §1–2): the replay clock and the state fold.

Pure and deterministic: no Django, no I/O, no wall-clock reads. The JavaScript engine mirrors
every function here; `matches/tests/engine_vectors.json` (built by `python -m testsupport.golden`)
holds them to the same outputs bit for bit. The game's half (seeded random, predictions, bots,
standings: §3–6) is predictions/engine.py.
"""

# §1 Replay clock


def replay_clock(anchor, now_ms):
    """Where every client is in the endless replay at `now_ms` (all integers, in ms)."""
    tick_ms, pause_ms, last_sequence = anchor["tickMs"], anchor["pauseMs"], anchor["lastSequence"]
    play_ms = last_sequence * tick_ms
    cycle_ms = play_ms + pause_ms
    elapsed = max(0, now_ms - anchor["baseStartedAt"])
    cycle_index, within = divmod(elapsed, cycle_ms)
    loop_started_at = anchor["baseStartedAt"] + cycle_index * cycle_ms
    return {
        "cycleIndex": cycle_index,
        "loop": cycle_index + 1,
        "sequence": within // tick_ms + 1 if within < play_ms else last_sequence,
        "phase": _phase(within - play_ms, pause_ms),
        "withinMs": within,
        "playMs": play_ms,
        "cycleMs": cycle_ms,
        "loopStartedAt": loop_started_at,
        "nextTipoffMs": loop_started_at + cycle_ms,
    }


def _phase(since_final_buzzer_ms, pause_ms):
    if since_final_buzzer_ms < 0:
        return "LIVE"
    # `x < pauseMs / 2` without a fraction, so an odd pause splits identically everywhere.
    return "POST_MATCH" if 2 * since_final_buzzer_ms < pause_ms else "PRE_MATCH"


# §2 State fold


def fold_state(events, sequence, teams):
    """The match state after the events with sequence ≤ `sequence` (events in stream order)."""
    state = {
        "sequence": sequence,
        "quarter": 1,
        "clock": "10:00",
        "score": {teams["home"]: 0, teams["away"]: 0},
        "players": {},
        "last": None,
    }
    for event in events:
        if event["sequence"] > sequence:
            break
        _fold_event(state, event)
    return state


def _fold_event(state, event):
    state["quarter"], state["clock"], state["last"] = event["quarter"], event["clock"], event
    if event["team"] in state["score"]:
        state["score"][event["team"]] += event["points"]
    if event["player_id"] is not None:
        players = state["players"]
        players[event["player_id"]] = players.get(event["player_id"], 0) + event["points"]
