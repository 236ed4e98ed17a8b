"""Small shared pieces of the public API (docs/protocol.md)."""

import time

from django.http import JsonResponse


def is_api(request):
    """The public API answers in JSON, errors included; pages keep Django's HTML."""
    return request.path.startswith("/api/")


def json_error(status, code, detail):
    """Errors are `{"error": code, "detail": text}`: a 4xx status, or 503 while a service is down."""
    return JsonResponse({"error": code, "detail": detail}, status=status)


def now_ms():
    """Server time as the protocol carries it: integer milliseconds since the Unix epoch."""
    return int(time.time() * 1000)
