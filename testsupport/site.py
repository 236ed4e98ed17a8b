"""Whole Rally sites in subprocesses, exactly as an operator runs them.

Used by the test harness (conftest.py) and the benchmarks (bench/).
"""

import atexit
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT_S = 40
PORTS_FROM = 20000  # up to the kernel's ephemeral range, where no client socket takes a port
# Databases the harness made for one test (conftest.postgres_url): the only ones prepare() may
# drop and create again from a template.
TEST_DATABASE_PREFIX = "rally_t_"


def _port_range():
    """This process's own ports: 20000 up to the ephemeral range, split among the run's pytest-xdist
    workers (PYTEST_XDIST_WORKER gwN of PYTEST_XDIST_WORKER_COUNT), so two workers never hand out
    the same port and no client socket's ephemeral port takes one between the probe and the bind."""
    try:
        ephemeral_from = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    if ephemeral_from - PORTS_FROM < 1000:
        return None
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0) % count
    size = (ephemeral_from - PORTS_FROM) // count
    return PORTS_FROM + index * size, PORTS_FROM + (index + 1) * size


_handed_out = set()


# A benchmark or test client is one machine playing thousands of fans from one address:
# lift the per-address abuse limits that would (rightly) stop it in production.
ONE_ADDRESS_MANY_FANS = {
    "RELAY_MAX_SOCKETS_PER_ADDRESS": "1000000",
    "RELAY_FRAMES_PER_ADDRESS_PER_S": "1000000",
    "RELAY_FRAME_BURST_PER_ADDRESS": "1000000",
    "RELAY_JOINS_PER_ADDRESS_PER_MIN": "1000000",
    "RELAY_JOIN_BURST_PER_ADDRESS": "1000000",
    "RELAY_NAMES_PER_ADDRESS_PER_LOOP": "1000000",
    "RELAY_CONNECTS_PER_ADDRESS_PER_S": "1000000",
    "RELAY_CONNECT_BURST_PER_ADDRESS": "1000000",
}


