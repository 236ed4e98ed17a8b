"""The baseline server for socket benchmarks: a bare `websockets` relay in its own process.

It keeps names in memory, answers `ping` with `pong`, welcomes any `join` and broadcasts the
roster, and relays a joined fan's `pick` to everyone, stamped with their name and the time: what
Rally's relay does, minus the judging, the database, the channel layer and Django.
Run: .venv/bin/python -m bench.bare_websockets PORT
"""

import asyncio
import json
import sys
import time

from bench.sockets import PORT, start_listening


def now_ms():
    return int(time.time() * 1000)


async def relay(port):
    from websockets import broadcast
    from websockets.asyncio.server import serve

    names = {}

    async def handler(ws):
        names[ws] = None
        try:
            async for message in ws:
                frame = json.loads(message)
                if frame.get("type") == "ping":
                    await ws.send(json.dumps({"type": "pong", "serverNow": now_ms()}))
                elif frame.get("type") == "join":
                    names[ws] = frame["name"]
                    await ws.send(json.dumps({"type": "welcome", "name": frame["name"], "picks": []}))
                    online = sorted(name for name in names.values() if name)
                    broadcast(names, json.dumps({"type": "presence", "online": online, "viewers": len(names)}))
                elif frame.get("type") == "pick" and names[ws]:
                    pick = {key: frame.get(key) for key in ("prediction", "choice", "loop")}
                    broadcast(names, json.dumps({"type": "pick", "name": names[ws], **pick, "at": now_ms()}))
        finally:
            names.pop(ws, None)

    async with serve(handler, "127.0.0.1", port, compression=None, ping_interval=None, max_queue=None):
        await asyncio.Future()


def start():
    """(url, process) of a fresh bare relay, listening."""
    port, process = start_listening("bench.bare_websockets", PORT)
    return f"ws://127.0.0.1:{port}/", process


if __name__ == "__main__":
    asyncio.run(relay(int(sys.argv[1])))
