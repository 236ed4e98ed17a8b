"""A crowd arriving: N sockets opened in batches (50 every 0.3 s, as at kick-off), then one fan
joins. Does the server count every socket, and does every socket get the room's message?

Every socket is read all along by its own task (a page reads its socket). After the last batch
and a settle, a probe socket's `hello` says how many viewers the server counts; then a fan joins
and we count the sockets that receive a message naming them within DELIVERY_S, and the sockets
the server closed (a page would see those and reconnect).

Run: .venv/bin/python -m bench.arrival N URL [URL …]    (nodes must be running; sockets are spread
over them, the probe on the first; not part of `make test`)
"""

import asyncio
import json
import sys
import time
import uuid

from bench.sockets import client_for, next_of, raise_file_limit

BATCH, EVERY_S = 50, 0.3
SETTLE_S = 5.0
DELIVERY_S = 10.0


class Crowd:
    def __init__(self, urls):
        self.urls, self.sockets, self.readers = urls, [], []
        self.name, self.reached, self.closed, self.failed = None, set(), set(), 0

    async def arrive(self, count):
        from websockets.asyncio.client import connect

        pending = []
        for start in range(0, count, BATCH):
            urls = [
                self.urls[index % len(self.urls)]
                for index in range(start, min(start + BATCH, count))
            ]
            pending += [asyncio.ensure_future(connect(url, **client_for(url))) for url in urls]
            await asyncio.sleep(EVERY_S)
        for result in await asyncio.gather(*pending, return_exceptions=True):
            if isinstance(result, BaseException):
                self.failed += 1
            else:
                self.readers.append(asyncio.ensure_future(self._read(len(self.sockets), result)))
                self.sockets.append(result)

    async def _read(self, index, ws):
        try:
            async for raw in ws:
                if self.name and self.name in raw:
                    self.reached.add(index)
        except Exception:
            pass
        self.closed.add(index)

    async def probe(self):
        """(viewers the server counts, sockets reached by a fan's join within DELIVERY_S, seconds to 99 %)."""
        from websockets.asyncio.client import connect

        async with connect(self.urls[0], **client_for(self.urls[0])) as fan:
            viewers = (await next_of(fan, "hello"))["viewers"]
            self.name = f"crowd-{uuid.uuid4().hex[:6]}"
            started = time.perf_counter()
            await fan.send(json.dumps({"type": "join", "name": self.name}))
            to_99 = None
            while time.perf_counter() - started < DELIVERY_S:
                if to_99 is None and len(self.reached) >= 0.99 * len(self.sockets):
                    to_99 = time.perf_counter() - started
                await asyncio.sleep(0.05)
        return viewers - 1, len(self.reached), to_99  # the probe counts itself

    async def close(self):
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)


async def measure(urls, count):
    crowd = Crowd(urls)
    try:
        await crowd.arrive(count)
        await asyncio.sleep(SETTLE_S)
        viewers, reached, to_99 = await crowd.probe()
        return {
            "opened": len(crowd.sockets),
            "failed": crowd.failed,
            "closed by server": len(crowd.closed),
            "counted": viewers,
            "reached": reached,
            "s to 99 %": to_99,
        }
    finally:
        await crowd.close()


if __name__ == "__main__":
    raise_file_limit(int(sys.argv[1]) + 10)
    print(asyncio.run(measure(sys.argv[2:], int(sys.argv[1]))))
