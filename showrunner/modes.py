"""The showrunner's three modes: what each may say, from which facts, and its default prompt.

A mode's variables are the whole whitelist of its prompt (see rally/templating.py). Each carries a
description and a sample value, which the Prompt Studio shows and previews against.
"""

from dataclasses import dataclass

from predictions.livegame import QUESTION_VARIABLES
from rally.templating import validate_template

# The longest prompt an editor may save: the defaults are under 2,000 characters; a prompt
# many times that costs tokens on every line and hides what matters.
PROMPT_MAX_CHARS = 10_000
QUESTION_MAX_CHARS = 150  # a template's wording; the teams' names make the question longer

SAMPLE_KINDS = ("replay", "feed")  # matches.Fixture.Kind: whose sample values the preview fills
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
    # The sample for a football fixture when it differs from `sample` (the basketball replay's).
    football: str = ""


@dataclass(frozen=True)
class Mode:
    key: str
    badge: str
    variables: tuple[Variable, ...]
    default_prompt: str
    max_chars: int = PROMPT_MAX_CHARS
    offered: str = "This mode offers"
    what: str = "prompt"  # how messages name the text

    @property
    def prompt_key(self) -> str:
        return f"PROMPT#SHOWRUNNER_{self.key}"

    @property
    def names(self) -> list[str]:
        return [variable.name for variable in self.variables]

    @property
    def samples(self) -> dict[str, str]:
        return {variable.name: variable.sample for variable in self.variables}

    def samples_for(self, kind: str) -> dict[str, str]:
        """The sample values for a kind of fixture: "replay" (basketball) or "feed" (football)."""
        football = kind == "feed"
        return {
            v.name: (v.football if football and v.football else v.sample) for v in self.variables
        }

    @property
    def data_names(self) -> frozenset[str]:
        return frozenset(variable.name for variable in self.variables if variable.data)


