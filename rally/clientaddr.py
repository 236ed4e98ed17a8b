"""The client's address behind the proxies we run: every per-address limit, the admin lockout
and /metrics use it.

X-Forwarded-For counts only when the peer (who opened the TCP connection) is one of
TRUSTED_PROXIES (addresses or networks): then the header is read from the right, where each
proxy appended the address it saw, past every entry that is itself a trusted proxy; the first
that is not is the client (nginx's `set_real_ip_from` with `real_ip_recursive on`). Anything
further left is whatever the client wrote. From any other peer the header is ignored, so a
forged header sent straight to a node buys nothing; a missing or malformed entry where a
proxy's should be falls back to the peer.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def trusted_networks(proxies):
    """TRUSTED_PROXIES (a tuple of addresses or networks) as networks; a bad entry stops the site."""
    try:
        return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def forwarded_client(peer, forwarded_for, proxies):
    """The client's address: `peer`, or when `peer` is one of `proxies` (networks) the rightmost
    entry of `forwarded_for` (the header's values, comma separated) that is not a proxy."""
    address = _address(peer)
    if address is None or not _trusted(address, proxies):
        return peer
    for entry in reversed(forwarded_for.split(",") if forwarded_for else []):
        address = _address(entry)
        if address is None:
            return peer  # not what a proxy of ours writes
        if not _trusted(address, proxies):
            return str(address)
    return peer  # the header names proxies only, or nothing: the request began at a proxy


def _trusted(address, proxies):
    return any(address in network for network in proxies)


def scope_client(scope):
    """The client address of an ASGI scope (a socket or a request)."""
    peer = (scope.get("client") or ["unknown"])[0]
    forwarded = b",".join(
        value for name, value in scope.get("headers", ()) if name == b"x-forwarded-for"
    )
    return forwarded_client(peer, forwarded.decode("latin1"), _proxies())


def request_client(request):
    """The client address of a Django request (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    peer = request.META.get("REMOTE_ADDR") or "unknown"
    return forwarded_client(peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), _proxies())


def _proxies():
    return trusted_networks(tuple(settings.TRUSTED_PROXIES))
