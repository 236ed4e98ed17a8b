"""The offline writer: short presenter lines put together from the facts, no model at all.

It is the default (no account, key or server needed) and the fallback when a model fails.
It is not a language model and does not pretend to be one: it fills fixed sentence shapes
with the facts it was given and follows the director's rule like a model would:

- an event to tell (`ScriptRequest.event`) gets a line about that event only — a goal says
  who scored, for whom, when, the assist and the score, worded by what the goal did
  (equaliser, lead, one pulled back) and, when a table is known, where it leaves the team;
- between events it never retells one: it says the score and brings one thread of the story
  (stakes, form, players, the crowd, the table) that its recent lines have not used yet.

Shapes are picked deterministically from the facts, and a line said recently is skipped.
Scripts it writes are stored and sent with the backend name `offline`.
"""

import re
import zlib
from string import Formatter

from ..facts import NOT_KNOWN, NOTHING_NEW, NOTHING_YET
from ..modes import LIVE, POST_MATCH, PRE_MATCH
from .base import ScriptRequest, ScriptResult, tidy

LINES = {
    PRE_MATCH: (
        "{minutes} to {start}: {home_team} v {away_team} ({competition}). {story}",
        "Not long now: {home_team} and {away_team} get going at {kickoff}. {story}",
        "{competition}. {home_team} v {away_team}, {start} at {kickoff}. {story}",
        "{minutes} to {start}: {home_team} v {away_team} ({competition}).",
    ),
    LIVE: (
        "{score} at {clock}. {story}",
        "{clock}, {score}. {story}",
        "{score} at {clock}, {status}.",
    ),
    POST_MATCH: (
        "It's over: {final_score}. {result}. {fans} {change}",
        "{result}: {final_score} at the end. {fans} {change}",
        "It's over: {final_score}. {result}.",
        "{result}: {final_score} at the end. {next_up}",
    ),
}
EVENT_LINES = {
    "equaliser": (
        "{player} levels it for {team} at {minute}{assist}: {score}.",
        "All square! {player} equalises for {team} at {minute}{assist}. {score}.",
    ),
    "lead": (
        "{player} puts {team} ahead at {minute}{assist}: {score}.",
        "GOAL! {player} scores for {team} at {minute}{assist}, and it is {score}.",
    ),
    "behind": (
        "{player} pulls one back for {team} at {minute}{assist}: {score}.",
        "{minute}: {player} scores for {team}{assist}, and it is {score}.",
    ),
    "red_card": (
        "Red card at {minute}: {player} is sent off, and {team} are a man down. {score_now}.",
        "{player} sees red at {minute}; {team} play on a man down. {score_now}.",
    ),
    "penalty_scored": ("{player} scores the penalty for {team} at {minute}: {score}.",),
    "penalty_missed": ("{player} misses the penalty for {team} at {minute}. {score_now}.",),
    "var": ("VAR check at {minute} ({team}). {score_now}.",),
    "lead_change": (
        "{player} puts {team} in front{first}: {score}, {minute}.",
        "{minute}: {player}, and {team} lead{first}. {score}.",
    ),
    "run": (
        "A {run} run for {team}: {score}, {minute}.",
        "{minute}: {team} are on a {run} run. {score}.",
    ),
    "milestone": (
        "{player} reaches {points} points for {team}: {score}, {minute}.",
        "{minute}: {points} points for {player} now. {score}.",
    ),
    "period_end": (
        "End of quarter {quarter}: {score}. {fans}",
        "That is quarter {quarter} done: {score}. {fans}",
    ),
}
# When the mode's shapes lack facts: the last one needs none, so there is always a line.
FALLBACK = ("{home_team} v {away_team}, here on Rally.", "Stay with Rally for the next update.")
STORY_ORDER = ("crowd", "stakes", "form", "players", "table")


