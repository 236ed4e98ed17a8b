"""COMPOSITE_UPDATE (docs/protocol.md): one message per changed feed fixture per polling cycle.

Pure: from the fixture's new snapshot, what was stored after the last update, the match
clock and the server time, it builds the message to send and the snapshot to store.
The stored snapshot is the message plus the full pressure series, so a page that loads
late (or reads `/state`) can draw the whole chart; the message carries only new points.
"""

from datetime import date

from . import states
from .change_hash import change_hash

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def composite_update(slug, snapshot, previous, elapsed, server_now_ms, clock=None):
    """(message, stored) for `snapshot`; `previous` is the last stored one, or {}.

    `clock` is the clock's facts (elapsed.clock_facts) the page ticks from until the next update.
    """
    pressure, previous_pressure = snapshot["pressure"], previous.get("pressure") or []
    reset = not _extends(pressure, previous_pressure)
    message = {
        "type": "COMPOSITE_UPDATE",
        "fixture": slug,
        "hash": change_hash(snapshot),
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
        "pressure_delta": pressure if reset else [p for p in pressure if p not in previous_pressure],
        "events": snapshot["events"],
    }
    if reset and previous_pressure:
        # The series lost points (a new loop of the demo, a corrected feed): redraw, don't extend.
        message["pressure_reset"] = True
    stored = {**message, "pressure": pressure, "teams": snapshot["teams"]}
    stored.pop("pressure_reset", None)
    return message, stored


def recorded_label(recorded):
    """A replayed match's `{"date", "illustrative", "label"}` ("RECORDED · 13 MAY 2012"); None for a live one."""
    if not recorded:
        return None
    day = date.fromisoformat(recorded["date"])
    return {**recorded, "label": f"RECORDED · {day.day} {MONTHS[day.month - 1]} {day.year}"}


def _state(state):
    """The state as the page shows it: its names from the feed, and from states.py its category
    (running, paused, finished, unplayed, halted, not_started, or None) and the banner's headline
    for a match that has just moved into it (the state's name when Rally has no headline)."""
    known = states.by_code(state["code"])
    return {"code": state["code"], "name": state["name"], "short_name": state["short_name"],
            "category": known.category if known else None,
            "headline": (known.headline if known else None) or state["name"]}


def _status_change(before, after):
    # A fixture seen for the first time did not move from anywhere a fan saw.
    if not before or before.get("code") == after["code"]:
        return None
    return {"from": before["code"], "to": after["code"]}


def _extends(pressure, previous):
    """Whether every earlier minute is still there, so the new points only add to the chart."""
    minutes = {point["minute"] for point in pressure}
    return all(point["minute"] in minutes for point in previous)
