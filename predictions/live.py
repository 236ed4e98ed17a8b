"""The live football game's database side (docs/engine.md §7): a feed fixture's predictions made
from the templates, resolved once from what the poller stored, judged picks, the standings.
Synchronous; the rules are predictions/livegame.py.
"""

import logging

from django.db import transaction

from matches.feed import clock as match_clock
from matches.models import Fixture
from predictions import engine, livegame
from predictions.models import LivePrediction, Pick, PredictionTemplate
from rally.rooms import broadcast_sync
from relay.game import FEED_LOOP

log = logging.getLogger(__name__)
LOOP = FEED_LOOP  # a feed fixture is played once: its picks all belong to loop 1
VOIDED_BY_EDITOR = "editor"  # void_reason of a question an editor voided (a wrong one went out)


def on_feed_stored(sender, fixture, now_ms, **kwargs):
    """The feed writer stored `fixture` (matches.signals.feed_stored, inside its transaction):
    make the questions now due and settle those the feed decided; the messages that say so,
    which the poller sends after the change's COMPOSITE_UPDATE. Any number of pollers may do
    this for the same fixture: each change is written, and announced, by exactly one. A failure
    here costs the feed nothing: the game's writes roll back to their savepoint, the fixture is
    stored, the next store tries again."""
    try:
        with transaction.atomic():
            return sync(fixture, now_ms)
    except Exception:
        log.exception("live game: could not settle the predictions of %s", fixture.slug)
        return []


def announce(slug, messages):
    for message in messages:
        broadcast_sync(slug, message)


def sync(fixture, now_ms):
    """The `prediction_update` messages of the predictions this call opened, settled or corrected
    (a correction says so: `corrected`, with what the question said before)."""
    snapshot = fixture.snapshot or {}
    clock = match_clock.current_clock(snapshot, now_ms)
    rows = {row.key: row for row in fixture.live_predictions.all()}
    showing = livegame.showing(snapshot)
    new_showing = rows and showing not in {
        livegame.showing_of(key) for key in rows
    }  # the demo kicked off again
    opened = _open_due(fixture, snapshot, clock, rows, now_ms)
    settled = _settle(rows.values(), snapshot) + _retire(rows.values(), showing)
    messages = []
    for row, before in [(row, None) for row in opened] + settled:
        message = {
            "type": "prediction_update",
            "fixture": fixture.slug,
            "prediction": public(row, clock, showing),
        }
        if before:
            message["corrected"] = before
        messages.append(message)
    # The standings moved (a settlement, a correction), or start afresh with a new showing.
    return (
        messages + [standings_message(fixture)] if settled or (new_showing and opened) else messages
    )


def _open_due(fixture, snapshot, clock, rows, now_ms):
    templates = {t.key: t for t in PredictionTemplate.objects.filter(enabled=True)}
    teams = {"home": fixture.home_name, "away": fixture.away_name}
    opened = []
    showing = livegame.showing(snapshot)
    made = {
        row.opens_at
        for row in rows.values()
        if row.kind == livegame.NEXT_GOAL and livegame.showing_of(row.key) == showing
    }
    for spec in livegame.planned(
        [t.as_rule() for t in templates.values()], teams, snapshot, now_ms, made
    ):
        if (
            spec["key"] in rows
            or livegame.window(spec, clock) != livegame.OPEN
            or livegame.resolution(spec, snapshot)
        ):
            continue  # made already, or closed or settled before anyone could see it
        fields = {
            field: spec[field]
            for field in LivePrediction.RULE_FIELDS
            if field in spec and field != "key"
        }
        row, created = LivePrediction.objects.get_or_create(
            fixture=fixture,
            key=spec["key"],
            defaults={**fields, "template": templates[spec["template"]]},
        )
        rows[row.key] = row
        if created:
            opened.append(row)
    return opened


def _settle(rows, snapshot):
    """[(row, before)] of the current showing's questions whose answer the feed's truth now
    changes: a pending one it settles (before None), or a settled one it corrects (a goal the VAR
    removed, or that changed team or type: before is what the question said). A question whose
    answer the truth leaves as it is never changes. Each change is a conditional UPDATE on what
    the row said, so of two pollers one writes it and announces it."""
    showing = livegame.showing(snapshot)
    changed = []
    for row in rows:
        if livegame.showing_of(row.key) != showing or row.void_reason == VOIDED_BY_EDITOR:
            continue  # an earlier showing's, or an editor's decision the feed does not undo
        outcome = livegame.resolution(row.as_rule(), snapshot)
        if outcome is None and row.status == LivePrediction.Status.PENDING:
            continue
        status, value = outcome or (LivePrediction.Status.PENDING, "")
        answer, reason = (
            (value, "")
            if status == livegame.RESOLVED
            else ("", value)
            if status == livegame.VOID
            else ("", "")
        )
        if (row.status, row.answer, row.void_reason) == (status, answer, reason):
            continue
        before = (
            None
            if row.status == LivePrediction.Status.PENDING
            else {
                "status": row.status,
                "answer": row.answer or None,
                "void_reason": row.void_reason or None,
            }
        )
        if LivePrediction.objects.filter(
            id=row.id, status=row.status, answer=row.answer, void_reason=row.void_reason
        ).update(status=status, answer=answer, void_reason=reason):
            row.status, row.answer, row.void_reason = status, answer, reason
            changed.append((row, before))
    return changed


def _retire(rows, showing):
    """[(row, None)] of questions of an earlier showing still pending when the fixture restarted
    (its final whistle was never confirmed): void, `restarted`."""
    retired = []
    for row in rows:
        if row.status != LivePrediction.Status.PENDING or livegame.showing_of(row.key) >= showing:
            continue
        if LivePrediction.objects.filter(id=row.id, status=LivePrediction.Status.PENDING).update(
            status=livegame.VOID, void_reason="restarted"
        ):
            row.status, row.void_reason = livegame.VOID, "restarted"
            retired.append((row, None))
    return retired


