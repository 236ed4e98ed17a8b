"""Fixtures the football page's browser tests share (imported by the modules that use them): one
whole site per module polling the fake SportMonks server, which answers whatever the module put
in its `feed`."""

import pytest

from testsupport.site import Site

from .fake_sportmonks import FakeSportMonks


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