COMMON = (
    Variable("home_team", "Home team's name", "France", football="Manchester City"),
    Variable("away_team", "Away team's name", "Australia", football="Queens Park Rangers"),
    Variable(
        "competition",
        "Competition and stage",
        "2019 FIBA World Cup, bronze medal game",
        football="Premier League",
    ),
    Variable("sport", "basketball or football", "basketball", football="football"),
    Variable(
        "broadcast",
        "How the page labels this broadcast (a replay says so)",
        "A replay of a real game, looping: REPLAY · 2019 FIBA WORLD CUP · LOOP #3.",
        football="Live from the score feed.",
    ),
    Variable(
        "recent_lines",
        "What the presenter said lately about this fixture, newest first, one per line",
        "- Fournier from the corner, and France lead by five.\n- Mills answers straight back.",
        data=True,
        football="- Zabaleta's goal still has the Etihad on its feet.\n- QPR are down to ten.",
    ),
)
# The story around the game (showrunner/story.py): sourced or fetched facts, never invented.
STORY = (
    Variable(
        "stakes",
        "What is at stake, from sourced facts: where both teams stand and what they play for",
        "- Both teams come from a semi-final defeat: France lost 66-80 to Argentina, Australia "
        "lost 88-95 to Spain after two overtimes.\n- The winner takes the bronze medal.",
        football="- Manchester City and Manchester United are level on 86 points; City are ahead "
        "on goal difference.\n- Queens Park Rangers, 17th, are two points above Bolton.",
    ),
    Variable(
        "table",
        "The league table around both teams (position, team, played, points, goal difference)",
        "(not known) — a knockout tournament: no table",
        football="- 1. Manchester City: 37 played, 86 pts, GD +63\n"
        "- 2. Manchester United: 37 played, 86 pts, GD +55",
    ),
    Variable(
        "form",
        "Each team's last five results, newest first (W/D/L), or its road to this game",
        "- France: beat the United States in the quarter-final, lost the semi-final to Argentina\n"
        "- Australia: beat Czech Republic in the quarter-final, lost the semi-final to Spain",
        football="- Manchester City: W W W W W\n- Queens Park Rangers: L W L D L",
    ),
    Variable(
        "players",
        "Line-ups and key players, when the feed has them (the replay: top scorers so far)",
        "- France: Nando De Colo 12 pts, Evan Fournier 9 pts\n- Australia: Patty Mills 10 pts",
        football="- Manchester City: Hart; Zabaleta, Kompany, Lescott, Clichy; Touré, Barry; "
        "Silva, Nasri; Tevez, Agüero",
    ),
    Variable(
        "crowd",
        "What Rally's fans picked and who leads the leaderboard, so the presenter can speak to them",
        "- Who leads after the first quarter? 6 in 10 of you (12 of 20) back France\n"
        "- Mika leads the leaderboard on 30 points",
        data=True,
        football="- Who scores next from 39'? 7 in 10 of you (14 of 20) back Manchester City\n"
        "- Mika leads the leaderboard on 30 points",
    ),
)
NEW_EVENT = Variable(
    "new_event",
    "The event to tell now (a goal, red card, penalty or VAR decision; in the replay a lead "
    "change or a quarter's end), or (nothing new) between events",
    "Q4 09:01 Nando De Colo free throw (47–46): France lead for the first time",
    football="39' Goal: Pablo Zabaleta (Manchester City), assist Yaya Touré: Manchester City 1–0 "
    "Queens Park Rangers",
)
TABLE_CHANGE = Variable(
    "table_change",
    "What the result changes in the table (or in the tournament)",
    "- France win the bronze medal; Australia finish fourth.",
    football="- Manchester City are champions on goal difference; Queens Park Rangers stay up.",
)
KEY_EVENTS = Variable(
    "key_events",
    "Notable moments so far, oldest first, one per line",
    "- Q1 07:12 Evan Fournier three-pointer (3–0)\n- Q2 01:40 Patty Mills three-pointer (30–31)",
    football="- 39' Goal: Pablo Zabaleta (Manchester City)\n- 48' Goal: Djibril Cissé (Queens Park Rangers)",
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
                Variable("kickoff", "Start time (UTC)", "18:30 UTC", football="14:00 UTC"),
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
                Variable(
                    "score",
                    "Current score, with team names",
                    "France 52–47 Australia",
                    football="Manchester City 1–0 Queens Park Rangers",
                ),
                Variable("clock", "Game clock", "Q3 04:12", football="39'"),
                Variable("status", "Period or state of play", "3rd quarter", football="1st Half"),
                Variable(
                    "last_event",
                    "The latest event",
                    "Nando De Colo makes a jump shot (52–47)",
                    football="39' Goal: Pablo Zabaleta (Manchester City)",
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
                Variable(
                    "final_score",
                    "Final score, with team names",
                    "France 67–59 Australia",
                    football="Manchester City 3–2 Queens Park Rangers",
                ),
                Variable(
                    "result",
                    "Who won and by how much",
                    "France win by 8",
                    football="Manchester City win by 1",
                ),
                KEY_EVENTS,
                Variable(
                    "next_up",
                    "What comes next on Rally",
                    "The replay starts again in 1 minute.",
                    football="The recorded match plays again from the start in 5 minutes.",
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


# A live-game question template's wording (predictions/livegame.py fills it for each question).
QUESTION = Mode(
    key="QUESTION",
    badge="QUESTION",
    variables=(
        Variable("home", "Home team's name", "Manchester City"),
        Variable("away", "Away team's name", "Queens Park Rangers"),
        Variable("at", "The match minute the question opens (KO before kick-off)", "39'"),
    ),
    default_prompt="",
    max_chars=QUESTION_MAX_CHARS,
    offered="A question may use",
    what="question template",
)
assert QUESTION.names == list(QUESTION_VARIABLES)


def question_key(template_key: str) -> str:
    return f"QUESTION#{template_key}"


def validate_text(text: str, spec: Mode) -> list[str]:
    """What is wrong with `text` as `spec`'s template (rally/templating.py), its length first."""
    if len(text) > spec.max_chars:
        return [
            f"The {spec.what} is {len(text):,} characters long; the limit is {spec.max_chars:,}. "
            f"Shorten it by {len(text) - spec.max_chars:,} characters."
        ]
    return validate_template(text, spec.names, spec.offered)


def get_mode(key: str) -> Mode:
    try:
        return MODES[key]
    except KeyError:
        raise ValueError(
            f"unknown showrunner mode {key!r}; expected one of {sorted(MODES)}"
        ) from None
