"""The server-side match clock of a feed fixture (docs/feed.md, "compute_elapsed").

Elapsed time comes from the period timestamps, not from the kick-off: a ticking
period's minute is `counts_from + floor((now - started) / 60) + 1`, capped at the
period's regular end, with what runs past it shown as stoppage time ("45+3'"). A period
without a start, or one that spans both halves of extra time (SportMonks' single legacy
extra-time period, in the second half of extra time), ticks from the feed's own counter
(`minutes`, `seconds`), so the fallback and the ticking clock are one clock.
Pure: no Django, no I/O; every input may be partial or malformed.
"""

from datetime import UTC, datetime
from math import floor

from . import states

# Where a period that starts counting at `counts_from` ends in regular time.
REGULAR_END = {0: 45, 45: 90, 90: 105, 105: 120}

# The running states (states.py), and the minute their period counts from when no period says so.
COUNTS_FROM = {
    "INPLAY_1ST_HALF": 0,
    "INPLAY_2ND_HALF": 45,
    "INPLAY_ET": 90,
    "INPLAY_ET_2ND_HALF": 105,
}
assert set(COUNTS_FROM) == {
    state.code for state in states.STATES if state.category == states.RUNNING
}

# Pauses and endings: the clock's fixed label, and the minute the match stands at.
FIXED = {
    "HT": ("HT", 45),
    "EXTRA_TIME_BREAK": ("ET HT", 105),
    "PEN_BREAK": ("PEN BRK", 120),
    "INPLAY_PENALTIES": ("PEN", 120),
    "FT": ("FT", 90),
    "AET": ("AET", 120),
    "FT_PEN": ("FT (P)", 120),
}

# The clock stopped for good or for a while: the short name, with the last known minute.
STOPPED = (states.HALTED, states.UNPLAYED, states.FINISHED)


def compute_elapsed(snapshot, now):
    """`{"minute", "extra_time", "display"}` for a fixture at `now`.

    `snapshot` is the fixture's normalised snapshot (parse.normalise): its `state`, `periods`,
    `pressure` and `starting_at` (the kick-off) are read, and any of them may be missing or
    malformed. `now` and the timestamps may be Unix seconds, ISO-8601 strings or datetimes;
    the state may also be a v3 state object or a bare developer name.
    """
    code, short_name = _state_names(snapshot.get("state"))
    periods = [p for p in snapshot.get("periods") or () if isinstance(p, dict)]
    pressure, kickoff = snapshot.get("pressure"), snapshot.get("starting_at")
    if code in FIXED:
        label, minute = FIXED[code]
        return _result(minute, 0, label)
    if code == "BREAK":
        # SportMonks uses BREAK for half time too; only an ended second half means extra time is next.
        return _result(90, 0, "BRK") if _second_half_ended(periods) else _result(45, 0, "HT")
    category = states.category(code)
    if category == states.NOT_STARTED:
        return _result(None, 0, _clock_time(kickoff) or short_name)
    if category in STOPPED:
        return _result(_last_known_minute(periods, pressure), 0, short_name)
    running = _running_clock(code, periods, unix_seconds(now))
    if running:
        return running
    minute = _last_known_minute(periods, pressure)
    if code in COUNTS_FROM and minute is not None:
        return _stoppage_aware(minute, REGULAR_END[COUNTS_FROM[code]])
    # An unknown state with no running period: say what the feed says, keep the minute.
    return _result(minute, 0, short_name)


def _state_names(state):
    if isinstance(state, dict):
        code = state.get("developer_name") or state.get("code") or state.get("state") or ""
        short = state.get("short_name")
    else:
        code, short = state or "", None
    code = str(code).upper()
    known = states.by_code(code)
    if known:
        # An alias (INPLAY_ET_SECOND_HALF) reads as the state it names, and a known state's label
        # is the table's: the live API sends PENDING with the short name "PEN" (a shoot-out's).
        return known.code, known.short_name
    return code, short or code or "?"


