"""A cap on request bodies, in front of everything HTTP (docs/protocol.md, "Limits").

The API takes no bodies and the admin's forms are a few kilobytes, yet nothing bounded what a
client could send: three concurrent 256 MiB POSTs (answered 405) took a node from 156 to 420 MiB.
`BodyLimit` answers 413 `body_too_large` to a `Content-Length` over `HTTP_MAX_BODY_BYTES` without
reading a byte of the body, and counts a body without one (chunked) as it arrives, answering 413
the moment it passes the cap; what it passes on to the application is at most the cap.

Daphne itself reads a whole request before any application sees it (to a temporary file, then
every chunk into the application's queue), so under `serve` the same cap is also enforced where
the bytes arrive: rally/http_server.py refuses the request from its headers, or as a chunked
body passes the cap, and drops the rest unread. This layer is the cap on any other ASGI server.
"""

import json

from django.conf import settings

DETAIL = "The request body is over the limit of {limit} bytes."


def too_large_body(limit):
    return json.dumps({"error": "body_too_large", "detail": DETAIL.format(limit=limit)}).encode()


class BodyLimit:
    def __init__(self, app, max_bytes=None):
        self.app, self.max_bytes = app, max_bytes

    @property
    def limit(self):
        return self.max_bytes if self.max_bytes is not None else settings.HTTP_MAX_BODY_BYTES

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await self.refuse(send, limit)
        read, size = [], 0
        while True:  # at most `limit` bytes: the body as the application would have read it
            message = await receive()
            read.append(message)
            if message["type"] != "http.request":
                break  # the client went away
            size += len(message.get("body", b""))
            if size > limit:
                return await self.refuse(send, limit)
            if not message.get("more_body", False):
                break

        async def replay():
            return read.pop(0) if read else await receive()

        return await self.app(scope, replay, send)

    @staticmethod
    async def refuse(send, limit):
        body = too_large_body(limit)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