def public(row, clock, showing=1):
    """A prediction as the contract shows it (docs/protocol.md, `/predictions`); `showing` is the
    fixture's current one: a question of an earlier showing is listed with its stored status."""
    number = livegame.showing_of(row.key)
    rule = row.as_rule()
    return {
        "id": row.key,
        "kind": row.kind,
        "question": row.question,
        "options": row.options,
        "showing": number,
        "previous_showing": number < showing,
        "status": livegame.status(rule, clock)
        if number == showing
        else (row.status if row.status != LivePrediction.Status.PENDING else livegame.LOCKED),
        "answer": row.answer or None,
        "void_reason": row.void_reason or None,
        "points": row.points,
        "opens_at": row.opens_at,
        "locks_at": row.locks_at,
        "window": [
            match_clock.clock_display(row.opens_at),
            match_clock.clock_display(row.locks_at),
        ],
    }


def question_values(fixture, now_ms):
    """What a question template is filled with for `fixture` at `now_ms` (its teams, and the
    clock a round opening now would name): the Prompt Studio previews a wording with them."""
    clock = match_clock.current_clock(fixture.snapshot or {}, now_ms)
    return {
        "home": fixture.home_name,
        "away": fixture.away_name,
        "at": match_clock.clock_display(clock.value),
    }


def reworded(row, now_ms):
    """An editor corrected or voided a made question (the admin): the room gets it as a `prediction_update`
    once the change commits, so open pages show the new text and a hello of the room is whole again."""
    fixture = row.fixture
    snapshot = fixture.snapshot or {}
    clock = match_clock.current_clock(snapshot, now_ms)
    message = {
        "type": "prediction_update",
        "fixture": fixture.slug,
        "prediction": public(row, clock, livegame.showing(snapshot)),
    }
    transaction.on_commit(lambda: announce(fixture.slug, [message]))


def void_by_editor(rows, now_ms):
    """An editor voids questions that went out wrong: nobody scores on them, the feed never
    settles them again, and each room gets the void and its standings once the change commits."""
    voided = []
    for row in rows.select_related("fixture"):
        if (
            LivePrediction.objects.filter(id=row.id)
            .exclude(status=LivePrediction.Status.VOID)
            .update(status=LivePrediction.Status.VOID, answer="", void_reason=VOIDED_BY_EDITOR)
        ):
            row.status, row.answer, row.void_reason = livegame.VOID, "", VOIDED_BY_EDITOR
            voided.append(row)
    for row in voided:
        reworded(row, now_ms)
    for fixture in {row.fixture for row in voided}:
        transaction.on_commit(
            lambda fixture=fixture: announce(fixture.slug, [standings_message(fixture)])
        )
    return voided


def predictions(fixture_id, now_ms, with_previous=True):
    """The fixture's predictions in the contract's shape, as the clock stands at `now_ms`: the
    current showing's, and (`with_previous`) the showing before it, which the page folds away
    under "previous showing"; older showings are not listed."""
    snapshot = Fixture.objects.values_list("snapshot", flat=True).get(id=fixture_id) or {}
    clock = match_clock.current_clock(snapshot, now_ms)
    showing = livegame.showing(snapshot)
    oldest = showing - 1 if with_previous else showing
    return [
        public(row, clock, showing)
        for row in LivePrediction.objects.filter(fixture_id=fixture_id)
        if oldest <= livegame.showing_of(row.key) <= showing
    ]


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
    showing = livegame.showing(snapshot)

    def judge(pick, *, joined, now_ms):
        prediction = rows.get(pick.prediction)
        if joined and prediction and livegame.showing_of(prediction["key"]) != showing:
            return "locked"  # a question of an earlier showing of the match
        return livegame.judge(
            pick,
            joined=joined,
            prediction=prediction,
            clock=match_clock.current_clock(snapshot, now_ms),
        )

    return judge


def settlement(fixture):
    """(key, status, answer) of each of the current showing's predictions the feed has settled:
    the standings change exactly when this does (a settlement, a correction, a restart)."""
    showing = livegame.showing(fixture.snapshot or {})
    settled = fixture.live_predictions.exclude(status=LivePrediction.Status.PENDING).order_by("key")
    return tuple(
        row
        for row in settled.values_list("key", "status", "answer")
        if livegame.showing_of(row[0]) == showing
    )


def standings_message(fixture):
    """The room's `standings` once settled predictions moved them: computed once, by whoever settled."""
    return {
        "type": "standings",
        "loop": LOOP,
        "resolved": [key for key, _, _ in settlement(fixture)],
        **engine.summarize(standings(fixture)["standings"]),
    }


def standings(fixture):
    """The `/standings` body of a feed fixture: the current showing's settled predictions and its
    fans ranked."""
    showing = livegame.showing(fixture.snapshot or {})
    rows = [
        row.as_rule()
        for row in fixture.live_predictions.all()
        if livegame.showing_of(row.key) == showing
    ]
    keys = {row["key"] for row in rows}
    # The current showing's board: a fan who picked only in an earlier showing is not on it.
    picks = [
        pick
        for pick in Pick.objects.filter(fixture=fixture, loop=LOOP).values(
            "name", "prediction", "choice"
        )
        if pick["prediction"] in keys
    ]
    return {
        "loop": LOOP,
        "results": {
            row["key"]: row["answer"] for row in rows if row["status"] == livegame.RESOLVED
        },
        "void": [row["key"] for row in rows if row["status"] == livegame.VOID],
        "standings": livegame.standings(list(picks), rows),
        "pruned": False,
    }
