"""The game's database work: picks kept for the loop being played, and the standings. Synchronous;
the relay calls it through database_sync_to_async."""

from matches import engine
from matches.models import ReplayAnchor
from predictions.models import Pick
from predictions.picks import requested_loop, standings_report


def store_pick(fixture_id, player_id, pick):
    """Keep `pick` as the player's standing pick on that prediction in that loop."""
    Pick.objects.bulk_create(
        [Pick(fixture_id=fixture_id, player_id=player_id, **pick)],
        update_conflicts=True,
        unique_fields=["player", "loop", "prediction"],
        update_fields=["name", "choice", "at"],
    )


def picks_of_loop(fixture_id, loop):
    if loop is None:  # a feed fixture: no replay, no picks
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
