"""The live pages and the public HTTP API of fixtures (docs/protocol.md, HTTP)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from matches.api import SLUG_MAX_LENGTH, fixture_api_view, no_anchor, unknown_fixture
from matches.models import Fixture
from matches.replay_board import board_at
from rally.http import json_error, now_ms
from rally.lru import BoundedTTLCache

EVENTS_MAX_AGE_S = 60
STATE_CACHE_S = 1
# Per process, so nodes may lag each other by a second. Bounded: the slug is the client's to
# choose, so known fixtures live in an LRU and unknown slugs only in a small one of their own
# (a flood of made-up slugs can neither grow memory nor push the real fixtures out).
STATE_CACHE_ENTRIES = 1024
UNKNOWN_CACHE_ENTRIES = 256
_state_cache = BoundedTTLCache(STATE_CACHE_ENTRIES, STATE_CACHE_S)
_unknown_cache = BoundedTTLCache(UNKNOWN_CACHE_ENTRIES, STATE_CACHE_S)


@require_GET
def lobby(request):
    return render(request, "matches/lobby.html", {"fixtures": Fixture.objects.all()})


@require_GET
def live(request, slug):
    fixture = get_object_or_404(Fixture, slug=slug)
    template = (
        "matches/live_replay.html"
        if fixture.kind == Fixture.Kind.REPLAY
        else "matches/live_feed.html"
    )
    # The page's first clock offset; each hello and update refines it.
    context = {"fixture": fixture, "server_now": now_ms()}
    if fixture.kind == Fixture.Kind.REPLAY and hasattr(fixture, "anchor"):
        events = fixture.replay_events_as_protocol()
        context["board"] = board_at(
            fixture.anchor.as_protocol(), events, fixture.teams, context["server_now"]
        )
    return render(request, template, context)


@require_GET
def fixture_list(request):
    return JsonResponse([_summary(fixture) for fixture in Fixture.objects.all()], safe=False)


def _summary(fixture):
    return {
        "slug": fixture.slug,
        "kind": fixture.kind,
        "title": str(fixture),
        "teams": {
            "home": {"code": fixture.home_code, "name": fixture.home_name},
            "away": {"code": fixture.away_code, "name": fixture.away_name},
        },
        "status": fixture.state_code or ("REPLAY" if fixture.kind == Fixture.Kind.REPLAY else "NS"),
        # A replayed feed match says so: {"date", "label", "illustrative"}; null for a live one.
        "recorded": (fixture.snapshot or {}).get("recorded"),
        "competition": (fixture.snapshot or {}).get("competition"),
        "venue": (fixture.snapshot or {}).get("venue"),
        "starting_at": fixture.starting_at.isoformat() if fixture.starting_at else None,
        "url": f"/matches/{fixture.slug}/",
    }


async def fixture_state(request, slug):
    """The hottest endpoint (every page load; feed pages poll it when their socket is quiet).

    Async end to end, and the body before `serverNow` is cached for a second: an anchor
    changes only when an operator re-anchors, a snapshot once per polling cycle.
    """
    if request.method != "GET":
        return json_error(405, "method_not_allowed", "Only GET.")
    state = await _cached_state(slug)
    if state is None:
        return unknown_fixture(slug)
    if unanchored(state):
        return no_anchor()
    return HttpResponse(state_body(state), content_type="application/json")


def state_body(state):
    """A /state answer's body, as JsonResponse would write it: the cached state and the server's
    clock now (matches.fast_state answers with it too)."""
    return json.dumps({**state, "serverNow": now_ms()}, cls=DjangoJSONEncoder).encode()


def peek_state(slug):
    """What the caches know of `slug`'s state without the database: the state, None for a slug
    that names no fixture, or BoundedTTLCache.MISSING when only the database can tell
    (matches.fast_state answers from this too)."""
    state = _state_cache.get(slug)
    if state is not BoundedTTLCache.MISSING:
        return state
    if slug in _unknown_cache or len(slug) > SLUG_MAX_LENGTH:
        return None
    return BoundedTTLCache.MISSING


async def _cached_state(slug):
    """A plain dict, not Django's cache: its async API would hop to a thread on every hit."""
    state = peek_state(slug)
    if state is not BoundedTTLCache.MISSING:
        return state
    fixture = await Fixture.objects.awith_anchor(slug)
    if fixture is None:
        _unknown_cache.set(slug, None)
        return None
    state = _state_of(fixture)
    _state_cache.set(slug, state)
    return state


def unanchored(state):
    return state["kind"] == Fixture.Kind.REPLAY and state["anchor"] is None


def _state_of(fixture):
    if fixture.kind == Fixture.Kind.FEED:
        return {"kind": "feed", "snapshot": fixture.snapshot}
    anchor = fixture.anchor.as_protocol() if hasattr(fixture, "anchor") else None
    return {"kind": "replay", "anchor": anchor}


@fixture_api_view
def fixture_events(request, fixture):
    if fixture.kind != Fixture.Kind.REPLAY:
        return json_error(404, "not_a_replay", "Only replay fixtures have a frozen event stream.")
    response = JsonResponse(
        {
            "teams": fixture.teams,
            "names": {"home": fixture.home_name, "away": fixture.away_name},
            "events": fixture.replay_events_as_protocol(),
            "predictions": [prediction.as_protocol() for prediction in fixture.predictions.all()],
        }
    )
    # ConditionalGetMiddleware adds the ETag and answers If-None-Match with a 304.
    patch_cache_control(response, public=True, max_age=EVENTS_MAX_AGE_S)
    return response
