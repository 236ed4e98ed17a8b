"""COMPOSITE_UPDATE (docs/protocol.md): one message per changed feed fixture per polling cycle.

Pure: from the fixture's new snapshot, what was stored after the last update, the match
clock and the server time, it builds the message to send and the snapshot to store.
The stored snapshot is the message plus the full pressure series, so a page that loads
late (or reads `/state`) can draw the whole chart; the message carries only new points.

Two facts it carries are read across updates (docs/feed.md, "Showings and final states"):
`showing`, which goes up by one when the same fixture kicks off again after it was played (the
recorded demo's next loop: a new match for the game), and `final`, true once a final state has
been read for FINAL_AFTER_S of the feed's clock (SportMonks documents that FT appears briefly
before the break to extra time: a final state read once settles nothing).
"""

from datetime import date

from . import states
from .change_hash import change_hash

FINAL_AFTER_S = 60  # a final state counts once the feed has said it this long (a poll or two)
SHOOTOUT = "PENALTY_SHOOTOUT"  # SportMonks' score description of the shoot-out
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def composite_update(
    slug,
    snapshot,
    previous,
    elapsed,
    server_now_ms,
    clock=None,
    feed_now=None,
    content_hash=None,
):
    """(message, stored) for `snapshot`; `previous` is the last stored one, or {}.

    `clock` is the clock's facts (clock.clock_facts) the page ticks from until the next update;
    `feed_now` the provider's clock (Unix seconds), which times how long a final state has stood;
    `content_hash` the snapshot's change hash when the caller has it already.
    """
    showing = showing_of(previous, snapshot)
    final_since, final = final_reading(
        previous if showing == previous.get("showing", 1) else {},
        snapshot["state"]["code"],
        feed_now,
    )
    pressure, previous_pressure = snapshot["pressure"], previous.get("pressure") or []
    reset = not _extends(pressure, previous_pressure)
    message = {
        "type": "COMPOSITE_UPDATE",
        "fixture": slug,
        "hash": content_hash or change_hash(snapshot),
        "serverNow": server_now_ms,
        "state": _state(snapshot["state"]),
        "status_change": _status_change(previous.get("state"), snapshot["state"]),
        "scores": snapshot["scores"],
        "elapsed": elapsed,
        "clock": clock or {"ticking": False},
        "starting_at": snapshot.get("starting_at"),
        "recorded": recorded_label(snapshot.get("recorded")),
        "competition": snapshot.get("competition"),
        "venue": snapshot.get("venue"),
        "lineups": snapshot.get("lineups") or {"home": [], "away": []},
        "statistics": snapshot.get("statistics") or [],
        "pressure_delta": pressure
        if reset
        else [p for p in pressure if p not in previous_pressure],
        "events": snapshot["events"],
        "shootout": shootout(snapshot),
        "showing": showing,
        "final": final,
    }
    if reset and previous_pressure:
        # The series lost points (a new loop of the demo, a corrected feed): redraw, don't extend.
        message["pressure_reset"] = True
    stored = {
        **message,
        "pressure": pressure,
        "teams": snapshot["teams"],
        "final_since": final_since,
        # When the last period ended (feed clock): the match day lists its whistles in order.
        "ended_at": max(
            (p["ended"] for p in snapshot.get("periods") or [] if p.get("ended")), default=None
        ),
    }
    stored.pop("pressure_reset", None)
    return message, stored


def showing_of(previous, snapshot):
    """The showing `snapshot` belongs to: the stored one's, one more when the fixture kicks off
    again after the stored showing was played (the kick-off moved later and the stored state is
    not before kick-off: a restarted recorded match), 1 for a new fixture."""
    number = previous.get("showing") or 1
    before, after = previous.get("starting_at"), snapshot.get("starting_at")
    played = states.category((previous.get("state") or {}).get("code")) in (
        states.RUNNING,
        states.PAUSED,
        states.FINISHED,
        states.HALTED,
    )
    if isinstance(before, int) and isinstance(after, int) and after > before and played:
        return number + 1
    return number


def final_reading(previous, code, feed_now):
    """(final_since, final) of a fixture in state `code`: when the feed first said this final
    state (its clock), and whether it has said it for FINAL_AFTER_S since. Not final: (None, False)."""
    if states.category(code) != states.FINISHED:
        return None, False
    same = (previous.get("state") or {}).get("code") == code
    since = (
        previous.get("final_since")
        if same and previous.get("final_since") is not None
        else feed_now
    )
    if same and previous.get("final"):
        return since, True
    return since, since is not None and feed_now is not None and feed_now - since >= FINAL_AFTER_S


def shootout(snapshot):
    """{"home", "away"} kicks scored in the penalty shoot-out, or None without one: the feed's
    PENALTY_SHOOTOUT score, else the shoot-out kicks among the events."""
    by_period = (snapshot.get("scores") or {}).get("periods") or {}
    if SHOOTOUT in by_period:
        home, away = by_period[SHOOTOUT]
        return {"home": home, "away": away}
    kicks = [
        e
        for e in snapshot.get("events") or ()
        if e.get("kind") in ("shootout_scored", "shootout_missed")
    ]
    if not kicks:
        return None
    return {
        side: sum(1 for e in kicks if e["kind"] == "shootout_scored" and e.get("team") == side)
        for side in ("home", "away")
    }


def recorded_label(recorded):
    """A replayed match's `{"date", "illustrative", "label"}` ("RECORDED · 13 MAY 2012"); None for a live one."""
    if not recorded:
        return None
    day = date.fromisoformat(recorded["date"])
    return {**recorded, "label": f"RECORDED · {day.day} {MONTHS[day.month - 1]} {day.year}"}


def _state(state):
    """The state as the page shows it: its names from the feed, and from states.py its category
    (running, paused, finished, unplayed, halted, not_started, or None), whether it voids the
    game's questions (no result on the pitch), and the banner's headline for a match that has
    just moved into it (the state's name when Rally has no headline)."""
    known = states.by_code(state["code"])
    return {
        "code": state["code"],
        "name": state["name"],
        "short_name": state["short_name"],
        "category": known.category if known else None,
        "voids": bool(known and known.voids),
        "headline": (known.headline if known else None) or state["name"],
    }


def _status_change(before, after):
    # A fixture seen for the first time did not move from anywhere a fan saw.
    if not before or before.get("code") == after["code"]:
        return None
    return {"from": before["code"], "to": after["code"]}


def _extends(pressure, previous):
    """Whether every earlier minute is still there, so the new points only add to the chart."""
    minutes = {point["minute"] for point in pressure}
    return all(point["minute"] in minutes for point in previous)
