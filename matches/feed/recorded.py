"""The demo feed: the Premier League's final day (13 May 2012) replayed live in SportMonks v3 shapes.

`RecordedFeed` plays one recorded match (Manchester City 3-2 QPR, or any fixture in the same
facts shape); `RecordedDay` plays the day's ten matches together on one clock, as they were.

The match kicks off shortly after start-up on a shifted clock and loops forever. The
provider keeps its own clock, `now()`: Unix time that runs `speed` times faster than the
wall clock from start-up on, so period timestamps, kick-off times and the clock the
poller computes all agree at any speed (at speed 1 it is the wall clock).

One loop, in seconds of match time from its start:
    kickoff_delay  NS, then the first half (45 min + illustrative added time),
    half time (illustrative), the second half to its real end at 95:00 on the match
    clock, then FT shown for 15 minutes (as SportMonks' in-play list keeps a finished
    match), and the next loop.
Facts (goal and red-card minutes, the stoppage-time goals at 91:15 and 93:20, scores)
come from the data file; the values it marks illustrative (added time, pressure) too.
"""

import json
import random
import time
from datetime import UTC, date, datetime
from math import floor
from pathlib import Path

from . import event_types, states
from .base import FeedProvider

DATA = Path(__file__).resolve().parent.parent / "data"
FACTS = DATA / "mancity_qpr_2012" / "facts.json"
DAY = DATA / "final_day_2012" / "fixtures.json"

HALF = 45 * 60
MATCH_SECONDS_PER_POLL = 30  # the poller reads the demo at least this often, in match seconds
# A fact's kind is the timeline's name of its event type (event_types.py, the one table).
EVENT_TYPE_IDS = {event_type.type: event_type.id for event_type in event_types.EVENT_TYPES}
GOAL_TYPES = {event_type.type for event_type in event_types.EVENT_TYPES if event_type.goal}
LINEUP_TYPES = {"starting": 11, "bench": 12}
STATISTIC_TYPES = {
    "possession": 45,
    "shots": 42,
    "shots_on_target": 86,
    "corners": 34,
    "fouls": 56,
    "offsides": 51,
    "yellow_cards": 84,
    "red_cards": 83,
}
SCORE_TYPES = {"1ST_HALF": 1, "2ND_HALF": 2, "CURRENT": 1525}


