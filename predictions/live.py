"""The live football game's database side (docs/engine.md §7): a feed fixture's predictions made
from the templates, resolved once from what the poller stored, judged picks, the standings.
Synchronous; the rules are predictions/livegame.py.
"""

import logging

from django.db import transaction

from matches.models import Fixture
from predictions import engine, livegame
from predictions.models import LivePrediction, Pick, PredictionTemplate
from rally.rooms import broadcast_sync
from relay.game import FEED_LOOP

log = logging.getLogger(__name__)
LOOP = FEED_LOOP  # a feed fixture is played once: its picks all belong to loop 1


def on_feed_stored(sender, fixture, now_ms, **kwargs):
    """The feed writer stored `fixture` (matches.signals.feed_stored, inside its transaction):
    make the questions now due and settle those the feed decided, then announce them once the
    transaction commits. Any number of pollers may do this for the same fixture: each change
    is written, and announced, by exactly one. A failure here costs the feed nothing: the game's
    writes roll back to their savepoint, the fixture is stored, the next store tries again."""
    try:
        with transaction.atomic():
            messages = sync(fixture, now_ms)
    except Exception:
        log.exception("live game: could not settle the predictions of %s", fixture.slug)
        return
    if messages:
        transaction.on_commit(lambda: announce(fixture.slug, messages))


def announce(slug, messages):
    for message in messages:
        broadcast_sync(slug, message)


def sync(fixture, now_ms):
    """The `prediction_update` messages of the predictions this call opened or settled."""
    snapshot = fixture.snapshot or {}
    clock = livegame.current_clock(snapshot, now_ms)
    rows = {row.key: row for row in fixture.live_predictions.all()}
    opened = _open_due(fixture, snapshot, clock, rows, now_ms)
    settled = _settle(rows.values(), snapshot)
    messages = [{"type": "prediction_update", "fixture": fixture.slug, "prediction": public(row, clock)}
                for row in opened + settled]
    return messages + [standings_message(fixture)] if settled else messages


def _open_due(fixture, snapshot, clock, rows, now_ms):
    templates = {t.key: t for t in PredictionTemplate.objects.filter(enabled=True)}
    teams = {"home": fixture.home_name, "away": fixture.away_name}
    opened = []
    for spec in livegame.planned([t.as_rule() for t in templates.values()], teams, snapshot, now_ms):
        if spec["key"] in rows or livegame.window(spec, clock) != livegame.OPEN or livegame.resolution(spec, snapshot):
            continue  # made already, or closed or settled before anyone could see it
        fields = {field: spec[field] for field in LivePrediction.RULE_FIELDS if field in spec and field != "key"}
        row, created = LivePrediction.objects.get_or_create(
            fixture=fixture, key=spec["key"], defaults={**fields, "template": templates[spec["template"]]})
        rows[row.key] = row
        if created:
            opened.append(row)
    return opened


def _settle(rows, snapshot):
    settled = []
    for row in rows:
        outcome = row.status == LivePrediction.Status.PENDING and livegame.resolution(row.as_rule(), snapshot)
        if not outcome:
            continue
        status, value = outcome
        answer, reason = (value, "") if status == livegame.RESOLVED else ("", value)
        # Conditional: of two pollers settling the same row, one updates it and announces it.
        if LivePrediction.objects.filter(id=row.id, status=LivePrediction.Status.PENDING).update(
                status=status, answer=answer, void_reason=reason):
            row.status, row.answer, row.void_reason = status, answer, reason
            settled.append(row)
    return settled


def public(row, clock):
    """A prediction as the contract shows it (docs/protocol.md, `/predictions`)."""
    return {
        "id": row.key,
        "kind": row.kind,
        "question": row.question,
        "options": row.options,
        "status": livegame.status(row.as_rule(), clock),
        "answer": row.answer or None,
        "void_reason": row.void_reason or None,
        "points": row.points,
        "opens_at": row.opens_at,
        "locks_at": row.locks_at,
        "window": [livegame.clock_display(row.opens_at), livegame.clock_display(row.locks_at)],
    }


def reworded(row, now_ms):
    """An editor corrected a made question (the admin): the room gets it as a `prediction_update`
    once the change commits, so open pages show the new text and a hello of the room is whole again."""
    fixture = row.fixture
    clock = livegame.current_clock(fixture.snapshot or {}, now_ms)
    message = {"type": "prediction_update", "fixture": fixture.slug, "prediction": public(row, clock)}
    transaction.on_commit(lambda: announce(fixture.slug, [message]))


def predictions(fixture_id, now_ms):
    """The fixture's predictions in the contract's shape, as the clock stands at `now_ms`."""
    snapshot = Fixture.objects.values_list("snapshot", flat=True).get(id=fixture_id) or {}
    clock = livegame.current_clock(snapshot, now_ms)
    return [public(row, clock) for row in LivePrediction.objects.filter(fixture_id=fixture_id)]


def listed(fixture, now_ms):
    """`/predictions`: the questions due by now made first (a round may have opened since the
    last poll stored anything), announced to the room like the poller's."""
    with transaction.atomic():
        messages = sync(fixture, now_ms)
    announce(fixture.slug, messages)
    return predictions(fixture.id, now_ms)


def pick_judge(fixture_id):
    """judge(pick, joined=, now_ms=) → None when the pick stands on this feed fixture, else the
    reason (livegame.judge): the fixture's predictions and snapshot read once for a batch of picks."""
    rows = {row.key: row.as_rule() for row in LivePrediction.objects.filter(fixture_id=fixture_id)}
    snapshot = Fixture.objects.values_list("snapshot", flat=True).get(id=fixture_id) or {}

    def judge(pick, *, joined, now_ms):
        return livegame.judge(pick, joined=joined, prediction=rows.get(pick.prediction),
                              clock=livegame.current_clock(snapshot, now_ms))

    return judge


def settled_keys(fixture_id):
    """The keys of the fixture's predictions the feed has settled (resolved or void)."""
    return LivePrediction.objects.filter(fixture_id=fixture_id).exclude(status=LivePrediction.Status.PENDING) \
        .order_by("key").values_list("key", flat=True)


def standings_message(fixture):
    """The room's `standings` once settled predictions moved them: computed once, by whoever settled."""
    return {"type": "standings", "loop": LOOP, "resolved": list(settled_keys(fixture.id)),
            **engine.summarize(standings(fixture)["standings"])}


def standings(fixture):
    """The `/standings` body of a feed fixture: its settled predictions and its fans ranked."""
    rows = [row.as_rule() for row in fixture.live_predictions.all()]
    picks = Pick.objects.filter(fixture=fixture, loop=LOOP).values("name", "prediction", "choice")
    return {
        "loop": LOOP,
        "results": {row["key"]: row["answer"] for row in rows if row["status"] == livegame.RESOLVED},
        "void": [row["key"] for row in rows if row["status"] == livegame.VOID],
        "standings": livegame.standings(list(picks), rows),
        "pruned": False,
    }
