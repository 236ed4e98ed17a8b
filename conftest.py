"""The test harness: real services, real servers, a real browser.

Tests that need PostgreSQL, Redis or Chromium skip with a loud reason where the machine
lacks them, except under `.ci/run`, which sets RALLY_REQUIRE_SERVICES=1 and turns every
such skip into a failure.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent
REQUIRE_SERVICES = os.environ.get("RALLY_REQUIRE_SERVICES") == "1"
POSTGRES_ADMIN_URL = os.environ.get("RALLY_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_TEST_URL = os.environ.get("RALLY_TEST_REDIS", "redis://127.0.0.1:6379/0")
CHROMIUM = os.environ.get("RALLY_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 40


def service_unavailable(reason):
    """Skip loudly, or fail under CI where every service must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} — RALLY_REQUIRE_SERVICES=1 (CI) requires it", pytrace=False)
    pytest.skip(f"SERVICE MISSING, TEST NOT RUN: {reason}")


def port_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# PostgreSQL and Redis


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    if not port_open("127.0.0.1", 5432):
        service_unavailable("PostgreSQL is not listening on 127.0.0.1:5432")
    import psycopg

    name = f"rally_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url():
    if not port_open("127.0.0.1", 6379):
        service_unavailable("Redis is not listening on 127.0.0.1:6379")
    return REDIS_TEST_URL


# Whole sites in subprocesses, exactly as an operator runs them


class Node:
    def __init__(self, process, port, log_path):
        self.process, self.port, self.log_path = process, port, log_path
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}"

    def log(self):
        return self.log_path.read_text(errors="replace")

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
        self.env = {**os.environ, "DATABASE_URL": database_url or f"sqlite:///{workdir / 'db.sqlite3'}"}
        self.env.pop("REDIS_URL", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
            self.env["CHANNEL_PREFIX"] = f"rally-test-{uuid.uuid4().hex[:8]}"
        self.env.update(env or {})
        self.nodes = []

    def manage(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR, env=self.env, capture_output=True, text=True, timeout=120,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def prepare(self, *anchor_args):
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("seed_replay")
        self.manage("ensure_anchor", *anchor_args)
        return self

    def start(self, command="serve", env=None):
        """Start a node: `serve` (the whole site) or `daphne` (a web node only)."""
        port = free_port()
        argv = {
            "serve": [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
            "daphne": [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "rally.asgi:application"],
        }[command]
        log_path = self.workdir / f"node-{len(self.nodes)}-{port}.log"
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                argv, cwd=BASE_DIR, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
            )
        node = Node(process, port, log_path)
        self.nodes.append(node)
        _wait_until_healthy(node)
        return node

    @property
    def url(self):
        return self.nodes[0].url

    def stop(self):
        for node in self.nodes:
            node.stop()


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


@pytest.fixture
def site_factory(tmp_path_factory):
    sites = []

    def make(database_url=None, redis_url=None, env=None):
        site = Site(tmp_path_factory.mktemp("site"), database_url, redis_url, env)
        sites.append(site)
        return site

    yield make
    for site in sites:
        site.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The embedded default (SQLite, in-memory layer) served whole by `manage.py serve`."""
    site = Site(tmp_path_factory.mktemp("site")).prepare()
    site.start("serve")
    yield site
    site.stop()


# The browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        service_unavailable(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
