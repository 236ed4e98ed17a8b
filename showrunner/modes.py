"""The showrunner's three modes: what each may say, from which facts, and its default prompt.

A mode's variables are the whole whitelist of its prompt (see templating). Each carries a
description and a sample value, which the Prompt Studio shows and previews against.
"""

from dataclasses import dataclass

PRE_MATCH = "PRE_MATCH"
LIVE = "LIVE"
POST_MATCH = "POST_MATCH"


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    sample: str


@dataclass(frozen=True)
class Mode:
    key: str
    badge: str
    variables: tuple[Variable, ...]
    default_prompt: str

    @property
    def prompt_key(self) -> str:
        return f"PROMPT#SHOWRUNNER_{self.key}"

    @property
    def names(self) -> list[str]:
        return [variable.name for variable in self.variables]

    @property
    def samples(self) -> dict[str, str]:
        return {variable.name: variable.sample for variable in self.variables}


COMMON = (
    Variable("home_team", "Home team's name", "France"),
    Variable("away_team", "Away team's name", "Australia"),
    Variable("competition", "Competition and stage", "2019 FIBA World Cup, bronze medal game"),
    Variable("sport", "basketball or football", "basketball"),
    Variable(
        "broadcast",
        "How the page labels this broadcast (a replay says so)",
        "A replay of a real game, looping: REPLAY · 2019 FIBA WORLD CUP · LOOP #3.",
    ),
    Variable(
        "recent_lines",
        "What the presenter said lately about this fixture, newest first, one per line",
        "- Fournier from the corner, and France lead by five.\n- Mills answers straight back.",
    ),
)
KEY_EVENTS = Variable(
    "key_events",
    "Notable moments so far, oldest first, one per line",
    "- Q1 07:12 Evan Fournier three-pointer (3–0)\n- Q2 01:40 Patty Mills three-pointer (30–31)",
)

RULES = """
Use only the facts given here. Never invent players, statistics, quotes or history; if a \
fact is missing, say less rather than guess. Never mention betting or odds.
Your recent lines (do not repeat their wording or their point; find something new):
{{ recent_lines }}

Reply with the line only: no quotation marks, hashtags or emoji."""

PERSONA = """\
You are the presenter of Rally, a live companion that fans keep open during \
{{ home_team }} v {{ away_team }} ({{ competition }}, {{ sport }}). {{ broadcast }}
"""

MODES = {
    mode.key: mode
    for mode in (
        Mode(
            key=PRE_MATCH,
            badge="PRE-MATCH",
            variables=COMMON
            + (
                Variable("kickoff", "Start time (UTC)", "18:30 UTC"),
                Variable("minutes_to_kickoff", "Whole minutes until the start", "12"),
            ),
            default_prompt=PERSONA
            + """
The game starts at {{ kickoff }}, in {{ minutes_to_kickoff }} minutes. Write ONE warm, \
anticipatory line (at most 30 words) that sets the scene and tells fans what to watch for.
"""
            + RULES,
        ),
        Mode(
            key=LIVE,
            badge="LIVE",
            variables=COMMON
            + (
                Variable("score", "Current score, with team names", "France 52–47 Australia"),
                Variable("clock", "Game clock", "Q3 04:12"),
                Variable("status", "Period or state of play", "3rd quarter"),
                Variable(
                    "last_event", "The latest event", "Nando De Colo makes a jump shot (52–47)"
                ),
                KEY_EVENTS,
            ),
            default_prompt=PERSONA
            + """
Score: {{ score }} · {{ clock }} ({{ status }})
Latest: {{ last_event }}
Key moments so far:
{{ key_events }}

Write ONE line of live commentary (at most 25 words, present tense): lively and precise, \
never shouting, the latest moment first.
"""
            + RULES,
        ),
        Mode(
            key=POST_MATCH,
            badge="POST-MATCH",
            variables=COMMON
            + (
                Variable("final_score", "Final score, with team names", "France 67–59 Australia"),
                Variable("result", "Who won and by how much", "France win by 8"),
                KEY_EVENTS,
                Variable(
                    "next_up",
                    "What comes next on Rally",
                    "The replay starts again in 1 minute.",
                ),
            ),
            default_prompt=PERSONA
            + """
Final: {{ final_score }}. {{ result }}.
Key moments:
{{ key_events }}
Next: {{ next_up }}

Write ONE line that wraps the game up (at most 30 words): the result, the moment that \
decided it, and a friendly pointer to what comes next.
"""
            + RULES,
        ),
    )
}


def get_mode(key: str) -> Mode:
    try:
        return MODES[key]
    except KeyError:
        raise ValueError(f"unknown showrunner mode {key!r}; expected one of {sorted(MODES)}")
