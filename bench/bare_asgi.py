"""The baseline: a bare ASGI app on the same daphne, answering what Rally's endpoints answer.

Over HTTP it answers `/state` and a page; over a websocket it is a relay in memory, as
bench/bare_websockets.py is (`ping` → `pong`, a `join` broadcasts the whole roster, a joined fan's
`pick` is relayed to everyone), so daphne's own share of a fan-out can be told from Rally's.
Rally's figures are divided by these, so the machine's speed cancels out.
Run: .venv/bin/python -m daphne -b 127.0.0.1 -p PORT bench.bare_asgi:app
"""

import json
import time

PAGE = b"<!doctype html><html><head><meta charset=utf-8><title>bare</title></head><body><h1>0 - 0</h1></body></html>"


ROOM = {}  # each open socket's send → its name (None until it joins)


async def app(scope, receive, send):
    if scope["type"] == "websocket":
        await relay(receive, send)
        return
    if scope["type"] != "http":
        return
    if scope["path"].endswith("/state"):
        anchor = {"baseStartedAt": 0, "tickMs": 1500, "pauseMs": 60000, "lastSequence": 73}
        body = json.dumps(
            {"kind": "replay", "anchor": anchor, "serverNow": int(time.time() * 1000)}
        ).encode()
        content_type = b"application/json"
    else:
        body, content_type = PAGE, b"text/html"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def broadcast(message):
    text = json.dumps(message)
    for send in list(ROOM):
        await send({"type": "websocket.send", "text": text})


async def relay(receive, send):
    try:
        while True:
            event = await receive()
            if event["type"] == "websocket.connect":
                ROOM[send] = None
                await send({"type": "websocket.accept"})
            elif event["type"] == "websocket.disconnect":
                return
            elif event["type"] == "websocket.receive" and event.get("text"):
                await answer(json.loads(event["text"]), send)
    finally:
        ROOM.pop(send, None)


async def answer(frame, send):
    now_ms = int(time.time() * 1000)
    if frame.get("type") == "ping":
        await send(
            {"type": "websocket.send", "text": json.dumps({"type": "pong", "serverNow": now_ms})}
        )
    elif frame.get("type") == "join":
        ROOM[send] = frame["name"]
        await send(
            {
                "type": "websocket.send",
                "text": json.dumps({"type": "welcome", "name": frame["name"], "picks": []}),
            }
        )
        online = sorted(name for name in ROOM.values() if name)
        await broadcast({"type": "presence", "online": online, "viewers": len(ROOM)})
    elif frame.get("type") == "pick" and ROOM.get(send):
        pick = {key: frame.get(key) for key in ("prediction", "choice", "loop")}
        await broadcast({"type": "pick", "name": ROOM[send], **pick, "at": now_ms})


def start():
    """(port, process) of this app on a fresh daphne, listening."""
    from bench.sockets import PORT, start_listening

    return start_listening("daphne", "-b", "127.0.0.1", "-p", PORT, "bench.bare_asgi:app")
