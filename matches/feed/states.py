"""SportMonks' fixture states, written once (docs/feed.md): id, developer name, name, short name,
Rally's category, and the banner's headline when a match moves into the state.

Every other part derives from this table: the parser (a payload with `state_id` but no state
include), the recorded demo match, the match clock, the showrunner's schedule and, through
the composite update's `state`, the feed page's banner.

Categories:
    running      the clock ticks (a half or a half of extra time is being played)
    paused       in play, the clock stands still (half time, breaks, the shoot-out)
    finished     over, with a result
    unplayed     never played: no schedule blocks at all
    halted       stopped mid-match, perhaps to resume
    not_started  before kick-off
    None         the feed says too little to say (awaiting updates, pending, unknown ids)
"""

from typing import NamedTuple

RUNNING, PAUSED, FINISHED, UNPLAYED, HALTED, NOT_STARTED = (
    "running",
    "paused",
    "finished",
    "unplayed",
    "halted",
    "not_started",
)


class State(NamedTuple):
    id: int
    code: str  # SportMonks' developer name
    name: str
    short_name: str
    category: str | None
    headline: str | None = None  # what the banner says when a match has just moved into this state


STATES = (
    State(1, "NS", "Not Started", "NS", NOT_STARTED),
    State(2, "INPLAY_1ST_HALF", "1st Half", "1st", RUNNING, "Kick-off"),
    State(3, "HT", "Half Time", "HT", PAUSED, "Half time"),
    State(4, "BREAK", "Regular Time Finished", "BRK", PAUSED, "Break"),
    State(5, "FT", "Full Time", "FT", FINISHED, "Full time"),
    State(6, "INPLAY_ET", "Extra Time", "ET", RUNNING, "Extra time"),
    State(7, "AET", "Finished After Extra Time", "AET", FINISHED, "Full time after extra time"),
    State(
        8, "FT_PEN", "Full-Time After Penalties", "FT_PEN", FINISHED, "Full time after penalties"
    ),
    State(9, "INPLAY_PENALTIES", "Penalty Shootout", "PEN", PAUSED, "Penalty shoot-out"),
    State(10, "POSTPONED", "Postponed", "POST", UNPLAYED),
    State(11, "SUSPENDED", "Suspended", "SUSP", HALTED),
    State(12, "CANCELLED", "Cancelled", "CANC", UNPLAYED),
    State(13, "TBA", "To Be Announced", "TBA", NOT_STARTED),
    State(14, "WO", "Walk Over", "WO", UNPLAYED),
    State(15, "ABANDONED", "Abandoned", "ABAN", FINISHED),
    State(16, "DELAYED", "Delayed", "DELA", NOT_STARTED),
    State(17, "AWARDED", "Technical Loss", "AWAR", FINISHED),
    State(18, "INTERRUPTED", "Interrupted", "INT", HALTED),
    State(19, "AU", "Awaiting Updates", "AU", None),
    State(20, "DELETED", "Deleted", "DEL", UNPLAYED),
    State(21, "EXTRA_TIME_BREAK", "Extra Time - Break", "ET_BRK", PAUSED),
    State(22, "INPLAY_2ND_HALF", "2nd Half", "2nd", RUNNING, "Second half under way"),
    State(23, "INPLAY_ET_2ND_HALF", "ET - 2nd Half", "ET2", RUNNING),
    State(25, "PEN_BREAK", "Penalties - Break", "PEN_BRK", PAUSED),
    State(26, "PENDING", "Pending", "PEND", None),
)

# Other developer names the live API uses for a state: it names state 23 INPLAY_ET_SECOND_HALF.
ALIASES = {"INPLAY_ET_SECOND_HALF": "INPLAY_ET_2ND_HALF"}

BY_ID = {state.id: state for state in STATES}
_BY_NAME = {state.code: state for state in STATES}
BY_CODE = _BY_NAME | {alias: _BY_NAME[code] for alias, code in ALIASES.items()}


def by_code(code):
    """The state a developer name (or one of its aliases) names; None for a name SportMonks never sent."""
    return BY_CODE.get(str(code or "").upper())


def canonical(code):
    """The developer name this table uses for `code`: an alias becomes its state's name, anything else stays."""
    return ALIASES.get(code, code)


def category(code):
    state = by_code(code)
    return state.category if state else None


def codes(*categories):
    """The developer names (aliases included) of every state in `categories`."""
    return frozenset(code for code, state in BY_CODE.items() if state.category in categories)
