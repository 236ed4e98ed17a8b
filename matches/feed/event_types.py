"""SportMonks' football event types, written once: what each means to a fan.

Source: SportMonks Football API v3, "Event types" (docs.sportmonks.com/football/definitions/types/events):
10 VAR, 14 GOAL, 15 OWNGOAL, 16 PENALTY (scored), 17 MISSED_PENALTY, 18 SUBSTITUTION, 19 YELLOWCARD,
20 REDCARD, 21 YELLOWREDCARD, 22 PENALTY_SHOOTOUT_MISS, 23 PENALTY_SHOOTOUT_GOAL; and its list of VAR
event types: VAR_CARD, Goal Disallowed, Penalty Disallowed, Penalty confirmed, Goal cancelled, Goal
confirmed, Goal under review. VAR_CARD is type 1697 (a card the VAR upgraded, confirmed or
rescinded; its `addition` says which, e.g. "Redcard confirmed"). The `rescinded` flag on a card
event comes from SportMonks' changelog of 2025-06-30 (docs.sportmonks.com/football/changelog/changelog):
true when the referee rescinded the card, false or null otherwise.

Every part that names an event reads this table: the parser (`kind` and `type` of each event),
the live game (which events are goals), the presenter (which are news) and, through the
composite update, the football page's vidiprinter and timeline.

`kind` is what the vidiprinter shows (None: not shown there); `type` what the timeline names;
`goal` whether it counts on the scoreboard in play (never a shoot-out kick).
"""

from typing import NamedTuple


class EventType(NamedTuple):
    id: int
    code: str  # SportMonks' developer name
    kind: str | None  # the vidiprinter's kind; None: the timeline only
    type: str  # the timeline's name
    goal: bool = False  # a goal in play: counts on the scoreboard and for the live game
    card: str | None = None  # "yellow" or "red": counted in the statistics unless rescinded


EVENT_TYPES = (
    EventType(10, "VAR", "var", "var"),
    EventType(14, "GOAL", "goal", "goal", goal=True),
    EventType(15, "OWNGOAL", "goal", "own_goal", goal=True),
    EventType(16, "PENALTY", "penalty_scored", "penalty_scored", goal=True),
    EventType(17, "MISSED_PENALTY", "penalty_missed", "penalty_missed"),
    EventType(18, "SUBSTITUTION", None, "substitution"),
    EventType(19, "YELLOWCARD", None, "yellow_card", card="yellow"),
    EventType(20, "REDCARD", "red_card", "red_card", card="red"),
    EventType(21, "YELLOWREDCARD", "red_card", "second_yellow", card="red"),
    EventType(22, "PENALTY_SHOOTOUT_MISS", "shootout_missed", "shootout_missed"),
    EventType(23, "PENALTY_SHOOTOUT_GOAL", "shootout_scored", "shootout_scored"),
    EventType(1697, "VAR_CARD", "var", "var_card"),
)

BY_ID = {event_type.id: event_type for event_type in EVENT_TYPES}
OTHER = EventType(0, "OTHER", None, "other")

# A rescinded card is still shown (struck through, the timeline keeps its card's name) but counts
# for nothing: the vidiprinter's kind says so, and the event carries `rescinded: true`.
RESCINDED = "card_rescinded"

# The kinds the vidiprinter shows, in the table's order (matches/static/matches/feed/model.js mirrors it).
SHOWN_KINDS = tuple(dict.fromkeys(t.kind for t in EVENT_TYPES if t.kind)) + (RESCINDED,)
GOAL_KINDS = frozenset(t.kind for t in EVENT_TYPES if t.goal)  # goal, penalty_scored
SHOOTOUT_KINDS = frozenset({"shootout_scored", "shootout_missed"})


def by_id(type_id):
    """The event type of a SportMonks `type_id`; OTHER for one the table does not name."""
    return BY_ID.get(type_id, OTHER)


def classify(type_id, rescinded=False):
    """{"kind", "type"} of an event: a card the referee rescinded is of kind `card_rescinded`."""
    event_type = by_id(type_id)
    if rescinded and event_type.card:
        return {"kind": RESCINDED, "type": event_type.type}
    return {"kind": event_type.kind or "other", "type": event_type.type}
