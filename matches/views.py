"""The live pages and the public HTTP API of fixtures (PROTOCOL.md, HTTP)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from matches.models import Fixture
from rally.http import json_error, now_ms

EVENTS_MAX_AGE_S = 60


@require_GET
def lobby(request):
    return render(request, "matches/lobby.html", {"fixtures": Fixture.objects.all()})


@require_GET
def live(request, slug):
    fixture = get_object_or_404(Fixture, slug=slug)
    template = "matches/live_replay.html" if fixture.kind == Fixture.Kind.REPLAY else "matches/live_feed.html"
    return render(request, template, {"fixture": fixture})


def fixture_api_view(view):
    """A fixture API view (any app's): an unknown slug is a JSON 404, never an HTML page."""

    def wrapper(request, slug, *args, **kwargs):
        fixture = Fixture.objects.select_related("anchor").filter(slug=slug).first()
        if fixture is None:
            return json_error(404, "unknown_fixture", f"No fixture with slug {slug!r}.")
        return view(request, fixture, *args, **kwargs)

    return require_GET(wrapper)


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
        "starting_at": fixture.starting_at.isoformat() if fixture.starting_at else None,
        "url": f"/matches/{fixture.slug}/",
    }


@fixture_api_view
def fixture_state(request, fixture):
    if fixture.kind == Fixture.Kind.FEED:
        return JsonResponse({"kind": "feed", "snapshot": fixture.snapshot, "serverNow": now_ms()})
    if not hasattr(fixture, "anchor"):
        return json_error(409, "no_anchor", "The replay has no anchor yet: run `manage.py ensure_anchor`.")
    return JsonResponse({"kind": "replay", "anchor": fixture.anchor.as_protocol(), "serverNow": now_ms()})


@fixture_api_view
def fixture_events(request, fixture):
    if fixture.kind != Fixture.Kind.REPLAY:
        return json_error(404, "not_a_replay", "Only replay fixtures have a frozen event stream.")
    response = JsonResponse(
        {
            "teams": fixture.teams,
            "names": {"home": fixture.home_name, "away": fixture.away_name},
            "events": [event.as_protocol() for event in fixture.replay_events.all()],
            "predictions": [prediction.as_protocol() for prediction in fixture.predictions.all()],
        }
    )
    # ConditionalGetMiddleware adds the ETag and answers If-None-Match with a 304.
    patch_cache_control(response, public=True, max_age=EVENTS_MAX_AGE_S)
    return response
