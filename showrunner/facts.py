"""The facts a prompt is filled with: every variable of a mode, as text, from plain data.

Two sources: the replay (its frozen events and where the loop is, docs/engine.md §1–2) and a
feed fixture (its last COMPOSITE_UPDATE snapshot, docs/protocol.md). The director and the
Prompt Studio's preview both use these, so an editor previews exactly what is sent.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from matches.engine import fold_state

from .modes import PRE_MATCH, get_mode

KEY_EVENTS_SHOWN = 8
NOTHING_YET = "(nothing yet)"
NOTHING_NEW = "(nothing new)"
NOT_KNOWN = "(not known)"
STORY_NAMES = ("stakes", "table", "form", "players", "crowd", "table_change")
QUARTERS = {1: "1st quarter", 2: "2nd quarter", 3: "3rd quarter", 4: "4th quarter"}
FEED_EVENT_WORDS = {
    "goal": "goal",
    "red_card": "red card",
    "var": "VAR check",
    "penalty_scored": "penalty scored",
    "penalty_missed": "penalty missed",
}


@dataclass(frozen=True)
class Teams:
    home: str
    away: str
    home_code: str = ""
    away_code: str = ""


def for_mode(mode: str, facts: dict[str, str]) -> dict[str, str]:
    """Exactly the mode's whitelist, from a dict that may hold more."""
    return {name: facts[name] for name in get_mode(mode).names}


def lines(items) -> str:
    return "\n".join(f"- {item}" for item in items) or NOTHING_YET


def story_defaults(story):
    """The story facts (story.py), each known or said to be unknown."""
    story = story or {}
    return {name: story.get(name) or NOT_KNOWN for name in STORY_NAMES}


def replay_facts(mode, teams, title, events, clock, now_ms, recent, story=None, new_event=""):
    """`clock` is engine.replay_clock at `now_ms`; `events` the frozen stream in order."""
    codes = {"home": teams.home_code, "away": teams.away_code}
    now_state = fold_state(events, clock["sequence"], codes)
    final = fold_state(events, len(events), codes)
    loop = clock["loop"] + (1 if mode == PRE_MATCH else 0)
    to_tipoff = max(0, clock["nextTipoffMs"] - now_ms)
    facts = {
        **_common(teams, _competition(title), "basketball", recent),
        "broadcast": f"This is a replay of a real game, not a live one (replay loop #{loop}).",
        "kickoff": _utc(datetime.fromtimestamp(clock["nextTipoffMs"] / 1000, UTC)),
        "minutes_to_kickoff": str(math.ceil(to_tipoff / 60_000)),
        "score": _score(teams, *_points(now_state, codes)),
        "clock": f"Q{now_state['quarter']} {now_state['clock']}",
        "status": QUARTERS.get(now_state["quarter"], "overtime"),
        "last_event": now_state["last"]["description"] if now_state["last"] else NOTHING_YET,
        "key_events": lines(_replay_key_events(events, clock["sequence"], codes)),
        "final_score": _score(teams, *_points(final, codes)),
        "result": _result(teams, *_points(final, codes)),
        "next_up": f"The replay starts again in {_minutes(to_tipoff)}.",
        "new_event": new_event or NOTHING_NEW,
        **story_defaults(story),
    }
    return for_mode(mode, facts)


def feed_facts(mode, teams, snapshot, kickoff, now, recent, next_up, story=None, new_event=""):
    """`snapshot` is the fixture's last COMPOSITE_UPDATE body; `kickoff` its start time."""
    scores = snapshot.get("scores") or {}
    home, away = scores.get("home") or 0, scores.get("away") or 0
    events = [e for e in snapshot.get("events") or [] if e.get("kind") in FEED_EVENT_WORDS]
    to_kickoff = max(0, (kickoff - now).total_seconds() * 1000) if kickoff else 0
    facts = {
        # The competition by its name (the feed's league); unknown, the lines that need it wait.
        **_common(teams, snapshot.get("competition") or NOT_KNOWN, "football", recent),
        "broadcast": "Live from the score feed.",
        "kickoff": _utc(kickoff) if kickoff else "soon",
        "minutes_to_kickoff": str(math.ceil(to_kickoff / 60_000)),
        "score": _score(teams, home, away),
        "clock": (snapshot.get("elapsed") or {}).get("display") or "",
        "status": (snapshot.get("state") or {}).get("name") or "",
        "last_event": _feed_event(events[-1], teams) if events else NOTHING_YET,
        "key_events": lines(_feed_event(e, teams) for e in events[-KEY_EVENTS_SHOWN:]),
        "final_score": _score(teams, home, away),
        "result": _result(teams, home, away),
        "next_up": next_up,
        "new_event": new_event or NOTHING_NEW,
        **story_defaults(story),
    }
    return for_mode(mode, facts)


def _common(teams, competition, sport, recent):
    return {
        "home_team": teams.home,
        "away_team": teams.away,
        "competition": competition,
        "sport": sport,
        "recent_lines": lines(recent),
    }


def _competition(title):
    # "France v Australia · 2019 FIBA World Cup bronze medal game" → the part after the dot.
    return title.split(" · ", 1)[-1] if title else "Basketball"


def _points(state, codes):
    return state["score"][codes["home"]], state["score"][codes["away"]]


def _score(teams, home, away):
    return f"{teams.home} {home}–{away} {teams.away}"


def _result(teams, home, away):
    if home == away:
        return f"A {home}–{away} draw"
    winner = teams.home if home > away else teams.away
    return f"{winner} win by {abs(home - away)}"


def _replay_event(event, events, codes):
    if not event["points"]:
        return event["description"]
    home, away = _points(fold_state(events, event["sequence"], codes), codes)
    return f"{event['description']} ({home}–{away})"


def _replay_key_events(events, sequence, codes):
    """Quarter ends (they carry the score) and the last three baskets, in order."""
    played = [e for e in events if e["sequence"] <= sequence]
    scoring = [e["sequence"] for e in played if e["points"]][-3:]
    return [
        f"Q{e['quarter']} {e['clock']} {_replay_event(e, events, codes)}"
        for e in played
        if e["kind"] == "period_end" or e["sequence"] in scoring
    ]


def _feed_event(event, teams):
    minute = f"{feed_minute(event)} " if event.get("minute") is not None else ""
    team = teams.home if event.get("team") == "home" else teams.away
    who = ", ".join(part for part in (event.get("player"), team) if part)
    result = f" ({event['result']})" if event.get("result") else ""
    return f"{minute}{FEED_EVENT_WORDS[event['kind']]}: {who}{result}"


def feed_minute(event):
    extra = event.get("extra_minute")
    return f"{event['minute']}{f'+{extra}' if extra else ''}'"


def describe_feed_event(event, teams):
    """The event to tell, with its assist and the score it left (the `new_event` fact)."""
    line = _feed_event(event, teams)
    if event.get("assist"):
        line += f", assisted by {event['assist']}"
    score = parse_result(event.get("result"))
    if score:
        line += f"; it is {_score(teams, *score)}"
    return line


def parse_result(result):
    """ "3-2" → (3, 2); None when the feed gave no usable result."""
    try:
        home, away = str(result).replace("–", "-").split("-")
        return int(home), int(away)
    except (ValueError, AttributeError):
        return None


def _minutes(ms):
    minutes = max(1, math.ceil(ms / 60_000))
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _utc(moment):
    return moment.astimezone(UTC).strftime("%H:%M UTC")
