"""The one writer of Fixture rows from the feed: the poller's changed fixtures and the
showrunner's day listing both come through here, so truncation and dates are written once.

`store` writes a changed fixture whole, in one transaction, and returns its COMPOSITE_UPDATE;
`store_listing` takes a fixture from a day's listing, which carries no events or scores.
"""

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils.text import slugify

from matches.models import DemoClock, Fixture
from matches.signals import feed_stored
from rally.http import now_ms
from rally.rooms import broadcast_sync

from . import states
from .change_hash import change_hash
from .clock import clock_facts, compute_elapsed
from .composite import composite_update, final_reading

# A fixture that left the in-play list is fetched by id while its kick-off is this recent.
LOST_WITHIN = timedelta(hours=6)
LOST_PER_CYCLE = 20  # and no more than this many per cycle: the feed's quota is shared


class Change(NamedTuple):
    """What one stored change sends its room, in order: the COMPOSITE_UPDATE first (when the
    fixture itself changed), then what the change settled (the live game's messages), so no
    page learns an answer before the goal that decided it."""

    slug: str
    messages: list
    changed: bool  # a COMPOSITE_UPDATE leads `messages`: the fixture itself changed


def store(snapshot, provider_now, rate=1.0):
    """Write a changed fixture in one transaction: its Change, or None when its hash says nothing
    changed and nothing was settled."""
    content_hash = change_hash(snapshot)
    feed_fixture = _feed_fixture(snapshot)
    # Most fixtures are unchanged most cycles: a plain read spares them a write lock.
    if feed_fixture.filter(content_hash=content_hash).exists():
        if states.category(snapshot["state"]["code"]) == states.FINISHED:
            return _confirm_final(feed_fixture, provider_now)
        return None
    with transaction.atomic():
        fixture = feed_fixture.select_for_update().first()
        if fixture and fixture.content_hash == content_hash:  # another poller got there first
            return None
        fixture = fixture or Fixture(
            kind=Fixture.Kind.FEED,
            external_id=str(snapshot["external_id"]),
            slug=slug_for(snapshot),
        )
        elapsed = compute_elapsed(snapshot, provider_now)
        server_now = now_ms()
        clock = clock_facts(snapshot, provider_now, wall_ms=server_now, rate=rate)
        message, stored = composite_update(
            fixture.slug,
            snapshot,
            fixture.snapshot or {},
            elapsed,
            server_now,
            clock,
            feed_now=provider_now,
            content_hash=content_hash,
        )
        _fill(fixture, snapshot, stored)
        fixture.save()
        settled = _settled(fixture, message["serverNow"])
    return Change(fixture.slug, [message, *settled], changed=True)


def _settled(fixture, now_ms):
    """What `feed_stored`'s receivers (the live game) have to say of the stored change; they
    run inside its transaction, so their writes commit or roll back with the fixture's."""
    responses = feed_stored.send(sender=Fixture, fixture=fixture, now_ms=now_ms)
    return [message for _, messages in responses for message in messages or ()]


def _confirm_final(feed_fixture, provider_now):
    """An unchanged fixture in a final state: once the feed has said it for FINAL_AFTER_S
    (composite.final_reading), the stored snapshot says `final` and the game settles
    (feed_stored). Nothing for the score bug changes: the Change carries only the settlement."""
    if feed_fixture.filter(snapshot__final=True).exists():
        return None
    with transaction.atomic():
        fixture = feed_fixture.select_for_update().first()
        stored = (fixture.snapshot or {}) if fixture else {}
        if not fixture or stored.get("final"):
            return None
        since, final = final_reading(stored, stored.get("state", {}).get("code"), provider_now)
        if not final:
            return None
        fixture.snapshot = {**stored, "final": True, "final_since": since}
        fixture.save(update_fields=["snapshot", "updated_at"])
        settled = _settled(fixture, now_ms())
    return Change(fixture.slug, settled, changed=False) if settled else None


def demo_clock(speed, now_s):
    """(start in Unix seconds, speed) of the recorded demo match: the stored row, made once at `now_s`."""
    clock, _ = DemoClock.objects.get_or_create(
        key="recorded", defaults={"started_at": round(now_s * 1000), "speed": speed}
    )
    return clock.started_at / 1000, clock.speed


def lost_fixtures(seen_ids, now):
    """External ids of stored fixtures still shown in play (running, paused, halted or unclear)
    that the feed's in-play list no longer carries: the poller fetches each by id until it shows
    a final state and has confirmed it (composite.final_reading), so a match never freezes at
    "89'" on the page and its game is settled."""
    settled = states.codes(states.UNPLAYED, states.NOT_STARTED)
    recent = Fixture.objects.filter(kind=Fixture.Kind.FEED, starting_at__gte=now - LOST_WITHIN)
    lost = (
        recent.exclude(external_id__in=[str(i) for i in seen_ids])
        .exclude(state_code__in=settled)
        .exclude(state_code="")
        # a final state counts once read twice: until then it is fetched again
        .exclude(state_code__in=states.codes(states.FINISHED), snapshot__final=True)
    )
    return [
        int(external_id)
        for external_id in lost.order_by("starting_at").values_list("external_id", flat=True)[
            :LOST_PER_CYCLE
        ]
    ]


def store_listing(snapshot, provider_now):
    """A fixture from a day's listing; True when it was new (and stored whole).

    The listing carries no events or scores: writing it over a fixture in play would wipe
    what the poller stored, so a known fixture takes only its kick-off and state.
    """
    with transaction.atomic():
        if _feed_fixture(snapshot).update(
            starting_at=_datetime(snapshot["starting_at"]), state_code=_state_code(snapshot)
        ):
            return False
        change = store(snapshot, provider_now)
    for message in change.messages if change else ():
        broadcast_sync(change.slug, message)
    return True


def slug_for(snapshot):
    teams = snapshot["teams"]
    return slugify(f"{teams['home']['code']} v {teams['away']['code']} {snapshot['external_id']}")


def _feed_fixture(snapshot):
    return Fixture.objects.filter(kind=Fixture.Kind.FEED, external_id=str(snapshot["external_id"]))


def _fill(fixture, snapshot, stored):
    home, away = snapshot["teams"]["home"], snapshot["teams"]["away"]
    fixture.title = snapshot["name"] or f"{home['name']} v {away['name']}"
    fixture.home_code, fixture.home_name = home["code"][:10], home["name"][:100]
    fixture.away_code, fixture.away_name = away["code"][:10], away["name"][:100]
    fixture.starting_at = _datetime(snapshot["starting_at"])
    fixture.state_code = _state_code(snapshot)
    fixture.snapshot = stored
    fixture.content_hash = stored["hash"]


def _state_code(snapshot):
    return snapshot["state"]["code"][:40]


def _datetime(seconds):
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)
