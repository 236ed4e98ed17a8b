"""The game as the relay calls it. The game's app registers itself when Django starts
(predictions.apps), so the relay never imports it: imports point rally ← matches ← relay ←
predictions. The relay owns the hot path (a pick's arrival, its batch, its echo and the room's
tally); the game owns the rules and the tables.

What the game provides (each runs on the database thread, but `next_standings_change`, which is
pure):
- `greeting(room, now_ms)`: what every socket of the room is greeted with beside the roster, in
  a size that does not grow with the crowd: `tallies`, `standings` and, on a feed fixture, its
  `predictions`.
- `picks_of(fixture_id, loop, player_ids)`: {player id: that fan's own picks in the loop}.
- `store_picks(room, pending)`: one batch of PendingPicks judged and stored: ({pending pick:
  (reason, None) or (None, pick)}, [`tally` messages of the predictions it touched]).
- `tallies_of_loop(fixture_id, loop)`: every prediction's `tally` as of now.
- `standings_summary(room, now_ms)`: the room's `standings` message.
- `BOTS`: the CPU players (`{"id", "name"}`), whose names and look-alikes no fan may take.
- `prune_picks(now_ms)`: forget the picks of loops no longer played (the sweeper).
- `next_standings_change(room, now_ms)`: when the standings next change by the clock alone
  (the replay's resolutions), in ms, or None.
"""

from dataclasses import dataclass
from typing import NamedTuple

FEED_LOOP = 1  # a feed fixture is played once: its picks all belong to loop 1

_registered = []


def register(game):
    _registered[:] = [game]


def game():
    return _registered[0]


class Owner(NamedTuple):
    """The player a socket plays as: its row and the spelling the room sees."""

    player_id: int
    name: str


@dataclass(frozen=True, eq=False)
class PendingPick:
    """A `pick` as a socket received it, waiting for its room's next batch (relay.crowd)."""

    command: object  # relay.protocol.Pick
    owner: Owner | None  # the player the sender's socket holds, or None: not joined
    at: int  # when the server received it (ms): it is judged, and stands, as of then
    one_more_voice: object = lambda: True  # the relay's cap on names per address and loop
