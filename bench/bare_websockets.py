"""The baseline server for socket benchmarks: a bare `websockets` relay in its own process.

It keeps names in memory, answers `ping` with `pong`, welcomes any `join` and broadcasts the
roster, and relays a joined fan's `pick` to everyone, stamped with their name and the time: what
Rally's relay does, minus the judging, the database, the channel layer and Django.

With `--tally` it speaks the pick protocol of issue 21 instead (bench/pick_storm.py's floor): a
socket gets a `hello` with the tallies; a `join` is welcomed with the fan's own picks and the
tallies, and nothing is broadcast for it; a joined fan's `pick` replaces their standing pick on
that prediction in that loop and is echoed to the sender alone; every TALLY_WINDOW_S, each
prediction whose counts changed is broadcast to every socket as one `tally`, encoded once, its
`version` room-wide monotonic. Nothing is judged or stored.

Run: .venv/bin/python -m bench.bare_websockets PORT [--tally]
"""

import asyncio
import collections
import json
import sys
import time
import uuid

from bench.sockets import PORT, start_listening

TALLY_WINDOW_S = 0.25


def now_ms():
    return int(time.time() * 1000)


async def relay(port, tally=False):
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
                    await ws.send(
                        json.dumps({"type": "welcome", "name": frame["name"], "picks": []})
                    )
                    online = sorted(name for name in names.values() if name)
                    broadcast(
                        names,
                        json.dumps({"type": "presence", "online": online, "viewers": len(names)}),
                    )
                elif frame.get("type") == "pick" and names[ws]:
                    pick = {key: frame.get(key) for key in ("prediction", "choice", "loop")}
                    broadcast(
                        names,
                        json.dumps({"type": "pick", "name": names[ws], **pick, "at": now_ms()}),
                    )
        finally:
            names.pop(ws, None)

    room = TallyRoom(broadcast) if tally else None
    async with serve(
        room.handler if room else handler,
        "127.0.0.1",
        port,
        compression=None,
        ping_interval=None,
        max_queue=None,
    ):
        if room:
            await room.broadcast_tallies()
        await asyncio.Future()


class TallyRoom:
    """The `--tally` relay: own-pick echo, and one tally per changed prediction per window."""

    def __init__(self, broadcast):
        self.broadcast = broadcast
        self.names = {}  # socket → the name it plays as (None until it joins)
        self.picks = {}  # name → {(loop, prediction): its standing pick}
        self.counts = collections.defaultdict(
            collections.Counter
        )  # (loop, prediction) → {choice: n}
        self.versions = {}  # (loop, prediction) → the version of its latest tally
        self.version, self.changed = 0, set()

    def tally(self, key):
        loop, prediction = key
        counts = {choice: n for choice, n in self.counts[key].items() if n}
        return {
            "type": "tally",
            "loop": loop,
            "prediction": prediction,
            "counts": counts,
            "total": sum(counts.values()),
            "version": self.versions.get(key, 0),
        }

    def tallies(self):
        return [self.tally(key) for key in self.counts]

    async def handler(self, ws):
        self.names[ws] = None
        try:
            await ws.send(
                json.dumps(
                    {
                        "type": "hello",
                        "serverNow": now_ms(),
                        "anchor": None,
                        "tallies": self.tallies(),
                        "standings": {},
                    }
                )
            )
            async for message in ws:
                frame = json.loads(message)
                if frame.get("type") == "ping":
                    await ws.send(json.dumps({"type": "pong", "serverNow": now_ms()}))
                elif frame.get("type") == "join":
                    name = self.names[ws] = frame["name"]
                    own = list(self.picks.setdefault(name, {}).values())
                    await ws.send(
                        json.dumps(
                            {
                                "type": "welcome",
                                "name": name,
                                "token": uuid.uuid4().hex,
                                "picks": own,
                                "tallies": self.tallies(),
                                "standings": {},
                            }
                        )
                    )
                elif frame.get("type") == "pick":
                    await ws.send(json.dumps(self.take(ws, frame)))
        finally:
            self.names.pop(ws, None)

    def take(self, ws, frame):
        name = self.names[ws]
        if not name:
            return {
                "type": "pick_rejected",
                "prediction": frame.get("prediction"),
                "reason": "not_joined",
            }
        pick = {
            "name": name,
            **{key: frame.get(key) for key in ("prediction", "choice", "loop")},
            "at": now_ms(),
        }
        key = (pick["loop"], pick["prediction"])
        standing = self.picks[name].get(key)
        if standing:
            self.counts[key][standing["choice"]] -= 1
        self.picks[name][key] = pick
        self.counts[key][pick["choice"]] += 1
        self.changed.add(key)
        return {"type": "pick", **pick}

    async def broadcast_tallies(self):
        while True:
            await asyncio.sleep(TALLY_WINDOW_S)
            for key in sorted(self.changed):
                self.version += 1
                self.versions[key] = self.version
                self.broadcast(self.names, json.dumps(self.tally(key)))
            self.changed.clear()


def start(tally=False):
    """(url, process) of a fresh bare relay, listening; with `tally`, in the pick-tally mode."""
    port, process = start_listening("bench.bare_websockets", PORT, *(["--tally"] if tally else []))
    return f"ws://127.0.0.1:{port}/", process


if __name__ == "__main__":
    asyncio.run(relay(int(sys.argv[1]), tally="--tally" in sys.argv[2:]))
