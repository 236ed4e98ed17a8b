"""The API's answer when the database cannot be reached, and the HTTP contract every answer keeps."""

from asgiref.sync import iscoroutinefunction
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.decorators import sync_and_async_middleware
from django.utils.deprecation import MiddlewareMixin

from rally.http import is_api, json_error

UNREACHABLE = (OperationalError, InterfaceError)  # not IntegrityError and friends: those are bugs


RETRY_AFTER_S = 10  # what a 503 for a database outage asks clients to wait


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """A database outage is a 503 a client can act on (retry later), not a 500: under /api/ the
    protocol's JSON, elsewhere the site's own page (templates/503.html)."""

    def process_exception(self, request, exception):
        if isinstance(exception, UNREACHABLE):
            return database_unavailable(request)
        return None


def database_unavailable(request):
    if is_api(request):
        response = json_error(
            503, "database_unavailable", "The database cannot be reached; try again shortly."
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    return response


# The HTTP contract (issue 16): whatever a client sends, /api/ answers in JSON; HEAD is GET
# without the body everywhere; the read-only API answers writes with a 405, not a CSRF 403.

API_METHODS = ("GET", "HEAD")
API_ALLOW = ", ".join(API_METHODS)
KEPT_HEADERS_LOWER = {"content-type", "content-length"}


@sync_and_async_middleware
def HttpContractMiddleware(get_response):
    """First in MIDDLEWARE, so it also sees the HTML answers Django's exception handling gives
    to anything raised further in (a bad Host, too many query fields, a 500)."""

    def before(request):
        if is_api(request) and request.method not in API_METHODS:
            response = json_error(405, "method_not_allowed", f"The API is read-only: {API_ALLOW}.")
            response["Allow"] = API_ALLOW
            return response
        if request.method == "HEAD":  # views see a GET; the server sends no body for HEAD
            request.method, request.was_head = "GET", True
        return None

    def after(request, response):
        if getattr(request, "was_head", False):
            request.method = "HEAD"
        if is_api(request) and response.status_code >= 400 and not _is_json(response):
            return _as_json(response)
        return response

    if iscoroutinefunction(get_response):

        async def middleware(request):
            return before(request) or after(request, await get_response(request))

    else:

        def middleware(request):
            return before(request) or after(request, get_response(request))

    return middleware


def _is_json(response):
    return response.get("Content-Type", "").startswith("application/json")


def _as_json(response):
    status = response.status_code
    code = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}.get(
        status, "server_error" if status >= 500 else "client_error"
    )
    replacement = json_error(status, code, response.reason_phrase)
    if status == 405 and not response.has_header("Allow"):
        replacement["Allow"] = API_ALLOW
    for header, value in response.items():
        if header.lower() not in KEPT_HEADERS_LOWER:
            replacement[header] = value
    return replacement


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


@sync_and_async_middleware
def PermissionsPolicyMiddleware(get_response):
    """The site uses none of the powerful browser features: deny them all, embedded frames too."""

    def add(response):
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    if iscoroutinefunction(get_response):

        async def middleware(request):
            return add(await get_response(request))

    else:

        def middleware(request):
            return add(get_response(request))

    return middleware
