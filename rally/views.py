import hmac
import ipaddress
import logging
import sys

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import csrf, defaults
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from rally.clientaddr import request_client
from rally.http import is_api, json_error
from rally.layers import layer_probe
from rally.loops import STALE_AFTER_INTERVALS, loop_states
from rally.middleware import UNREACHABLE, database_unavailable
from rally.processes import loop_intervals

# A busy node's loop may take a while to get to the answer: a timeout is an outage, not a
# moment of load (at 2 s, issue 23 saw 2 of 3,180 probes of a healthy node under 180 fans time out).
CHANNEL_LAYER_TIMEOUT_S = 5
log = logging.getLogger(__name__)


class HealthLog:
    """One log line per change of a health endpoint's answer, not one per poll: a load balancer
    or an alerting probe asks every few seconds, and Django logs every 503 it answers."""

    def __init__(self, path):
        self.path, self.said = path, None

    def told(self, response, summary):
        response._has_been_logged = True  # Django's own line per 5xx (django.utils.log)
        said = (response.status_code, summary)
        if said != self.said:
            healthy = response.status_code == 200
            level = logging.INFO if healthy else logging.WARNING
            log.log(level, "%s: %s %s", self.path, response.status_code, summary)
        self.said = said
        return response


NODE_HEALTH, LOOPS_HEALTH = HealthLog("/healthz"), HealthLog("/healthz/loops")


@never_cache
async def healthz(request):
    """This node: can it reach the database and the channel layer? (The loops: /healthz/loops.)"""
    checks = {
        "db": await _check(database_sync_to_async(_ping_database)),
        "channel_layer": await _check(_ping_channel_layer),
    }
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    return NODE_HEALTH.told(JsonResponse(checks, status=status), checks)


async def _check(probe):
    try:
        await probe()
        return "ok"
    except Exception as exc:  # a health check reports every failure, whatever its kind
        return f"error: {type(exc).__name__}"


def _ping_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


async def _ping_channel_layer():
    """A message to ourselves through the layer, on the node's one probe channel."""
    await layer_probe().round_trip(CHANNEL_LAYER_TIMEOUT_S)


@never_cache
def healthz_loops(request):
    """The deployment's background loops, from the shared table: 200 while each completed a
    cycle within three of its intervals, else 503 naming the stale ones."""
    try:
        states = loop_states(loop_intervals())
    except Exception as exc:  # no database: nothing is known about the loops
        body = {"stale": [], "error": f"database: {type(exc).__name__}"}
        return LOOPS_HEALTH.told(JsonResponse(body, status=503), body)
    now = timezone.now()
    loops = {
        state.name: {
            "ok": not state.stale(now),
            "interval_s": state.interval_s,
            "age_s": None if state.age_s(now) is None else round(state.age_s(now), 1),
            "completed_at": state.completed_at.isoformat() if state.completed_at else None,
            "running": state.held(now),
        }
        for state in states
    }
    stale = [name for name, loop in loops.items() if not loop["ok"]]
    body = {"stale": stale, "stale_after_intervals": STALE_AFTER_INTERVALS, "loops": loops}
    return LOOPS_HEALTH.told(JsonResponse(body, status=503 if stale else 200), {"stale": stale})


def metrics(request):
    """Prometheus' text format, for the addresses in METRICS_ALLOWED_IPS or the METRICS_TOKEN
    bearer; anyone else sees nothing here (404)."""
    if not may_read_metrics(request):
        return not_found(request)
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)


def may_read_metrics(request):
    token = settings.METRICS_TOKEN
    if token and hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return True
    try:
        client = ipaddress.ip_address(request_client(request))
    except ValueError:
        return False
    return any(
        client in ipaddress.ip_network(allowed, strict=False)
        for allowed in settings.METRICS_ALLOWED_IPS
    )


def not_found(request, exception=None):
    """API clients get the protocol's JSON error; people get the usual page."""
    if is_api(request):
        return json_error(404, "not_found", f"No such resource: {request.path}")
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception=None):
    """A refused admin page comes in the admin's frame, saying whose account it is and with a
    way back (the bare "403 Forbidden" left an editor stranded); API clients get JSON."""
    if is_api(request):
        return json_error(403, "forbidden", "Not allowed.")
    if not request.path.startswith("/admin/"):
        return defaults.permission_denied(request, exception)
    who = request.user.get_username() if request.user.is_authenticated else "you"
    return _refused(
        request,
        403,
        "Not allowed",
        f"Your account ({who}) may not open this page or do this.",
        "Editors edit prompts and question templates and read scripts and the schedule; "
        "ask an operator if you need more.",
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout (AXES_LOCKOUT_CALLABLE), in the admin's frame, status 429."""
    return _refused(request, 429, "Sign-in locked", settings.AXES_COOLOFF_MESSAGE)


def _refused(request, status, title, message, detail=""):
    ways_back = [("Back to the admin home", "/admin/"), ("Rally's matches", "/")]
    if status == 429 or not request.user.is_authenticated:
        ways_back.insert(0, ("Back to the sign-in page", "/admin/login/"))
    context = {
        **admin.site.each_context(request),
        "is_nav_sidebar_enabled": request.user.is_authenticated,  # else it says "no permission"
        "title": title,
        "status": status,
        "message": message,
        "detail": detail,
        "ways_back": ways_back,
    }
    return TemplateResponse(request, "admin/refused.html", context, status=status).render()


def server_error(request):
    """An error raised outside any view (a middleware's trip to the database): a database
    outage is still the 503 page, anything else Django's 500."""
    if isinstance(sys.exc_info()[1], UNREACHABLE):
        return database_unavailable(request)
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    if is_api(request):
        return json_error(
            403, "csrf_failed", "The API is read-only over HTTP; writes go through the socket."
        )
    return csrf.csrf_failure(request, reason)


def bad_request(request, exception=None):
    """A request Django refused (bad Host, too many fields, BadRequest): JSON under /api/; in
    the admin, its frame with the reason (an out-of-date form says to reload) and a way back."""
    reason = (str(exception)[:200] if exception else "") or "Bad request."
    if is_api(request):
        return json_error(400, "bad_request", reason)
    if request.path.startswith("/admin/") and hasattr(request, "user"):
        return _refused(request, 400, "Not done", reason)
    return defaults.bad_request(request, exception)
