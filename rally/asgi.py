"""ASGI entry: HTTP to Django behind a body cap (/state's cache hits answered before it),
WebSockets to the fixture rooms behind an origin check; a socket to any other path is closed 4404."""

import logging
import os
from urllib.parse import urlsplit

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rally.settings")
django_asgi_app = get_asgi_application()  # before any import that touches models

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import WebsocketDenier  # noqa: E402
from django.conf import settings  # noqa: E402
from django.http.request import split_domain_port, validate_host  # noqa: E402
from django.urls import re_path  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from rally.bodylimit import BodyLimit  # noqa: E402

# The apps plug in by name, as ROOT_URLCONF does, so the core imports none of them.
websocket_urlpatterns = import_string(settings.RALLY_WEBSOCKET_URLPATTERNS)
StateFastPath = import_string(settings.RALLY_HTTP_FAST_PATH)

DEFAULT_PORTS = {"http": 80, "https": 443}
CLOSE_NOT_FOUND = 4404  # as an unknown fixture's socket: the page does not retry
unrouted_log = logging.getLogger(
    "rally.unrouted"
)  # cut short and rate-limited (rally/logfilters.py)


def parse_origin(text):
    """(scheme, host, port) of a browser's Origin header, or None for anything a browser
    would not send: another scheme, credentials, a path, a query, a bad port."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    if parts.path or parts.query or parts.fragment:
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def own_origin(scope, headers):
    """The origin a page served by this site has, as the socket's request says: Host (with
    its port) and the scheme (wss, or X-Forwarded-Proto from the TLS proxy, means https)."""
    host = headers.get(b"host", b"").decode("latin1")
    domain, port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    secure = (
        scope.get("scheme") == "wss" or headers.get(b"x-forwarded-proto", b"").lower() == b"https"
    )
    scheme = "https" if secure else "http"
    try:
        return scheme, domain, int(port) if port else DEFAULT_PORTS[scheme]
    except ValueError:
        return None


class OriginValidator:
    """A socket is accepted only from a page of this site: its Origin must equal the socket's
    own scheme, host and port (the host one of ALLOWED_HOSTS), or one of CSRF_TRUSTED_ORIGINS
    exactly. Channels' AllowedHostsOriginValidator compared the host alone, so
    `http://localhost:9999` or `http://evil.example@127.0.0.1` passed."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not self.allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)

    @staticmethod
    def allowed(scope):
        headers = dict(scope.get("headers", []))
        origin = parse_origin(headers.get(b"origin", b"").decode("latin1"))
        if origin is None:
            return False
        trusted = {parse_origin(text) for text in settings.CSRF_TRUSTED_ORIGINS}
        return origin in trusted or origin == own_origin(scope, headers)


class UnroutedSocket(AsyncWebsocketConsumer):
    """A socket to a path no route serves (`/ws/<anything>/`, `/ws/matches/<slug>/extra/`):
    accepted and closed with 4404 `not_found`, and one short line through the client-noise
    filter. Channels' router would raise instead: an HTTP 500 with a traceback of the path."""

    async def connect(self):
        unrouted_log.warning("Not Found (WebSocket): %s", self.scope.get("path", ""))
        await self.accept()
        await self.close(code=CLOSE_NOT_FOUND, reason="not_found")


application = ProtocolTypeRouter(
    {
        "http": BodyLimit(
            StateFastPath(django_asgi_app)
        ),  # /state's cache hits without Django's stack
        "websocket": OriginValidator(
            URLRouter([*websocket_urlpatterns, re_path(r"", UnroutedSocket.as_asgi())])
        ),
    }
)
