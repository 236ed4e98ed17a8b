"""Validate a SportMonks v3 fixture payload and normalise it to Rally's fixture snapshot.

The snapshot is what the poller hashes, stores and sends: teams by side, the state,
the score, the periods (for the clock), events in stoppage-aware order and pressure
points by minute. A payload that cannot be read raises InvalidPayload naming the field.
"""

import math
from numbers import Real

from . import event_types, states
from .clock import unix_seconds

# The team statistics the page shows (SportMonks' fixture statistic types), in its order.
STATISTICS = {
    45: "possession",
    42: "shots",
    86: "shots_on_target",
    34: "corners",
    56: "fouls",
    51: "offsides",
    84: "yellow_cards",
    83: "red_cards",
}

PERIOD_FIELDS = (
    "id",
    "type_id",
    "counts_from",
    "ticking",
    "sort_order",
    "description",
    "time_added",
    "period_length",
    "minutes",
    "seconds",
)


class InvalidPayload(ValueError):
    """A fixture payload Rally cannot read; `field` says where, like `events[2].minute`."""

    def __init__(self, field, problem):
        super().__init__(f"{field}: {problem}")
        self.field = field


def normalise(fixture):
    """Rally's snapshot of one v3 fixture, or InvalidPayload."""
    _need(isinstance(fixture, dict), "fixture", "is not an object")
    external_id = _integer(fixture.get("id"), "id")
    teams, side_of = _teams(fixture.get("participants"))
    return {
        "external_id": external_id,
        "name": fixture.get("name") if isinstance(fixture.get("name"), str) else None,
        "starting_at": _starting_at(fixture),
        "teams": teams,
        "state": _state(fixture),
        "scores": _scores(_list(fixture.get("scores"), "scores")),
        "periods": _periods(_list(fixture.get("periods"), "periods")),
        "events": _events(_list(fixture.get("events"), "events"), side_of),
        "pressure": _pressure(_list(fixture.get("pressure"), "pressure"), side_of),
        "lineups": _lineups(_list(fixture.get("lineups"), "lineups"), side_of),
        "statistics": _statistics(_list(fixture.get("statistics"), "statistics"), side_of),
        "competition": _name_of(fixture.get("league"), "league"),
        "venue": _venue(fixture.get("venue")),
        # The season whose standings the live table starts from (matches/feed/standings_sync.py).
        "season_id": _optional_id(fixture.get("season_id")),
    }


