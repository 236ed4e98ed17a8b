"""Whole Rally sites in subprocesses, exactly as an operator runs them.

Used by the test harness (conftest.py) and the benchmarks (bench/).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT_S = 40


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

    def start(self, command="serve", env=None, port=None):
        """Start a node: `serve` (the whole site), `web` (a web node as the README deploys it:
        `serve --web-only`) or `daphne` (the bare daphne CLI); on `port` to restart a stopped
        node where its pages reconnect."""
        port = port or free_port()
        serve = [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)]
        argv = {
            "serve": serve,
            "web": [*serve, "--web-only"],
            "daphne": [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "rally.asgi:application"],
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
                argv, cwd=BASE_DIR, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
            )
        node = Node(process, port, log_path)
        self.nodes.append(node)
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
