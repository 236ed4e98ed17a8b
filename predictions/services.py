"""The game's database work: picks stored in batches with the live share counted, what a page is
greeted with, and the standings. Synchronous. The relay calls it on its database thread as the
game registered with it (relay.game, predictions.apps); relay.game documents what it asks."""

from django.db import connection, transaction
from django.db.models import Count

from matches import engine as replay_engine
from matches.models import Fixture, ReplayAnchor
from predictions import engine, live
from predictions.engine import BOTS  # noqa: F401 (the relay keeps fans off the bots' names: relay.game)
from predictions.models import Pick, Tally
from predictions.picks import judge_pick, requested_loop, standings_report
from rally.lru import BoundedTTLCache
from relay.services import bump_version

STANDINGS_CACHE_ROOMS = 256
STANDINGS_CACHE_S = (
    3600  # keyed on what was resolved: a summary is recomputed only when that changes
)


def greeting(room, now_ms):
    """What every socket of the room is greeted with beside the roster (`hello`, `welcome`)."""
    board = {
        "tallies": tallies_of_loop(room.fixture_id, room.current_loop(now_ms)),
        "standings": standings_summary(room, now_ms),
    }
    if room.kind == Fixture.Kind.FEED:
        board["predictions"] = live.predictions(room.fixture_id, now_ms)
    return board


def store_picks(room, pending):
    """One batch of a room's picks (relay.game.PendingPick), in arrival order: ({pending pick: (reason, None) or (None,
    the stored pick)}, the `tally` of every prediction a stored pick touched).

    Each pick is judged on its own, as of when it arrived (a replay pick by the replay's clock
    against the predictions read at connect, a feed fixture's by the feed's clock); those that
    stand are stored in one upsert (a fan's latest pick on a prediction replaces the earlier)
    and the share of each prediction they touched is counted in the same transaction, after the
    tally version is bumped: a count at version v holds every pick stored before it, on any node.
    """
    judge = _judge(room, pending)
    verdicts, standing = {}, {}
    for item in pending:
        reason = judge(item)
        if not reason and not item.one_more_voice():
            reason = "too_many_names"
        pick = (
            None
            if reason
            else {
                "name": item.owner.name,
                "prediction": item.command.prediction,
                "choice": item.command.choice,
                "loop": item.command.loop,
                "at": item.at,
            }
        )
        verdicts[item] = (reason, pick)
        if pick:
            standing[(item.owner.player_id, pick["loop"], pick["prediction"])] = pick
    if not standing:
        return verdicts, []
    with transaction.atomic():
        version = bump_version(Tally, room.fixture_id)
        _upsert_picks(room.fixture_id, standing)
        touched = {(loop, prediction) for _, loop, prediction in standing}
        return verdicts, tallies(room.fixture_id, touched, version)


PICKS_PER_STATEMENT = 500  # rows per INSERT: 7 parameters each, under any database's limit
PICK_COLUMNS = ("fixture_id", "player_id", "loop", "prediction", "name", "choice", "at")


def _upsert_statement(rows):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in PICK_COLUMNS)
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(PICK_COLUMNS)) + ")"] * rows)
    updated = ", ".join(
        f"{quote(column)} = excluded.{quote(column)}" for column in ("name", "choice", "at")
    )
    return (
        f"INSERT INTO {quote(Pick._meta.db_table)} ({columns}) VALUES {placeholders} "
        f"ON CONFLICT ({quote('player_id')}, {quote('loop')}, {quote('prediction')}) DO UPDATE SET {updated}"
    )


def _upsert_picks(fixture_id, standing):
    """Every fan's standing pick stored in one statement per 500: the fan's latest pick on a
    prediction replaces the earlier. Written out, since Django's bulk_create(update_conflicts)
    spent most of a storm's database time compiling the statement row by row in Python;
    SQLite (3.24+) and PostgreSQL read it alike."""
    rows = [
        (fixture_id, player_id, loop, prediction, pick["name"], pick["choice"], pick["at"])
        for (player_id, loop, prediction), pick in standing.items()
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), PICKS_PER_STATEMENT):
            chunk = rows[start : start + PICKS_PER_STATEMENT]
            cursor.execute(_upsert_statement(len(chunk)), [value for row in chunk for value in row])


def _judge(room, pending):
    """judge(pending pick) → None when it stands, else the reason (docs/protocol.md `pick_rejected`)."""
    if room.kind == Fixture.Kind.FEED:
        judge_live = live.pick_judge(room.fixture_id)
        return lambda item: judge_live(item.command, joined=item.owner is not None, now_ms=item.at)
    return lambda item: judge_pick(
        item.command,
        joined=item.owner is not None,
        predictions=room.predictions,
        anchor=room.anchor,
        now_ms=item.at,
    )


def tallies(fixture_id, touched, version):
    """The `tally` of each (loop, prediction) in `touched` at `version`: {option id: standing picks}."""
    counts = {}
    rows = (
        Pick.objects.filter(
            fixture_id=fixture_id,
            loop__in={loop for loop, _ in touched},
            prediction__in={prediction for _, prediction in touched},
        )
        .values_list("loop", "prediction", "choice")
        .annotate(count=Count("id"))
        .order_by()
    )
    for loop, prediction, choice, count in rows:
        if (loop, prediction) in touched:
            counts.setdefault((loop, prediction), {})[choice] = count
    return [
        tally_message(loop, prediction, counts.get((loop, prediction), {}), version)
        for loop, prediction in sorted(touched)
    ]