def _optional_id(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def sort_events(events):
    """Chronological with stoppage time in place: 45+2 before 46, 90+2 before 90+4."""
    return sorted(
        events,
        key=lambda e: (e["minute"], e["extra_minute"] or 0, e.get("sort_order") or 0, str(e["id"])),
    )


def _teams(participants):
    participants = _list(participants, "participants")
    teams, side_of = {}, {}
    for index, team in enumerate(participants):
        field = f"participants[{index}]"
        _need(isinstance(team, dict), field, "is not an object")
        meta = team.get("meta") if isinstance(team.get("meta"), dict) else {}
        side = meta.get("location")
        _need(side in ("home", "away"), f"{field}.meta.location", f"is {side!r}, not home or away")
        _need(side not in teams, f"{field}.meta.location", f"a second {side} team")
        name = _text(team.get("name"), f"{field}.name")
        code = team.get("short_code") if isinstance(team.get("short_code"), str) else None
        teams[side] = {
            "id": _integer(team.get("id"), f"{field}.id"),
            "code": code or name[:3].upper(),
            "name": name,
        }
        side_of[teams[side]["id"]] = side
    for side in ("home", "away"):
        _need(side in teams, "participants", f"no {side} team")
    return teams, side_of


def _state(fixture):
    state = fixture.get("state")
    if isinstance(state, dict):
        code = _text(state.get("developer_name") or state.get("state"), "state.developer_name")
        name = state.get("name") if isinstance(state.get("name"), str) else code
        short = state.get("short_name") if isinstance(state.get("short_name"), str) else code
        known = states.by_code(code)
        if known:
            # One name and one label per state downstream: an alias (INPLAY_ET_SECOND_HALF) becomes
            # the table's name, and the table's short name wins (the API sends PENDING as "PEN").
            code, short = known.code, known.short_name
        return {"id": state.get("id"), "code": code, "name": name, "short_name": short}
    state_id = _integer(fixture.get("state_id"), "state_id")
    known = states.BY_ID.get(state_id)
    if known is None:
        # An id the table does not know is still a state: the clock shows it, nothing breaks.
        return {
            "id": state_id,
            "code": f"STATE_{state_id}",
            "name": f"State {state_id}",
            "short_name": str(state_id),
        }
    return {"id": state_id, "code": known.code, "name": known.name, "short_name": known.short_name}


def _scores(scores):
    totals = {"home": 0, "away": 0}
    by_period = {}
    for index, entry in enumerate(scores):
        field = f"scores[{index}]"
        _need(isinstance(entry, dict), field, "is not an object")
        description = _text(entry.get("description"), f"{field}.description")
        score = entry.get("score")
        _need(isinstance(score, dict), f"{field}.score", "is not an object")
        side = score.get("participant")
        _need(
            side in ("home", "away"), f"{field}.score.participant", f"is {side!r}, not home or away"
        )
        goals = _integer(score.get("goals"), f"{field}.score.goals")
        if description == "CURRENT":
            totals[side] = goals
        else:
            by_period.setdefault(description, [0, 0])[0 if side == "home" else 1] = goals
    return {**totals, "periods": by_period}


def _periods(periods):
    normalised = []
    for index, period in enumerate(periods):
        _need(isinstance(period, dict), f"periods[{index}]", "is not an object")
        kept = {key: period.get(key) for key in PERIOD_FIELDS if key in period}
        # Timestamps arrive as Unix seconds or ISO strings; an unreadable one is left out, not fatal.
        kept["started"] = _whole_seconds(period.get("started"))
        kept["ended"] = _whole_seconds(period.get("ended"))
        normalised.append(kept)
    return sorted(
        normalised, key=lambda p: p["sort_order"] if isinstance(p.get("sort_order"), int) else 0
    )


def _events(events, side_of):
    normalised = []
    for index, event in enumerate(events):
        field = f"events[{index}]"
        _need(isinstance(event, dict), field, "is not an object")
        _need(event.get("id") is not None, f"{field}.id", "is missing")
        type_id = _integer(event.get("type_id"), f"{field}.type_id")
        extra = event.get("extra_minute")
        rescinded = event.get("rescinded") is True and event_types.by_id(type_id).card is not None
        normalised.append(
            {
                "id": event["id"],
                **event_types.classify(type_id, rescinded),
                "minute": _integer(event.get("minute"), f"{field}.minute"),
                "extra_minute": None if extra is None else _integer(extra, f"{field}.extra_minute"),
                "team": _side(side_of, event.get("participant_id")),
                "player": _optional_text(event.get("player_name")),
                # a substitution's player going off, a goal's assist
                "related_player": _optional_text(event.get("related_player_name")),
                "result": event.get("result") if isinstance(event.get("result"), str) else None,
                # what the VAR decided ("Goal Disallowed", "Redcard confirmed"), as the feed words it
                "detail": _var_detail(type_id, event),
                "rescinded": rescinded,
                "sort_order": event.get("sort_order")
                if isinstance(event.get("sort_order"), int)
                else None,
            }
        )
    ordered = sort_events(normalised)
    for event in ordered:
        del event["sort_order"]  # only an ordering hint; not part of what fans see
    return ordered


def _var_detail(type_id, event):
    if event_types.by_id(type_id).kind != "var":
        return None
    return _optional_text(event.get("addition")) or _optional_text(event.get("info"))


def _pressure(pressure, side_of):
    by_minute = {}
    for field, point, side in _by_side(pressure, "pressure", side_of, "participant_id"):
        minute = _integer(point.get("minute"), f"{field}.minute")
        value = point.get("pressure")
        _need(_is_number(value), f"{field}.pressure", "is not a number")
        # A minute where only one side has a record shows the other at zero.
        by_minute.setdefault(minute, {"minute": minute, "home": 0.0, "away": 0.0})[side] = float(
            value
        )
    return [by_minute[minute] for minute in sorted(by_minute)]


def _lineups(entries, side_of):
    """`{"home": [...], "away": [...]}` of `{name, number, role, position}`, starters first.
    Line-up type 11 starts; 12 (and anything else) is on the bench."""
    lineups = {"home": [], "away": []}
    for field, entry, side in _by_side(entries, "lineups", side_of, "team_id"):
        number = entry.get("jersey_number")
        lineups[side].append(
            {
                "name": _text(entry.get("player_name"), f"{field}.player_name"),
                "number": None if number is None else _integer(number, f"{field}.jersey_number"),
                "role": "starting" if entry.get("type_id") == 11 else "bench",
                "position": entry.get("formation_position")
                if isinstance(entry.get("formation_position"), int)
                else None,
            }
        )
    for players in lineups.values():
        players.sort(key=lambda p: (p["role"] != "starting", p["position"] or 99))
    return lineups


def _statistics(entries, side_of):
    """`[{"key", "home", "away"}]` for the types Rally shows, in STATISTICS order; others are ignored."""
    values = {}
    for field, entry, side in _by_side(
        entries, "statistics", side_of, "participant_id", keep=_shown_statistic
    ):
        key = STATISTICS[entry["type_id"]]
        data = entry.get("data")
        value = data.get("value") if isinstance(data, dict) else None
        _need(_is_number(value), f"{field}.data.value", f"is {value!r}, not a number")
        values.setdefault(key, {"key": key, "home": None, "away": None})[side] = value
    return [values[key] for key in STATISTICS.values() if key in values]


def _by_side(entries, name, side_of, team_key, keep=None):
    """(field, entry, "home"/"away") for each object of an include that belongs to one team."""
    for index, entry in enumerate(entries):
        field = f"{name}[{index}]"
        _need(isinstance(entry, dict), field, "is not an object")
        if keep and not keep(entry):
            continue
        side = _side(side_of, entry.get(team_key))
        _need(side is not None, f"{field}.{team_key}", "is not a participant of this fixture")
        yield field, entry, side


def _shown_statistic(entry):
    type_id = entry.get("type_id")
    return isinstance(type_id, int) and type_id in STATISTICS


def _name_of(include, field):
    """The `name` of an include like `league`; None when the include is absent."""
    if include is None:
        return None
    _need(isinstance(include, dict), field, "is not an object")
    return _optional_text(include.get("name"))


def _venue(venue):
    name = _name_of(venue, "venue")
    city = _optional_text(venue.get("city_name")) if name else None
    return f"{name}, {city}" if city and city not in name else name


def _optional_text(value):
    return value if isinstance(value, str) and value.strip() else None


def _is_number(value):
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _side(side_of, participant_id):
    # Only an integer can name a participant; a list or object here would not even be hashable.
    return side_of.get(participant_id) if isinstance(participant_id, int) else None


def _starting_at(fixture):
    return _whole_seconds(fixture.get("starting_at_timestamp")) or _whole_seconds(
        fixture.get("starting_at")
    )


def _whole_seconds(value):
    seconds = unix_seconds(value)
    # JSON from the wire may say Infinity or NaN: as unreadable as any other nonsense.
    return int(seconds) if seconds is not None and math.isfinite(seconds) else None


def _list(value, field):
    if value is None:
        return []
    _need(isinstance(value, list), field, "is not a list")
    return value


def _integer(value, field):
    _need(
        isinstance(value, int) and not isinstance(value, bool),
        field,
        f"is {value!r}, not an integer",
    )
    return value


def _text(value, field):
    _need(isinstance(value, str) and value.strip(), field, f"is {value!r}, not a name")
    return value


def _need(condition, field, problem):
    if not condition:
        raise InvalidPayload(field, problem)
