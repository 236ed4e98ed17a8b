"""The test harness: real services, real servers, a real browser.

Tests that need PostgreSQL, Redis or Chromium skip with a loud reason where the machine
lacks them, except under `.ci/run`, which sets RALLY_REQUIRE_SERVICES=1 and turns every
such skip into a failure.

`make test` runs the suite on several pytest-xdist workers (testsupport/schedule.py says how
tests are shared out). Each worker has its own of everything a test writes to: the test
database (pytest-django's suffix), a PostgreSQL database per test, a Redis database number and
channel prefix per site, ports from a range of its own (testsupport.site.free_port) and
pytest's temporary directories.
"""

import os
import shutil
import uuid
from pathlib import Path

import pytest

from testsupport.services import (
    CHROMIUM,
    CHROMIUM_ARGS,
    POSTGRES_ADMIN_URL,
    REDIS_TEST_URL,
    port_open,
    service_unavailable,
)
from testsupport.site import TEST_DATABASE_PREFIX, Site

pytest_plugins = ["testsupport.schedule", "testsupport.fixtures"]

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1… under pytest-xdist
# PostgreSQL and Redis


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    if not port_open("127.0.0.1", 5432):
        service_unavailable("PostgreSQL is not listening on 127.0.0.1:5432")
    import psycopg

    name = f"{TEST_DATABASE_PREFIX}{WORKER}{'_' if WORKER else ''}{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url():
    """The machine's Redis, on a database number of this worker's own (gw0 the configured one,
    gw1 the next…); sites add a channel prefix of their own (testsupport.site)."""
    if not port_open("127.0.0.1", 6379):
        service_unavailable("Redis is not listening on 127.0.0.1:6379")
    return worker_redis_url(REDIS_TEST_URL)


def worker_redis_url(url):
    if not WORKER:
        return url
    base, _, number = url.rpartition("/")
    if not number.isdigit():
        return url
    return f"{base}/{(int(number) + int(WORKER[2:])) % 16}"


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


# The replay


@pytest.fixture
def replay(db):
    """The seeded replay fixture with its anchor, as `make run` leaves it."""
    from django.core.management import call_command

    from matches.models import Fixture

    call_command("seed_replay", stdout=None)
    call_command("ensure_anchor", stdout=None)
    return Fixture.objects.select_related("anchor").get(slug="fiba-2019-bronze")


# The browser


@pytest.fixture(scope="module")
def browser():
    """Per module: sync Playwright keeps an event loop running in this thread while it is
    open, which would break every later test that starts a loop of its own."""
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        service_unavailable(
            f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        )
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
    # A Content-Security-Policy violation is only a console message: it fails the test too.
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """In-process tests hash passwords with MD5: Django's PBKDF2 spends ~0.35 s of CPU on every
    account made and every sign-in tried (the login lockout tests try dozens), and the suite
    shares two cores. Sites in subprocesses (testsupport.site) keep the real hasher."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_state_cache():
    """The state endpoint caches for a second, the standings summary per resolution; no test may
    see another test's rows."""
    from matches import views
    from predictions import services

    views._state_cache.clear()
    views._unknown_cache.clear()
    services._summaries.clear()  # the standings summary is cached per fixture id
