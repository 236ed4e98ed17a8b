"""The baseline: a bare ASGI app on the same daphne, answering what Rally's endpoints answer.

Rally's figures are divided by these, so the machine's speed cancels out.
"""

import json
import time

PAGE = b"<!doctype html><html><head><meta charset=utf-8><title>bare</title></head><body><h1>0 - 0</h1></body></html>"


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    if scope["path"].endswith("/state"):
        anchor = {"baseStartedAt": 0, "tickMs": 1500, "pauseMs": 60000, "lastSequence": 73}
        body = json.dumps({"kind": "replay", "anchor": anchor, "serverNow": int(time.time() * 1000)}).encode()
        content_type = b"application/json"
    else:
        body, content_type = PAGE, b"text/html"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
