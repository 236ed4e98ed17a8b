"""The replay game's HTTP API (docs/protocol.md, HTTP)."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control

from matches.api import fixture_api_view, no_anchor
from predictions import services
from predictions.picks import BadLoop
from rally.http import json_error, now_ms

PAST_LOOP_MAX_AGE_S = 3600


@fixture_api_view
def standings(request, fixture):
    """The server's standings of `?loop=N` (default: the loop being played).

    The current loop is scored up to now from the human picks the server kept and the bots. A
    past loop is scored in full, but humans' picks are kept for the current loop only, so a past
    loop lists the bots alone and says `"pruned": true`.
    """
    if fixture.kind != fixture.Kind.REPLAY:
        return json_error(404, "not_a_replay", "Only replay fixtures have standings.")
    if not hasattr(fixture, "anchor"):
        return no_anchor()
    try:
        report = services.standings(fixture, request.GET.get("loop"), now_ms())
    except BadLoop as error:
        return json_error(400, "bad_loop", str(error))
    response = JsonResponse(report)
    if report["pruned"]:  # a past loop never changes
        patch_cache_control(response, public=True, max_age=PAST_LOOP_MAX_AGE_S)
    else:
        patch_cache_control(response, no_store=True)
    return response
