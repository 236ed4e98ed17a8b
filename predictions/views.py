"""The replay game's HTTP API (docs/protocol.md, HTTP)."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control

from matches.api import fixture_api_view, no_anchor
from predictions import live, services
from predictions.picks import BadLoop, requested_loop
from rally.http import json_error, now_ms

PAST_LOOP_MAX_AGE_S = 3600


@fixture_api_view
def standings(request, fixture):
    """The server's standings of `?loop=N` (default: the loop being played); a feed fixture's
    fans ranked by its settled predictions (docs/engine.md §7).

    The current loop is scored up to now from the human picks the server kept and the bots. A
    past loop is scored in full, but humans' picks are kept for the current loop only, so a past
    loop lists the bots alone and says `"pruned": true`.
    """
    if fixture.kind == fixture.Kind.FEED:
        try:
            requested_loop(request.GET.get("loop"), live.LOOP)  # a feed fixture is played once
        except BadLoop as error:
            return json_error(400, "bad_loop", str(error))
        return _no_store(JsonResponse(live.standings(fixture)))
    if not hasattr(fixture, "anchor"):
        return no_anchor()
    try:
        report = services.standings(fixture, request.GET.get("loop"), now_ms())
    except BadLoop as error:
        return json_error(400, "bad_loop", str(error))
    response = JsonResponse(report)
    if report["pruned"]:  # a past loop never changes
        patch_cache_control(response, public=True, max_age=PAST_LOOP_MAX_AGE_S)
        return response
    return _no_store(response)


@fixture_api_view
def predictions(request, fixture):
    """A feed fixture's predictions as the feed's clock stands now (the replay's are in `/events`)."""
    if fixture.kind != fixture.Kind.FEED:
        return json_error(404, "not_a_feed_fixture", "The replay's predictions are in /events.")
    return _no_store(JsonResponse(live.listed(fixture, now_ms()), safe=False))


def _no_store(response):
    patch_cache_control(response, no_store=True)
    return response
