"""SportMonks' fixture states, written once (docs/feed.md): id, developer name, name, short name,
Rally's category, and the banner's headline when a match moves into the state.

Every other part derives from this table, and no other module names a state: the parser (a
payload with `state_id` but no state include), the recorded demo match (through the constants
below), the match clock (matches/feed/clock.py: the minute a half counts from, the label and
minute a pause or an ending stands at), the live game (which states void its questions), the
showrunner's schedule and, through the composite update's `state`, the feed page's banner.

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
    counts_from: int | None = None  # a running half: the minute its clock counts from
    stands: tuple[str, int] | None = None  # a pause or an ending: the clock's label and minute
    voids: bool = False  # no result on the pitch: the game's questions are void
    after_extra_time: bool = False  # a result after extra time: level after 90 minutes


STATES = (
    State(1, "NS", "Not Started", "NS", NOT_STARTED),
    State(2, "INPLAY_1ST_HALF", "1st Half", "1st", RUNNING, "Kick-off", counts_from=0),
    State(3, "HT", "Half Time", "HT", PAUSED, "Half time", stands=("HT", 45)),
    # SportMonks sends BREAK at half time too: the clock reads the periods to tell which break.
    State(4, "BREAK", "Regular Time Finished", "BRK", PAUSED, "Break"),
    State(5, "FT", "Full Time", "FT", FINISHED, "Full time", stands=("FT", 90)),
    State(6, "INPLAY_ET", "Extra Time", "ET", RUNNING, "Extra time", counts_from=90),
    State(
        7,
        "AET",
        "Finished After Extra Time",
        "AET",
        FINISHED,
        "Full time after extra time",
        stands=("AET", 120),
        after_extra_time=True,
    ),
    State(
        8,
        "FT_PEN",
        "Full-Time After Penalties",
        "FT_PEN",
        FINISHED,
        "Full time after penalties",
        stands=("FT (P)", 120),
        after_extra_time=True,
    ),
    State(
        9,
        "INPLAY_PENALTIES",
        "Penalty Shootout",
        "PEN",
        PAUSED,
        "Penalty shoot-out",
        stands=("PEN", 120),
    ),
    State(10, "POSTPONED", "Postponed", "POST", UNPLAYED, voids=True),
    State(11, "SUSPENDED", "Suspended", "SUSP", HALTED),
    State(12, "CANCELLED", "Cancelled", "CANC", UNPLAYED, voids=True),
    State(13, "TBA", "To Be Announced", "TBA", NOT_STARTED),
    State(14, "WO", "Walk Over", "WO", UNPLAYED, voids=True),
    State(15, "ABANDONED", "Abandoned", "ABAN", FINISHED, voids=True),
    State(16, "DELAYED", "Delayed", "DELA", NOT_STARTED),
    State(17, "AWARDED", "Technical Loss", "AWAR", FINISHED, voids=True),
    State(18, "INTERRUPTED", "Interrupted", "INT", HALTED),
    State(19, "AU", "Awaiting Updates", "AU", None),
    State(20, "DELETED", "Deleted", "DEL", UNPLAYED, voids=True),
    State(21, "EXTRA_TIME_BREAK", "Extra Time - Break", "ET_BRK", PAUSED, stands=("ET HT", 105)),
    State(
        22, "INPLAY_2ND_HALF", "2nd Half", "2nd", RUNNING, "Second half under way", counts_from=45
    ),
    State(23, "INPLAY_ET_2ND_HALF", "ET - 2nd Half", "ET2", RUNNING, counts_from=105),
    State(25, "PEN_BREAK", "Penalties - Break", "PEN_BRK", PAUSED, stands=("PEN BRK", 120)),
    State(26, "PENDING", "Pending", "PEND", None),
)

# The states other modules act on by name: the recorded match plays them, the clock reads BREAK.
NOT_STARTED_CODE, FIRST_HALF, HALF_TIME, BREAK, SECOND_HALF, FULL_TIME = (
    "NS",
    "INPLAY_1ST_HALF",
    "HT",
    "BREAK",
    "INPLAY_2ND_HALF",
    "FT",
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


def facts(code):
    """The table's row for `code` (aliases included); an unknown name has no facts."""
    return by_code(code) or _UNKNOWN


def finished_with_result(code):
    """Over, with a result on the pitch (full time, after extra time, after penalties)."""
    state = by_code(code)
    return bool(state) and state.category == FINISHED and not state.voids


_UNKNOWN = State(0, "", "", "", None)
