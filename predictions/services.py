"""The game's database work: picks kept for the loop being played, and the standings. Synchronous;
the relay calls it through database_sync_to_async."""

from typing import NamedTuple

from matches import engine
from matches.models import Fixture, ReplayAnchor
from predictions import live
from predictions.models import Pick
from predictions.picks import judge_pick, requested_loop, standings_report


class Owner(NamedTuple):
    """The player a socket plays as: its row and the spelling the room sees."""

    player_id: int
    name: str


def take_pick(room, command, owner, now_ms, one_more_voice=lambda: True):
    """(None, the stored pick) when `command` stands in the room, else (the reason, None).

    `room` is the relay's view of the fixture (fixture_id, kind, anchor, predictions); `owner`
    the player the sender's socket holds, or None. A replay pick is judged by the replay's clock
    against the predictions read at connect; a feed fixture's by the feed's match clock now.
    `one_more_voice` is the relay's cap on names per address and loop, asked only of a pick that
    otherwise stands.
    """
    joined = owner is not None
    if room.kind == Fixture.Kind.FEED:
        reason = live.judge_pick(room.fixture_id, command, joined=joined, now_ms=now_ms)
    else:
        reason = judge_pick(command, joined=joined, predictions=room.predictions, anchor=room.anchor, now_ms=now_ms)
    if not reason and not one_more_voice():
        reason = "too_many_names"
    if reason:
        return reason, None
    pick = {"name": owner.name, "prediction": command.prediction, "choice": command.choice, "loop": command.loop,
            "at": now_ms}
    store_pick(room.fixture_id, owner.player_id, pick)
    return None, pick


def store_pick(fixture_id, player_id, pick):
    """Keep `pick` as the player's standing pick on that prediction in that loop."""
    Pick.objects.bulk_create(
        [Pick(fixture_id=fixture_id, player_id=player_id, **pick)],
        update_conflicts=True,
        unique_fields=["player", "loop", "prediction"],
        update_fields=["name", "choice", "at"],
    )


def picks_of_loop(fixture_id, loop):
    if loop is None:  # a replay without its anchor: no loop is played
        return []
    return [pick.as_protocol() for pick in Pick.objects.filter(fixture_id=fixture_id, loop=loop)]


def prune_picks(now_ms):
    """Delete every pick not of the loop now being played, in every replay."""
    deleted = 0
    for anchor in ReplayAnchor.objects.all():
        current = engine.replay_clock(anchor.as_protocol(), now_ms)["loop"]
        deleted += Pick.objects.filter(fixture_id=anchor.fixture_id).exclude(loop=current).delete()[0]
    return deleted


def standings(fixture, raw_loop, now_ms):
    """The `/standings` body for `?loop=raw_loop` (BadLoop when it names no loop played)."""
    anchor = fixture.anchor.as_protocol()
    loop = requested_loop(raw_loop, engine.replay_clock(anchor, now_ms)["loop"])
    return standings_report(
        anchor,
        now_ms,
        loop,
        picks_of_loop(fixture.id, loop),
        fixture.replay_events_as_protocol(),
        [prediction.as_protocol() for prediction in fixture.predictions.all()],
    )
