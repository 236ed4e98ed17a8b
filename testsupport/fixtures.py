"""Fixtures every app's tests share (a pytest plugin, registered by the root conftest): axe-core's
source, one whole site per module polling the fake SportMonks server, which answers whatever
the module put in its `feed`, match pages opened by fans of their own, and a Redis of the test's
own to stop and count in."""

import pytest

from testsupport.axe import AXE
from testsupport.fake_sportmonks import FakeSportMonks
from testsupport.faults import PrivateRedis
from testsupport.replay import CONNECTED
from testsupport.site import Site


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install-test` (npm ci) first")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def feed():
    """{fixture id: v3 payload}: what the fake SportMonks serves as live, as the test sets it."""
    return {}


@pytest.fixture(scope="module")
def fake_site(tmp_path_factory, feed):
    with FakeSportMonks() as fake:
        fake.fixtures = lambda: list(feed.values())
        site = Site(tmp_path_factory.mktemp("football"), env=fake.site_env()).prepare()
        site.start("serve")
        yield site
        site.stop()


@pytest.fixture
def open_match_page(browser):
    """Opens a match page in a context of its own (a fan of their own): `open_(site, slug, viewport)`.
    Closes them all after the test, which fails on any JavaScript error they met."""
    contexts, errors = [], []

    def open_(site, slug, viewport, **options):  # options: is_mobile, has_touch…
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{site.url}/matches/{slug}/")
        page.wait_for_selector("[data-live-page][data-ready=true]")
        page.wait_for_selector(CONNECTED)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own (testsupport.faults.PrivateRedis), never the machine's."""
    if not PrivateRedis.available():
        from testsupport.services import service_unavailable

        service_unavailable("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()
