"""Shared by the socket benchmarks: many client sockets, the scaled-out site, a process' memory."""

import asyncio
import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from testsupport.site import BASE_DIR, ONE_ADDRESS_MANY_FANS, Site, free_port

CLIENT = {
    "compression": None,
    "ping_interval": None,
    "proxy": None,
    "open_timeout": 30,
    "max_queue": None,
}
CONNECT_BATCH = 50
ROOM = "/ws/matches/fiba-2019-bronze/"
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
# A replay sequence lasts ten minutes: the first predictions (q1-leader, open in sequences 1–10)
# stay open through any benchmark run, so a benchmark's picks are judged valid and relayed.
SLOW_REPLAY = ("--tick-ms", "600000")


def raise_file_limit(sockets):
    """Each socket costs a descriptor on both ends when server and clients share the machine."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 2 * sockets + 512)), hard))


PORT = object()  # where start_listening puts the free port in a command line


def start_listening(*args):
    """(port, process) of a baseline server, `python -m *args` with PORT filled in, once it listens."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", *(str(port) if arg is PORT else arg for arg in args)],
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return port, process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{' '.join(args[:1])} did not start")


def client_for(url):
    """The websockets client options, with the Origin of a page of the node at `url`."""
    return {**CLIENT, "origin": "http://" + url.split("://", 1)[1].split("/", 1)[0]}


async def connect_many(url, count):
    """`count` open sockets, connected in batches so the server's accept queue never overflows."""
    from websockets.asyncio.client import connect

    sockets = []
    while len(sockets) < count:
        batch = min(CONNECT_BATCH, count - len(sockets))
        sockets += await asyncio.gather(*(connect(url, **client_for(url)) for _ in range(batch)))
    return sockets


async def close_all(sockets):
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


async def next_of(ws, *types):
    while True:
        message = json.loads(await ws.recv())
        if message["type"] in types:
            return message


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class ScaledOutSite:
    """A scratch PostgreSQL database and a Redis prefix: a site as deployed. `None` from
    `create()` when either service is missing (the benchmark then says so and skips it)."""

    def __init__(self, database, env):
        self.database = database
        url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
        workdir = Path(tempfile.mkdtemp(prefix="rally-bench-"))
        env = {**ONE_ADDRESS_MANY_FANS, **(env or {})}
        self.site = Site(workdir, url, REDIS_URL, env).prepare(*SLOW_REPLAY)

    @classmethod
    def create(cls, env=None):
        try:
            import psycopg

            socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
            database = f"rally_bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=2) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
        except Exception as error:
            print(f"scaled-out run skipped: {error}", file=sys.stderr)
            return None
        return cls(database, env)

    def close(self):
        import psycopg

        self.site.stop()
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