class OfflineWriter:
    name = "offline"

    def write(self, request: ScriptRequest) -> ScriptResult:
        recent = request.facts.get("recent_lines", "")
        if request.event:
            line = _event_line(request.event, request.facts, recent)
            if line:
                return ScriptResult(text=line, backend=self.name)
        facts = {**request.facts, **_derived(request.facts, recent)}
        shapes = [
            s for s in LINES.get(request.mode, ()) if _filled(s, facts, optional=("fans",))
        ] or [s for s in FALLBACK if _filled(s, facts)]
        return ScriptResult(text=_pick(shapes, facts, recent, request.facts), backend=self.name)


def _event_line(event, facts, recent):
    kind = event.get("kind")
    if kind == "goal":
        lead = event.get("lead") or ""
        kind = (
            "equaliser"
            if lead == "level"
            else "lead"
            if lead.startswith(event.get("team_name") or "?")
            else "behind"
        )
    shapes = EVENT_LINES.get(kind)
    if not shapes:
        return None
    values = {
        "player": event.get("player") or event.get("team_name") or "",
        "team": event.get("team_name") or "",
        "minute": event.get("minute_text") or "",
        "assist": f", set up by {event['assist']}" if event.get("assist") else "",
        "score": event.get("score_text") or facts.get("score", ""),
        "score_now": facts.get("score", ""),
        "first": " for the first time" if event.get("first") else "",
        "quarter": event.get("quarter") or "",
        "run": event.get("run_text") or "",
        "points": event.get("points_total") or "",
        # The fans' own game at a break: who leads, who is on a run of right calls.
        "fans": _fans(facts),
    }
    optional = ("assist", "first", "fans")
    usable = [shape for shape in shapes if _filled(shape, values, optional=optional)]
    if not usable:
        return None
    line = _pick(usable, values, recent, event)
    if event.get("late") and event.get("extra_minute"):
        line = f"In stoppage time: {line}"
    if event.get("as_it_stands"):
        line = _sentence(f"{line} {event['as_it_stands']}.")
    return line


def _pick(shapes, facts, recent, seed):
    lines = [_sentence(shape.format_map(facts)) for shape in shapes]
    start = zlib.crc32(repr(sorted((str(k), str(v)) for k, v in seed.items())).encode()) % len(
        lines
    )
    rotation = lines[start:] + lines[:start]
    fresh = [line for line in rotation if line not in recent]
    return (fresh or rotation)[0]


def story_items(facts, names=STORY_ORDER):
    """Each line of the story facts, in the order a presenter would reach for them."""
    items = []
    for name in names:
        for line in (facts.get(name) or "").splitlines():
            line = line.removeprefix("- ").strip()
            if line and line not in (NOT_KNOWN, NOTHING_YET):
                items.append(line)
    return items


def _derived(facts, recent) -> dict[str, str]:
    minutes = facts.get("minutes_to_kickoff", "")
    # One thread of the story the recent lines have not used; none when all are used.
    unused = [item for item in story_items(facts) if item not in recent]
    change = [item for item in story_items(facts, ("table_change",)) if item not in recent]
    return {
        "start": "tip-off" if facts.get("sport") == "basketball" else "kick-off",
        "minutes": f"{minutes} minute{'' if minutes == '1' else 's'}" if minutes else "",
        "story": unused[0] if unused else "",
        "change": change[0] if change else "",
        "fans": _fans(facts),
    }


def _fans(facts):
    """The fans' own game in a sentence (the crowd's first line: who leads, a run of right calls)."""
    return " ".join(_sentence(item) for item in story_items(facts, ("crowd",))[:1])


def _sentence(text: str) -> str:
    # Facts may end with their own full stop; do not add a second one.
    text = re.sub(r"([.!?…:;])\.", r"\1", text.strip())
    return tidy(text if text[-1:] in ".!?…" else text + ".")


def _filled(shape: str, facts, optional=()) -> bool:
    """A sentence shape is usable only when every fact it names is known: the prompt's
    "(nothing yet)" placeholder reads well to a model, not inside a presenter's line."""
    return all(
        str(facts.get(name)) not in ("None", "", NOTHING_YET, NOTHING_NEW, NOT_KNOWN)
        for _, name, _, _ in Formatter().parse(shape)
        if name and name not in optional
    )
