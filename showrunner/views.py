"""The showrunner's public API (docs/protocol.md): the day's schedule and a fixture's scripts."""

from datetime import date

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from matches.api import fixture_api_view
from rally.http import json_error
from showrunner.day import FIRST_DAY, LAST_DAY, in_range, items_of

SCRIPTS_SHOWN = 50


@require_GET
def schedule(request):
    text = request.GET.get("date")
    try:
        day = date.fromisoformat(text) if text else timezone.now().date()
    except ValueError:
        return json_error(400, "bad_date", f"date must be YYYY-MM-DD, not {text[:40]!r}.")
    if not in_range(day):
        return json_error(400, "bad_date", f"date must lie between {FIRST_DAY} and {LAST_DAY}.")
    items = [item.as_protocol() for item in items_of(day)]
    return JsonResponse({"date": day.isoformat(), "items": items})


@fixture_api_view
def scripts(request, fixture):
    alive = fixture.scripts.filter(expires_at__gt=timezone.now())[:SCRIPTS_SHOWN]
    return JsonResponse([script.as_protocol() for script in alive], safe=False)
