"""The machine's services as the tests reach them (PostgreSQL, Redis, Chromium), and the one rule
for a missing one: skip loudly, or fail under `.ci/run` (RALLY_REQUIRE_SERVICES=1)."""

import os
import socket

import pytest

REQUIRE_SERVICES = os.environ.get("RALLY_REQUIRE_SERVICES") == "1"
POSTGRES_ADMIN_URL = os.environ.get(
    "RALLY_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
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
