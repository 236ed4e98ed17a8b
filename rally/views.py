import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views import csrf, defaults

from rally.http import is_api, json_error

CHANNEL_LAYER_TIMEOUT_S = 2


def healthz(request):
    checks = {"db": _check(_ping_database), "channel_layer": _check(_ping_channel_layer)}
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    return JsonResponse(checks, status=status)


def _check(probe):
    try:
        probe()
        return "ok"
    except Exception as exc:  # a health check reports every failure, whatever its kind
        return f"error: {type(exc).__name__}"


def _ping_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@async_to_sync
async def _ping_channel_layer():
    """A message to ourselves through the layer: proves it accepts and delivers."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "healthz"})
    await asyncio.wait_for(layer.receive(channel), CHANNEL_LAYER_TIMEOUT_S)


def not_found(request, exception=None):
    """API clients get the protocol's JSON error; people get the usual page."""
    if is_api(request):
        return json_error(404, "not_found", f"No such resource: {request.path}")
    return defaults.page_not_found(request, exception)


def csrf_failure(request, reason=""):
    if is_api(request):
        return json_error(403, "csrf_failed", "The API is read-only over HTTP; writes go through the socket.")
    return csrf.csrf_failure(request, reason)


def bad_request(request, exception=None):
    """A request Django refused (bad Host, too many fields, BadRequest): JSON under /api/."""
    if is_api(request):
        reason = str(exception)[:200] if exception else "Bad request."
        return json_error(400, "bad_request", reason or "Bad request.")
    return defaults.bad_request(request, exception)
