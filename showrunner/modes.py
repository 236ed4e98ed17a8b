"""The showrunner's three modes: what each may say, from which facts, and its default prompt.

A mode's variables are the whole whitelist of its prompt (see rally/templating.py). Each carries a
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
    # Text written by fans (nicknames) or by the model itself (its earlier lines): it reaches the
    # prompt only inside a delimited, escaped data block, never as instructions (showrunner/prompting.py).
    data: bool = False


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

    @property
    def data_names(self) -> frozenset[str]:
        return frozenset(variable.name for variable in self.variables if variable.data)


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
        data=True,
    ),
)
# The story around the game (showrunner/story.py): sourced or fetched facts, never invented.
STORY = (
    Variable(
        "stakes",
        "What is at stake, from sourced facts: where both teams stand and what they play for",
        "- Both teams come from a semi-final defeat: France lost 66-80 to Argentina, Australia "
        "lost 88-95 to Spain after two overtimes.\n- The winner takes the bronze medal.",
    ),
    Variable(
        "table",
        "The league table around both teams (position, team, played, points, goal difference)",
        "- 1. Manchester City: 37 played, 86 pts, GD +63\n- 2. Manchester United: 37 played, 86 pts, GD +55",
    ),
    Variable(
        "form",
        "Each team's last five results, newest first (W/D/L), or its road to this game",
        "- Manchester City: W W W W W\n- Queens Park Rangers: L W L D L",
    ),
    Variable(
        "players",
        "Line-ups and key players, when the feed has them (the replay: top scorers so far)",
        "- France: Nando De Colo 12 pts, Evan Fournier 9 pts\n- Australia: Patty Mills 10 pts",
    ),
    Variable(
        "crowd",
        "What Rally's fans picked and who leads the leaderboard, so the presenter can speak to them",
        "- Who leads after the first quarter? 6 in 10 of you (12 of 20) back France\n"
        "- Mika leads the leaderboard on 30 points",
        data=True,
    ),
)
NEW_EVENT = Variable(
    "new_event",
    "The event to tell now (a goal, red card, penalty or VAR decision; in the replay a lead "
    "change or a quarter's end), or (nothing new) between events",
    "Q4 09:01 Nando De Colo free throw (47–46): France lead for the first time",
)
TABLE_CHANGE = Variable(
    "table_change",
    "What the result changes in the table (or in the tournament)",
    "- France win the bronze medal; Australia finish fourth.",
)
KEY_EVENTS = Variable(
    "key_events",
    "Notable moments so far, oldest first, one per line",
    "- Q1 07:12 Evan Fournier three-pointer (3–0)\n- Q2 01:40 Patty Mills three-pointer (30–31)",
)

STORY_PROMPT = """
The story around this game (use one thread at a time, only when it fits):
What is at stake:
{{ stakes }}
Table:
{{ table }}
Form:
{{ form }}
Players:
{{ players }}
Our fans on Rally:
{{ crowd }}
"""

RULES = """
Use only the facts given here. Never invent players, statistics, quotes or history; if a \
fact is missing, say less rather than guess. Never mention betting or odds. \
Never retell a moment your recent lines already told.
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
            )
            + STORY,
            default_prompt=PERSONA
            + """
The game starts at {{ kickoff }}, in {{ minutes_to_kickoff }} minutes.
"""
            + STORY_PROMPT
            + """
Write ONE warm, anticipatory line (at most 30 words) that sets the scene with one fact of \
the story (what is at stake, the form, a player to watch, what our fans expect).
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
                NEW_EVENT,
            )
            + STORY,
            default_prompt=PERSONA
            + """
Score: {{ score }} · {{ clock }} ({{ status }})
Latest: {{ last_event }}
New, to tell now: {{ new_event }}
Key moments so far:
{{ key_events }}
"""
            + STORY_PROMPT
            + """
Write ONE line of live commentary (at most 30 words, present tense). If there is a new \
event, the line is about that event: precise and lively, never shouting, with what it means \
for the story. If there is nothing new, bring something fresh from the story instead.
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
                TABLE_CHANGE,
            )
            + STORY,
            default_prompt=PERSONA
            + """
Final: {{ final_score }}. {{ result }}.
Key moments:
{{ key_events }}
What it changes:
{{ table_change }}
Next: {{ next_up }}
"""
            + STORY_PROMPT
            + """
Write ONE line that wraps the game up (at most 30 words): the result, the moment that \
decided it, what it changes, and a friendly pointer to what comes next.
"""
            + RULES,
        ),
    )
}


def get_mode(key: str) -> Mode:
    try:
        return MODES[key]
    except KeyError:
        raise ValueError(
            f"unknown showrunner mode {key!r}; expected one of {sorted(MODES)}"
        ) from None
