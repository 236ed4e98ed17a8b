"""Faults on demand for tests: a Redis of the test's own to restart, a TCP link to cut.

Never the machine's services: a test that restarted the shared Redis on 6379 would break every
other test (and anything else) using it.
"""

import asyncio
import shutil
import socket
import subprocess
import threading
import time

from testsupport.site import free_port

START_TIMEOUT_S = 10


class PrivateRedis:
    """A redis-server on a free port, without persistence: a restart loses every key, as a
    crashed Redis without a disk would."""

    def __init__(self, workdir):
        self.workdir, self.port, self.process = workdir, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def available():
        return shutil.which("redis-server") is not None

    def start(self):
        argv = [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
        ]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self, down_for_s=1.0):
        self.stop()
        time.sleep(down_for_s)
        self.start()


class TcpProxy:
    """Forwards a local port to `target_port`. `cut()` drops every open connection and refuses
    new ones (the database is unreachable); `restore()` accepts again on the same port."""

    def __init__(self, target_port):
        self.target_port, self.port = target_port, free_port()
        self.loop = asyncio.new_event_loop()
        self.server, self.links = None, set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(START_TIMEOUT_S)

    def start(self):
        self._run(self._listen())
        return self

    restore = start

    def cut(self):
        self._run(self._cut())

    def close(self):
        self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)

    async def _listen(self):
        self.server = await asyncio.start_server(self._link, "127.0.0.1", self.port)

    async def _cut(self):
        if self.server:
            self.server.close()
            self.server = None
        for writer in list(self.links):
            writer.transport.abort()  # a reset, as when the network or the server goes away
        self.links.clear()

    async def _link(self, client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
        except OSError:
            client_writer.transport.abort()
            return
        self.links |= {client_writer, upstream_writer}
        await asyncio.gather(
            _pipe(client_reader, upstream_writer), _pipe(upstream_reader, client_writer)
        )
        self.links -= {client_writer, upstream_writer}


async def _pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.transport.abort()


def _wait_for_port(port):
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listening on {port} after {START_TIMEOUT_S}s")