def free_port():
    """A port nothing listens on, not handed out before by this process: picked at random from
    this worker's range (another run's workers pick at random too), else the kernel's choice."""
    span = _port_range()
    for _ in range(100 if span else 0):
        port = random.randrange(*span)
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Node:
    def __init__(self, process, port, log_path):
        self.process, self.port, self.log_path = process, port, log_path
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}"

    def log(self):
        return self.log_path.read_text(errors="replace")

    def rss_bytes(self):
        """The node process's resident memory (Linux)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmRSS")

    def stop(self, kill=False):
        if self.process.poll() is None:
            (self.process.kill if kill else self.process.terminate)()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Site:
    """One deployment: a database, a channel layer, and any number of web nodes on it."""

    def __init__(self, workdir, database_url=None, redis_url=None, env=None):
        self.workdir = workdir
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
        }
        self.env.pop("REDIS_URL", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
            self.env["CHANNEL_PREFIX"] = f"rally-test-{uuid.uuid4().hex[:8]}"
        self.env.update(env or {})
        self.nodes = []
        self.seeded = False

    def manage(self, *args, check=True, env=None):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result

    def prepare(self, *anchor_args):
        """migrate, seed_replay and ensure_anchor, as `make run` does."""
        self.seed()
        self.manage("ensure_anchor", *anchor_args)
        return self

    def seed(self):
        """migrate and seed_replay (once). They give every fresh database the same rows, so they
        run once per process and engine: later sites start from a copy of that database (SQLite:
        the file; PostgreSQL: CREATE DATABASE … TEMPLATE). RALLY_TEST_TEMPLATE_DB=0 runs them
        every time. A test that times the replay from now calls this first, then prepare()."""
        if not self.seeded and not _from_template(self):
            self.manage("migrate", "--noinput", "-v", "0")
            self.manage("seed_replay")
        self.seeded = True
        return self

    def start(self, command="serve", env=None, port=None):
        """Start a node: `serve` (the whole site), `web` (a web node as the README deploys it:
        `serve --web-only`) or `daphne` (the bare daphne CLI); on `port` to restart a stopped
        node where its pages reconnect."""
        port = port or free_port()
        serve = [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)]
        argv = {
            "serve": serve,
            "web": [*serve, "--web-only"],
            "daphne": [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "rally.asgi:application",
            ],
        }[command]
        node = self._spawn(argv, port, env)
        _wait_until_healthy(node)
        return node

    def start_worker(self, *args, env=None):
        """Start `manage.py worker ARGS…` (no web server: nothing to wait for)."""
        return self._spawn([sys.executable, "manage.py", "worker", *args], None, env)

    def _spawn(self, argv, port, env):
        log_path = self.workdir / f"process-{len(self.nodes)}-{port or 'worker'}.log"
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                argv,
                cwd=BASE_DIR,
                env={**self.env, **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        node = Node(process, port, log_path)
        self.nodes.append(node)
        return node

    @property
    def url(self):
        return self.nodes[0].url

    def stop(self):
        """Every node at once (SIGTERM to all, then wait for each): a graceful stop takes a while."""
        for node in self.nodes:
            if node.process.poll() is None:
                node.process.terminate()
        for node in self.nodes:
            node.stop()


# Databases after migrate and seed_replay, made once per process: {engine: template}.
_templates = {}


def _from_template(site):
    """Give a fresh database of `site` the rows of migrate + seed_replay by copying a template.
    False where it cannot (an existing SQLite file, a database the harness did not make, or
    templates switched off): then the commands run."""
    if os.environ.get("RALLY_TEST_TEMPLATE_DB", "1") == "0":
        return False
    url = urlsplit(site.env["DATABASE_URL"])
    if site.env["DATABASE_URL"].startswith("sqlite:////"):  # an absolute path, as Site's default
        target = Path("/" + url.path.lstrip("/"))
        if target.exists():
            return False
        template = _templates.get("sqlite") or _make_sqlite_template()
        with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return True
    if url.scheme in ("postgres", "postgresql") and url.path.lstrip("/").startswith(
        TEST_DATABASE_PREFIX
    ):
        name = url.path.lstrip("/")
        template = _templates.get("postgres") or _make_postgres_template(url)
        with _postgres_admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return True
    return False


def _seed(database_url):
    """migrate and seed_replay into `database_url`, in the environment of no site in particular:
    a template's rows never depend on which test's site made it."""
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    for args in (("migrate", "--noinput", "-v", "0"), ("seed_replay",)):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )


def _make_sqlite_template():
    directory = Path(tempfile.mkdtemp(prefix="rally-template-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    template = directory / "db.sqlite3"
    _seed(f"sqlite:///{template}")
    _templates["sqlite"] = template
    return template


def _postgres_admin(url):
    import psycopg

    return psycopg.connect(
        url._replace(scheme="postgresql", path="/postgres").geturl(), autocommit=True
    )


def _make_postgres_template(url):
    template = f"{TEST_DATABASE_PREFIX}template_{uuid.uuid4().hex[:8]}"
    with _postgres_admin(url) as admin:
        admin.execute(f'CREATE DATABASE "{template}"')
    atexit.register(_drop_postgres_template, url, template)
    _seed(url._replace(path=f"/{template}").geturl())
    _templates["postgres"] = template
    return template


def _drop_postgres_template(url, template):
    try:
        with _postgres_admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    except Exception:  # the server may be gone already; a leftover template is harmless
        pass


def _wait_until_healthy(node):
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            raise AssertionError(f"node exited with {node.process.returncode}:\n{node.log()}")
        try:
            with urllib.request.urlopen(f"{node.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    node.stop(kill=True)
    raise AssertionError(f"node not healthy after {SERVER_START_TIMEOUT_S}s:\n{node.log()}")
