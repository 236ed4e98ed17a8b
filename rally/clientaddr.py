"""The client's address behind a known number of proxies: every per-address limit uses it.

Each proxy appends the address it saw to X-Forwarded-For, so only the rightmost entries were
written by proxies we run; anything left of them is whatever the client sent. With
TRUSTED_PROXY_HOPS = N the client is the Nth entry from the right (0: no proxy, the header is
ignored). A missing or malformed entry there falls back to the peer: forging buys nothing.
"""

import ipaddress

from django.conf import settings


def forwarded_client(peer, forwarded_for, hops):
    """The address `hops` entries from the right of `forwarded_for` (the header's values, comma
    separated), or `peer` when there are too few entries or that one is not an IP address."""
    if hops <= 0 or not forwarded_for:
        return peer
    entries = [entry.strip() for entry in forwarded_for.split(",")]
    if len(entries) < hops:
        return peer  # the request did not come through every proxy we run
    try:
        return str(ipaddress.ip_address(entries[-hops]))
    except ValueError:
        return peer


def scope_client(scope):
    """The client address of an ASGI scope (a socket or a request)."""
    peer = (scope.get("client") or ["unknown"])[0]
    forwarded = b",".join(
        value for name, value in scope.get("headers", ()) if name == b"x-forwarded-for"
    )
    return forwarded_client(peer, forwarded.decode("latin1"), settings.TRUSTED_PROXY_HOPS)


def request_client(request):
    """The client address of a Django request (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    peer = request.META.get("REMOTE_ADDR") or "unknown"
    return forwarded_client(
        peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), settings.TRUSTED_PROXY_HOPS
    )
