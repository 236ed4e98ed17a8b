"""The live pages and the public HTTP API of fixtures (docs/protocol.md, HTTP)."""

import json

from asgiref.sync import sync_to_async
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from matches import day, league_table
from matches.api import SLUG_MAX_LENGTH, fixture_api_view, no_anchor, unknown_fixture
from matches.feed import states
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
_day_cache = BoundedTTLCache(1, STATE_CACHE_S)


@require_GET
def lobby(request):
    """The match day: the tables as they stand (derived here, then repainted by the page from
    /api/day/), and every fixture grouped by competition and kick-off."""
    fixtures = list(Fixture.objects.all())
    known = day.competitions()
    tables = [
        {"key": key, "caption": f"{key}: the table as it stands", **_labelled(table, known[key])}
        for key, table in day.tables(day.day_fixtures(), known).items()
    ]
    return render(
        request,
        "matches/lobby.html",
        {"groups": _groups(fixtures), "tables": tables},
    )


@require_GET
def live(request, slug):
    fixture = get_object_or_404(Fixture, slug=slug)
    context = {"fixture": fixture, "server_now": now_ms()}  # the page's first clock offset
    if fixture.kind == Fixture.Kind.REPLAY:
        if hasattr(fixture, "anchor"):  # the board at load, so the page paints no placeholder
            events = fixture.replay_events_as_protocol()
            context["board"] = board_at(
                fixture.anchor.as_protocol(), events, fixture.teams, context["server_now"]
            )
        return render(request, "matches/live_replay.html", context)
    table, competition, _ = day.table_for(fixture)
    if table:
        teams = [fixture.home_name, fixture.away_name]
        excerpt = league_table.excerpt(table["rows"], teams)
        context["table"] = _labelled({**table, "rows": excerpt}, competition) | {"teams": teams}
    return render(request, "matches/live_feed.html", context)


def _labelled(table, competition):
    """The table with each row's zone named, for the screen reader's sake."""
    labels = {zone["key"]: zone["label"] for zone in competition.get("zones") or []}
    rows = [{**row, "zone_label": labels.get(row["zone"])} for row in table["rows"]]
    return {**table, "rows": rows, "zones": competition.get("zones") or []}


def _groups(fixtures):
    """[{"title", "kickoff"}, fixtures]: replays first, then feed fixtures by competition and
    kick-off (the kick-off in Unix ms, shown in the fan's own time)."""
    groups = {}
    for fixture in fixtures:
        if fixture.kind == Fixture.Kind.REPLAY:
            key = ("Replays", None)
        else:
            kickoff = fixture.starting_at
            key = (
                (fixture.snapshot or {}).get("competition") or "Football",
                int(kickoff.timestamp() * 1000) if kickoff else None,
            )
        groups.setdefault(key, []).append(fixture)
    ordered = sorted(groups.items(), key=lambda item: (item[0][0] != "Replays", item[0][1] or 0))
    return [
        {"title": title, "kickoff": kickoff, "fixtures": members}
        for (title, kickoff), members in ordered
    ]


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
        "status": fixture.state_code
        or ("REPLAY" if fixture.kind == Fixture.Kind.REPLAY else states.NOT_STARTED_CODE),
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


async def fixture_day(request):
    """The match day in one answer (matches/day.py): every lobby card and table reads it, so it is
    cached for a second like /state."""
    if request.method != "GET":
        return json_error(405, "method_not_allowed", "Only GET.")
    answer = _day_cache.get("day")
    if answer is BoundedTTLCache.MISSING:
        answer = await sync_to_async(_day_answer)()
        _day_cache.set("day", answer)
    return HttpResponse(state_body(answer), content_type="application/json")


def _day_answer():
    return day.day_answer(day.day_fixtures(), day.competitions())