def clock_facts(snapshot, now, *, wall_ms=None, rate=1.0):
    """What a page needs to run the clock by itself between updates (docs/feed.md, "the clock's facts").

    `{"ticking", "started_ms", "counts_from", "regular_end", "rate"}`: while `ticking`, the
    minute at wall-clock time T (ms) is `tick(facts, T)`. `started_ms` is the running period's
    start on the wall clock: the feed's own clock (`now`, Unix seconds) may run `rate` times
    faster than the wall clock (the recorded demo match), so its timestamps are mapped through
    `wall_ms`, the wall-clock time in ms at which the feed's clock read `now`.
    Not ticking (a pause, an ending, no usable timestamp): the page shows the server's display.
    """
    code, _ = _state_names(snapshot.get("state"))
    period = _ticking_period([p for p in snapshot.get("periods") or () if isinstance(p, dict)])
    now = unix_seconds(now)
    running = _period_start(code, period, now) if period and now is not None else None
    if states.category(code) not in (states.RUNNING, None) or running is None:
        return {
            "ticking": False,
            "started_ms": None,
            "counts_from": None,
            "regular_end": None,
            "rate": rate,
        }
    started, counts_from = running
    wall_now_ms = now * 1000 if wall_ms is None else wall_ms
    return {
        "ticking": True,
        "started_ms": round(wall_now_ms - (now - started) * 1000 / rate),
        "counts_from": counts_from,
        "regular_end": _regular_end(period, counts_from),
        "rate": rate,
    }


def _period_start(code, period, now):
    """(started, counts_from) of the half being played, on the feed's clock; None when unknown.

    The period's own start, unless the state says a later half is being played than the period
    counts from (the legacy single extra-time period, counting from 90, in the second half of
    extra time) or the period has no usable start: then the feed's own counter, `minutes` (the
    match clock's whole minutes, 50 at 50:10) and `seconds`, says how long the half has run."""
    counts_from = _int(period.get("counts_from"), COUNTS_FROM.get(code, 0))
    half = COUNTS_FROM.get(code)
    started = unix_seconds(period.get("started"))
    if half is not None and half > counts_from:
        counts_from, started = half, None
    if started is not None:
        return started, counts_from
    minutes, seconds = _int(period.get("minutes"), None), _int(period.get("seconds"), 0)
    if minutes is None or minutes < counts_from:
        return None
    return now - ((minutes - counts_from) * 60 + seconds), counts_from


def tick(facts, now_ms):
    """The running clock at wall-clock `now_ms` from `clock_facts`; None when it does not tick.

    The page runs the same arithmetic (matches/static/matches/feed/clock.js); both are held
    to matches/tests/clock_vectors.json.
    """
    if not facts or not facts.get("ticking"):
        return None
    played_s = max(now_ms - facts["started_ms"], 0) * facts.get("rate", 1) / 1000
    minute = facts["counts_from"] + floor(played_s / 60) + 1
    return _stoppage_aware(minute, facts["regular_end"])


def _running_clock(code, periods, now):
    facts = clock_facts({"state": code, "periods": periods}, now)
    if not facts["ticking"]:
        return None
    return tick(facts, unix_seconds(now) * 1000)


def _ticking_period(periods):
    open_periods = [
        p for p in periods if p.get("ticking") or (p.get("started") and not p.get("ended"))
    ]
    return max(open_periods, key=lambda p: _int(p.get("sort_order"), 0), default=None)


def _regular_end(period, counts_from):
    if counts_from in REGULAR_END:
        return REGULAR_END[counts_from]
    return counts_from + _int(period.get("period_length"), 45)


def _second_half_ended(periods):
    return any(_int(p.get("counts_from"), -1) == 45 and p.get("ended") for p in periods)


def _last_known_minute(periods, pressure):
    """The feed's own minute counters, else the pressure series' latest minute."""
    minutes = [_int(p.get("minutes"), None) for p in periods]
    minutes += [_int(p.get("minute"), None) for p in pressure or () if isinstance(p, dict)]
    known = [m for m in minutes if m is not None]
    return max(known, default=None)


def _stoppage_aware(minute, regular_end):
    if minute > regular_end:
        return _result(regular_end, minute - regular_end, f"{regular_end}+{minute - regular_end}'")
    return _result(minute, 0, f"{minute}'")


def _result(minute, extra_time, display):
    return {"minute": minute, "extra_time": extra_time, "display": display}


def _clock_time(value):
    seconds = unix_seconds(value)
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).strftime("%H:%M")


def unix_seconds(value):
    """Unix seconds from a number, a numeric string, an ISO-8601 string or a datetime; None if unusable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, datetime):
        return _aware(value).timestamp()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return float(text)
        except ValueError:
            pass
        try:
            return _aware(datetime.fromisoformat(text.replace("Z", "+00:00"))).timestamp()
        except ValueError:
            return None
    return None


def _aware(moment):
    # SportMonks sends UTC without an offset ("2012-05-13 14:00:00").
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _int(value, default):
    if isinstance(value, bool):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