class RecordedFeed(FeedProvider):
    name = "recorded"

    def __init__(self, facts=None, speed=1.0, kickoff_delay=60.0, clock=time.time, anchor=None):
        """`anchor`: when loop 0 started (Unix seconds; the stored DemoClock), else now."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.facts = facts or json.loads(FACTS.read_text(encoding="utf-8"))
        self.speed = self.rate = speed
        made_up = self.facts["illustrative"]
        # Pressure and statistics exist only where the facts file makes them up (and says so).
        self.recorded = {
            "date": self.facts["date"],
            "illustrative": [part for part in ("pressure", "statistics") if part in made_up],
        }
        self._clock = clock
        self._anchor = clock() if anchor is None else anchor
        self.fixture_id = made_up["ids"]["fixture"]
        self.team_ids = {"home": made_up["ids"]["home"], "away": made_up["ids"]["away"]}
        self.kickoff_delay = kickoff_delay
        self.first_half_end = HALF + made_up["first_half_added_seconds"]
        self.second_half_start = self.first_half_end + made_up["half_time_break_seconds"]
        self.second_half_end = (
            self.second_half_start
            + _match_clock(self.facts["second_half_ended_at_match_clock"])
            - HALF
        )
        self.loop_length = kickoff_delay + self.second_half_end + made_up["full_time_shown_seconds"]
        self.events = [self._timed(index, fact) for index, fact in enumerate(self.facts["events"])]
        self.pressure = (
            _illustrative_pressure(self.facts, made_up["pressure"]) if "pressure" in made_up else {}
        )

    def now(self):
        return self._anchor + self.speed * (self._clock() - self._anchor)

    def poll_interval(self, interval):
        """The demo's goals reach the page within a match minute at any speed: the poller looks at
        least every MATCH_SECONDS_PER_POLL of match time (30 s at speed 1, 1.5 s at 20x)."""
        return min(interval, MATCH_SECONDS_PER_POLL / self.speed)

    @property
    def first_kickoff(self):
        return self._anchor + self.kickoff_delay

    def live_payloads(self):
        return [self.payload_at(self.now())]

    def payload_at(self, moment):
        """The fixture as the feed sends it at `moment` (this provider's clock)."""
        return self._payload(self._loop_at(moment), moment)

    def day_payloads(self, day: date):
        """The loop that kicks off on `day` nearest to now: the current one, else the next, else the last."""
        moment = self.now()
        current = self._loop_at(moment)
        loops = [
            k
            for k in range(
                max(0, self._loop_at(_day_start(day))), self._loop_at(_day_start(day) + 86400) + 1
            )
            if _utc_date(self._kickoff(k)) == day
        ]
        if not loops:
            return []
        loop = min((k for k in loops if k >= current), default=loops[-1])
        return [self._payload(loop, moment)]

    # The fixture of one loop as SportMonks would send it at `moment`.

    def _payload(self, loop, moment):
        kickoff = self._kickoff(loop)
        # A loop seen from outside its window stands still: not started before, finished after.
        played = min(max(moment - kickoff, -self.kickoff_delay), self.second_half_end + 1)
        state = self._state(played)
        events = [e for e in self.events if e["at"] <= played]
        return {
            "id": self.fixture_id,
            "sport_id": 1,
            "state_id": states.BY_CODE[state].id,
            "name": f"{self.facts['home']['name']} vs {self.facts['away']['name']}",
            "starting_at": datetime.fromtimestamp(kickoff, UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "starting_at_timestamp": int(kickoff),
            "length": 90,
            "placeholder": False,
            "result_info": self._result_info() if state == states.FULL_TIME else None,
            "state": _state_object(state),
            "participants": [self._participant(side, state) for side in ("home", "away")],
            "periods": self._periods(kickoff, played),
            "events": [self._event(e, loop) for e in events],
            "scores": self._scores(events, played),
            "pressure": self._pressure(played),
            "lineups": self._lineups(),
            "statistics": self._statistics(events, played)
            if "statistics" in self.facts["illustrative"]
            else [],
            "league": {"id": 8, "name": self.facts["competition_name"]},
            "venue": dict(zip(("name", "city_name"), self.facts["venue"].split(", "))),
        }

    def _state(self, played):
        if played < 0:
            return states.NOT_STARTED_CODE
        if played < self.first_half_end:
            return states.FIRST_HALF
        if played < self.second_half_start:
            return states.HALF_TIME
        return states.SECOND_HALF if played < self.second_half_end else states.FULL_TIME

    def _winner(self):
        home, away = self.facts["full_time"]
        return None if home == away else ("home" if home > away else "away")

    def _result_info(self):
        winner = self._winner()
        return (
            f"{self.facts[winner]['name']} won after full-time."
            if winner
            else "Game ended in draw."
        )

    def _participant(self, side, state):
        team = self.facts[side]
        winner = (side == self._winner()) if state == states.FULL_TIME else None
        return {
            "id": self.team_ids[side],
            "sport_id": 1,
            "name": team["name"],
            "short_code": team["code"],
            "type": "domestic",
            "placeholder": False,
            "meta": {"location": side, "winner": winner, "position": None},
        }

    def _periods(self, kickoff, played):
        halves = [
            (1, 0, 0, self.first_half_end, "1st-half"),
            (2, 45, self.second_half_start, self.second_half_end, "2nd-half"),
        ]
        periods = []
        for order, counts_from, start, end, description in halves:
            if played < start:
                break
            running = played < end
            clock = min(played, end) - start
            periods.append(
                {
                    "id": self.fixture_id * 10 + order,
                    "fixture_id": self.fixture_id,
                    "type_id": order,
                    "started": int(kickoff + start),
                    "ended": None if running else int(kickoff + end),
                    "counts_from": counts_from,
                    "ticking": running,
                    "sort_order": order,
                    "description": description,
                    "period_length": 45,
                    "time_added": round((end - start - HALF) / 60) if clock >= HALF else None,
                    "minutes": counts_from + floor(clock / 60),
                    "seconds": int(clock % 60),
                    "has_timer": True,
                }
            )
        return periods

    def _event(self, event, loop):
        fact = event["fact"]
        return {
            "id": self.fixture_id * 100 + event["index"],
            "fixture_id": self.fixture_id,
            "period_id": self.fixture_id * 10 + (1 if fact["minute"] <= 45 else 2),
            "participant_id": self.team_ids[fact["team"]],
            "type_id": EVENT_TYPE_IDS[fact["kind"]],
            "section": "event",
            "player_id": None,
            "player_name": fact["player"],
            "related_player_id": None,
            "related_player_name": fact.get("assist") or fact.get("off"),
            "result": fact.get("result"),
            "info": None,
            "addition": None,
            "minute": fact["minute"],
            "extra_minute": fact["extra_minute"],
            "injured": None,
            "on_bench": False,
            "sort_order": event["index"] + 1,
        }

    def _scores(self, events, played):
        if played < 0:
            return []
        goals = [e for e in events if e["fact"]["kind"] in GOAL_TYPES]
        first_half = [e for e in goals if e["fact"]["minute"] <= 45]
        tallies = {"1ST_HALF": first_half, "CURRENT": goals}
        if played >= self.second_half_start:
            tallies["2ND_HALF"] = goals  # SportMonks' 2ND_HALF is the score at the end of it
        entries = [
            (description, counted, side)
            for description, counted in tallies.items()
            for side in ("home", "away")
        ]
        return [
            {
                "id": self.fixture_id * 100 + 50 + index,
                "fixture_id": self.fixture_id,
                "type_id": SCORE_TYPES[description],
                "participant_id": self.team_ids[side],
                "score": {
                    "goals": sum(_scoring_side(e["fact"]) == side for e in counted),
                    "participant": side,
                },
                "description": description,
            }
            for index, (description, counted, side) in enumerate(entries)
        ]

    def _lineups(self):
        lineups = self.facts.get("lineups")
        if not lineups:
            return []
        return [
            {
                "id": self.fixture_id * 100 + index,
                "sport_id": 1,
                "fixture_id": self.fixture_id,
                "player_id": None,
                "team_id": self.team_ids[side],
                "position_id": None,
                "formation_field": None,
                "type_id": LINEUP_TYPES[role],
                "formation_position": position + 1 if role == "starting" else None,
                "player_name": name,
                "jersey_number": None,
            }
            for index, (side, role, position, name) in enumerate(
                (side, role, position, name)
                for side in ("home", "away")
                for role in ("starting", "bench")
                for position, name in enumerate(lineups[side][role])
            )
        ]

    def _statistics(self, events, played):
        """Team statistics so far: cards counted from the real events; the rest (illustrative) grow with the match."""
        if played < 0:
            return []
        # Whole minutes of play so far: nothing grows at half time, and only once a minute.
        play = min(played, self.first_half_end) + max(
            0, min(played, self.second_half_end) - self.second_half_start
        )
        share = (play // 60) / (
            (self.first_half_end + self.second_half_end - self.second_half_start) // 60
        )
        totals = self.facts["illustrative"]["statistics"]
        rows = []
        for side in ("home", "away"):
            counts = {
                key: value if key == "possession" else round(value * share)
                for key, value in totals[side].items()
            }
            for card in ("yellow_card", "red_card"):
                counts[card + "s"] = sum(
                    e["fact"]["kind"] == card and e["fact"]["team"] == side for e in events
                )
            rows += [
                {
                    "id": self.fixture_id * 100 + 60 + len(rows),
                    "fixture_id": self.fixture_id,
                    "type_id": STATISTIC_TYPES[key],
                    "participant_id": self.team_ids[side],
                    "data": {"value": value},
                    "location": side,
                }
                for key, value in counts.items()
            ]
        return rows

    def _pressure(self, played):
        """One record per team for every minute of play completed so far."""
        done = [m for m in self.pressure if self._minute_end(m) <= played]
        return [
            {
                "id": self.fixture_id * 1000 + minute * 2 + (side == "away"),
                "fixture_id": self.fixture_id,
                "participant_id": self.team_ids[side],
                "minute": minute,
                "pressure": self.pressure[minute][side],
            }
            for minute in done
            for side in ("home", "away")
        ]

    def _minute_end(self, minute):
        return minute * 60 if minute <= 45 else self.second_half_start + (minute - 45) * 60

    def _timed(self, index, fact):
        """When a fact happens, in seconds of this loop's match time from kick-off."""
        if fact.get("match_clock"):
            clock = _match_clock(fact["match_clock"])
        else:
            within = self.facts["illustrative"]["event_second_within_minute"]
            clock = (fact["minute"] + (fact["extra_minute"] or 0) - 1) * 60 + within
        at = clock if fact["minute"] <= 45 else self.second_half_start + clock - HALF
        return {"index": index, "at": at, "fact": fact}

    def _kickoff(self, loop):
        return self._anchor + loop * self.loop_length + self.kickoff_delay

    def _loop_at(self, moment):
        return floor((moment - self._anchor) / self.loop_length)


class RecordedDay(FeedProvider):
    """The final day: City-QPR and the nine other matches of 13 May 2012, all kicking off
    together on one clock and looping together (each shows FT until the longest has ended)."""

    name = "recorded"

    def __init__(self, speed=1.0, kickoff_delay=60.0, clock=time.time, anchor=None, day=None):
        if speed <= 0:
            raise ValueError("speed must be positive")
        day = day or json.loads(DAY.read_text(encoding="utf-8"))
        anchor = clock() if anchor is None else anchor
        self.speed = self.rate = speed
        self.feeds = [
            RecordedFeed(facts, speed, kickoff_delay, clock, anchor)
            for facts in [None, *(fixture_facts(day, fixture) for fixture in day["fixtures"])]
        ]
        longest = max(feed.loop_length for feed in self.feeds)
        for feed in self.feeds:  # one loop for all, so the ten kick off together every time
            feed.loop_length = longest
        self._by_id = {feed.fixture_id: feed for feed in self.feeds}

    def now(self):
        return self.feeds[0].now()

    def poll_interval(self, interval):
        return self.feeds[0].poll_interval(interval)

    @property
    def first_kickoff(self):
        return self.feeds[0].first_kickoff

    def live_payloads(self):
        moment = self.now()  # one moment for all ten: a goal here and a whistle there agree
        return [feed.payload_at(moment) for feed in self.feeds]

    def day_payloads(self, day: date):
        return [payload for feed in self.feeds for payload in feed.day_payloads(day)]

    def fixture_payload(self, fixture_id):
        feed = self._by_id.get(int(fixture_id))
        return feed.payload_at(self.now()) if feed else None

    def _snapshots(self, payloads):
        # Each match says what in it is made up (City-QPR's pressure and statistics; none else).
        return [
            snapshot | {"recorded": self._by_id[snapshot["external_id"]].recorded}
            for snapshot in super()._snapshots(payloads)
        ]


def fixture_facts(day, fixture):
    """One of the day's other fixtures in the facts shape RecordedFeed plays (no pressure, no
    statistics: none exist for them)."""
    shared = day["shared_illustrative"]
    return {
        **fixture,
        "date": day["date"],
        "competition_name": day["competition_name"],
        "illustrative": {
            "ids": fixture["ids"],
            "first_half_added_seconds": shared["first_half_added_seconds"],
            "half_time_break_seconds": shared["half_time_break_seconds"],
            "event_second_within_minute": shared["event_second_within_minute"],
            "full_time_shown_seconds": 0,  # the day's loop keeps it at FT until the next one
        },
    }


def _scoring_side(fact):
    """The side a goal counts for: an own goal's player is on the other side."""
    if fact["kind"] == "own_goal":
        return "away" if fact["team"] == "home" else "home"
    return fact["team"]


def _illustrative_pressure(facts, model):
    """A deterministic made-up pressure series by minute (marked illustrative in the data file)."""
    rng = random.Random(model["seed"])
    last_minute = _match_clock(facts["second_half_ended_at_match_clock"]) // 60
    series, walk = {}, 0.0
    for minute in range(1, last_minute + 1):
        walk = 0.7 * walk + rng.uniform(-model["swing"], model["swing"])
        series[minute] = {
            "home": model["baseline"]["home"] + walk,
            "away": model["baseline"]["away"] - walk,
        }
    for fact in facts["events"]:
        at = fact["minute"] + (fact["extra_minute"] or 0)
        if fact["kind"] == "goal":
            _build_up(series, at, fact["team"], model)
        elif fact["kind"] == "red_card":
            for minute in (m for m in series if m > at):
                for side, shift in model["after_red_card"].items():
                    series[minute][side] += shift
    return {
        m: {side: round(min(max(v, 0.0), 100.0), 1) for side, v in sides.items()}
        for m, sides in series.items()
    }


def _build_up(series, goal_minute, team, model):
    other = "away" if team == "home" else "home"
    span = model["build_up_minutes"]
    for minute in range(goal_minute - span + 1, goal_minute + 1):
        if minute in series:
            boost = model["build_up_boost"] * (1 - (goal_minute - minute) / span)
            series[minute][team] += boost
            series[minute][other] -= boost


def _state_object(code):
    state = states.BY_CODE[code]
    return {
        "id": state.id,
        "state": code,
        "name": state.name,
        "short_name": state.short_name,
        "developer_name": code,
    }


def _match_clock(text):
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def _day_start(day):
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def _utc_date(moment):
    return datetime.fromtimestamp(moment, UTC).date()
