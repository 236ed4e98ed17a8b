"""The offline writer: short presenter lines put together from the facts, no model at all.

It is the default (no account, key or server needed) and the fallback when a model fails.
It is not a language model and does not pretend to be one: it fills a few fixed sentence
shapes with the facts it was given, picks one deterministically, and skips a line it said
recently. Scripts it writes are stored and sent with the backend name `offline`.
"""

import re
import zlib
from string import Formatter

from ..facts import NOTHING_YET
from ..modes import LIVE, POST_MATCH, PRE_MATCH
from .base import ScriptRequest, ScriptResult, tidy

LINES = {
    PRE_MATCH: (
        "{minutes} to {start}: {home_team} v {away_team} ({competition}).",
        "Not long now: {home_team} and {away_team} get going at {kickoff}.",
        "{competition}. {home_team} v {away_team}, {start} at {kickoff}. Settle in.",
    ),
    LIVE: (
        "{clock}: {last_event}. {score}.",
        "{score} at {clock}, {status}.",
        "{last_event}, and it is {score}.",
    ),
    POST_MATCH: (
        "It's over: {final_score}. {result}.",
        "{result}: {final_score} at the end. {next_up}",
        "Final score {final_score}. {next_up}",
    ),
}
# When the mode's shapes lack facts: the last one needs none, so there is always a line.
FALLBACK = ("{home_team} v {away_team}, here on Rally.", "Stay with Rally for the next update.")


class OfflineWriter:
    name = "offline"

    def write(self, request: ScriptRequest) -> ScriptResult:
        facts = {**request.facts, **_derived(request.facts)}
        shapes = [s for s in LINES.get(request.mode, ()) if _filled(s, facts)] or [
            s for s in FALLBACK if _filled(s, facts)
        ]
        lines = [_sentence(shape.format_map(facts)) for shape in shapes]
        start = zlib.crc32(repr(sorted(request.facts.items())).encode()) % len(lines)
        rotation = lines[start:] + lines[:start]
        recent = request.facts.get("recent_lines", "")
        fresh = [line for line in rotation if line not in recent]
        return ScriptResult(text=(fresh or rotation)[0], backend=self.name)


def _derived(facts) -> dict[str, str]:
    minutes = facts.get("minutes_to_kickoff", "")
    return {
        "start": "tip-off" if facts.get("sport") == "basketball" else "kick-off",
        "minutes": f"{minutes} minute{'' if minutes == '1' else 's'}" if minutes else "",
    }


def _sentence(text: str) -> str:
    # Facts may end with their own full stop; do not add a second one.
    return tidy(re.sub(r"([.!?…])\.", r"\1", text))


def _filled(shape: str, facts) -> bool:
    """A sentence shape is usable only when every fact it names is known: the prompt's
    "(nothing yet)" placeholder reads well to a model, not inside a presenter's line."""
    return all(facts.get(name) not in (None, "", NOTHING_YET) for _, name, _, _ in Formatter().parse(shape) if name)