def tally_message(loop, prediction, counts, version):
    return {
        "type": "tally",
        "loop": loop,
        "prediction": prediction,
        "counts": counts,
        "total": sum(counts.values()),
        "version": version,
    }


def tallies_of_loop(fixture_id, loop):
    """Every prediction's share in `loop` as of now, the version read first: a tally message after
    it carries a higher version, so a page replaces these with anything newer."""
    if loop is None:
        return []
    version = (
        Tally.objects.filter(fixture_id=fixture_id).values_list("version", flat=True).first() or 0
    )
    predictions = Pick.objects.filter(fixture_id=fixture_id, loop=loop).values_list(
        "prediction", flat=True
    )
    return tallies(
        fixture_id,
        {(loop, prediction) for prediction in predictions.distinct().order_by()},
        version,
    )


def picks_of(fixture_id, loop, player_ids):
    """{player id: that player's standing picks in `loop`}: a fan's own picks, for its welcome."""
    mine = {player_id: [] for player_id in player_ids}
    if loop is None or not mine:
        return mine
    for pick in Pick.objects.filter(fixture_id=fixture_id, loop=loop, player_id__in=mine):
        mine[pick.player_id].append(pick.as_protocol())
    return mine


def picks_of_loop(fixture_id, loop):
    if loop is None:  # a replay without its anchor: no loop is played
        return []
    return [pick.as_protocol() for pick in Pick.objects.filter(fixture_id=fixture_id, loop=loop)]


def prune_picks(now_ms):
    """Delete every pick not of the loop now being played, in every replay."""
    deleted = 0
    for anchor in ReplayAnchor.objects.all():
        current = replay_engine.replay_clock(anchor.as_protocol(), now_ms)["loop"]
        deleted += (
            Pick.objects.filter(fixture_id=anchor.fixture_id).exclude(loop=current).delete()[0]
        )
    return deleted


def standings(fixture, raw_loop, now_ms):
    """The `/standings` body for `?loop=raw_loop` (BadLoop when it names no loop played)."""
    anchor = fixture.anchor.as_protocol()
    loop = requested_loop(raw_loop, replay_engine.replay_clock(anchor, now_ms)["loop"])
    return standings_report(
        anchor,
        now_ms,
        loop,
        picks_of_loop(fixture.id, loop),
        fixture.replay_events_as_protocol(),
        [prediction.as_protocol() for prediction in fixture.predictions.all()],
    )


# The leaderboard at crowd scale (docs/engine.md §6.1): the room is sent a summary, computed once
# per node each time the standings can change (a resolution), never the whole table.

_summaries = BoundedTTLCache(STANDINGS_CACHE_ROOMS, STANDINGS_CACHE_S)


def standings_summary(room, now_ms):
    """The `standings` message of the room as it stands at `now_ms`: the loop, the predictions
    resolved so far, and the summary of the ranked rows (predictions.engine.summarize)."""
    loop = room.current_loop(now_ms)
    resolved = _resolved(room, now_ms)
    key = (room.fixture_id, loop, resolved)
    summary = _summaries.get(key)
    if summary is _summaries.MISSING:
        summary = _summary(room, loop, resolved, now_ms)
        _summaries.set(key, summary)
    return summary


def _resolved(room, now_ms):
    if room.kind == Fixture.Kind.FEED:
        return live.settlement(Fixture.objects.get(id=room.fixture_id))
    if room.anchor is None:
        return ()
    sequence = replay_engine.replay_clock(room.anchor, now_ms)["sequence"]
    return tuple(
        key for key, prediction in room.predictions.items() if prediction["resolves_at"] <= sequence
    )


def _summary(room, loop, resolved, now_ms):
    fixture = Fixture.objects.get(id=room.fixture_id)
    if room.kind == Fixture.Kind.FEED:
        return live.standings_message(fixture)
    rows = (
        []
        if room.anchor is None
        else standings_report(
            room.anchor,
            now_ms,
            loop,
            picks_of_loop(room.fixture_id, loop),
            fixture.replay_events_as_protocol(),
            list(room.predictions.values()),
        )["standings"]
    )
    return {"type": "standings", "loop": loop, "resolved": list(resolved), **engine.summarize(rows)}


def next_standings_change(room, now_ms):
    """When the replay's standings next change (a prediction resolves), in ms; None on a feed
    fixture (its settling announces them) or a replay without its anchor. Pure: the clock's."""
    if room.kind == Fixture.Kind.FEED or room.anchor is None or not room.predictions:
        return None
    clock = replay_engine.replay_clock(room.anchor, now_ms)
    starts = [clock["loopStartedAt"], clock["nextTipoffMs"]]
    tick = room.anchor["tickMs"]
    return min(
        start + (prediction["resolves_at"] - 1) * tick
        for start in starts
        for prediction in room.predictions.values()
        if start + (prediction["resolves_at"] - 1) * tick > now_ms
    )
