"""The football match clock, in one place (docs/feed.md, "compute_elapsed"; docs/engine.md §7).

Two forms of one clock:
- what the page shows: `compute_elapsed` (minute, added minutes, "45+3'") and `clock_facts`,
  which let a page run the clock itself between updates (`tick`); the page mirrors `tick`
  (matches/static/matches/feed/clock.js);
- what the game compares: one integer, minute × 100 + added minute (39' is 3900, 45+2' is 4502),
  which runs in match order, `standing_clock` while the clock stands and `current_clock` at any
  moment; the page mirrors `standing_clock`.
Both halves are held to one vector file, matches/tests/clock_vectors.json
(`python -m testsupport.clock_vectors` rewrites it).

Elapsed time comes from the period timestamps, not from the kick-off: a ticking period's minute
is `counts_from + floor((now - started) / 60) + 1`, capped at the period's regular end, with what
runs past it shown as stoppage time ("45+3'"). A period without a start, or one that spans both
halves of extra time (SportMonks' single legacy extra-time period, in the second half of extra
time), ticks from the feed's own counter (`minutes`, `seconds`), so the fallback and the ticking
clock are one clock. Every per-state fact comes from the states table (states.py).
Pure: no Django, no I/O; every input may be partial or malformed.
"""

from datetime import UTC, datetime
from math import floor
from typing import NamedTuple

from . import states

# Where a period that starts counting at `counts_from` ends in regular time.
REGULAR_END = {0: 45, 45: 90, 90: 105, 105: 120}

# The running states, and the minute their period counts from when no period says so.
COUNTS_FROM = {
    state.code: state.counts_from for state in states.STATES if state.category == states.RUNNING
}

# The game's clock (minute × 100 + added minute) and its phases.
BEFORE_KICKOFF, RUNNING, PAUSED, OVER = "before_kickoff", "running", "paused", "over"
ADDED_MINUTES = 99  # the most added minutes it expresses; a pause stands here, past any added time
MS_PER_MINUTE = 60_000

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
    stands = states.facts(code).stands
    if stands:
        label, minute = stands
        return _result(minute, 0, label)
    if code == states.BREAK:
        # SportMonks uses BREAK for half time too; only an ended second half means extra time is next.
        if _second_half_ended(periods):
            return _result(90, 0, states.facts(code).short_name)
        label, minute = states.facts(states.HALF_TIME).stands
        return _result(minute, 0, label)
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


class Clock(NamedTuple):
    value: int
    phase: str  # BEFORE_KICKOFF, RUNNING, PAUSED or OVER


def clock_value(minute, extra_time=0):
    return minute * 100 + min(extra_time or 0, ADDED_MINUTES)


def clock_display(value):
    """4502 → "45+2'"; 0 → "KO" (before kick-off)."""
    if value == 0:
        return "KO"
    minute, extra = divmod(value, 100)
    return f"{minute}+{extra}'" if extra else f"{minute}'"


def add_minutes(value, minutes):
    """The clock `minutes` later: past a half's regular end, the minutes are added time (43' + 5 → 45+3')."""
    minute, extra = divmod(value, 100)
    if extra:
        return clock_value(minute, extra + minutes)
    end = _half_end(minute)
    if minute + minutes > end:
        return clock_value(end, minute + minutes - end)
    return clock_value(minute + minutes)


def _half_end(minute):
    """The regular end of the half `minute` is in."""
    return next((end for end in sorted(REGULAR_END.values()) if minute <= end), minute)


def standing_clock(state, elapsed, final=False):
    """The clock while it stands, else None (it ticks): 0 before kick-off; in a pause (half time,
    the breaks, the shoot-out, a final state the feed has not yet confirmed) the end of the half
    just played, past any added time; in a state the feed is unsure of (AU, PENDING) the last
    minute; once the match is over (a confirmed final state, halted, void) OVER.
    `state` is the snapshot's {code, category}, `elapsed` its {minute, extra_time}."""
    state, elapsed = state or {}, elapsed or {}
    code, category = state.get("code"), state.get("category")
    minute, extra = elapsed.get("minute"), elapsed.get("extra_time") or 0
    if (
        states.facts(code).voids
        or category in (states.HALTED, states.UNPLAYED)
        or (category == states.FINISHED and final)
    ):
        return Clock(clock_value(minute or 0, extra), OVER)
    if category == states.NOT_STARTED or minute is None:
        return Clock(0, BEFORE_KICKOFF)
    if category in (states.PAUSED, states.FINISHED):  # FINISHED here: a full time not yet confirmed
        return Clock(clock_value(minute, ADDED_MINUTES), PAUSED)
    if category != states.RUNNING:  # awaiting updates, pending: the clock stands at the last minute
        return Clock(clock_value(minute, extra), PAUSED)
    return None


def current_clock(snapshot, now_ms):
    """The match clock now, from the stored snapshot: while the state says the clock ticks, the
    minute its clock facts give at `now_ms` (the football page's own clock, to the second), else
    its `elapsed` at `serverNow` run on by the whole minutes since."""
    if not snapshot:
        return Clock(0, BEFORE_KICKOFF)
    state = snapshot.get("state") or {}
    elapsed = snapshot.get("elapsed") or {}
    standing = standing_clock(state, elapsed, snapshot.get("final"))
    if standing:
        return standing
    minute = elapsed["minute"]
    ticking = tick(snapshot.get("clock"), now_ms)
    if ticking:
        return Clock(clock_value(ticking["minute"], ticking["extra_time"]), RUNNING)
    passed = max(0, now_ms - (snapshot.get("serverNow") or now_ms)) // MS_PER_MINUTE
    extra = elapsed.get("extra_time") or 0
    if extra:
        return Clock(clock_value(minute, extra + passed), RUNNING)
    end = REGULAR_END.get(COUNTS_FROM.get(state.get("code")), _half_end(minute))
    late = minute + passed
    return Clock(clock_value(end, late - end) if late > end else clock_value(late), RUNNING)


def display_at(snapshot, now_ms):
    """What the score bug shows at wall-clock `now_ms` (the page's `clockDisplay`, kick-off aside):
    the running clock from the stored clock's facts, else the stored display."""
    running = tick(snapshot.get("clock"), now_ms)
    return (running or snapshot.get("elapsed") or {}).get("display") or ""


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
