"""A fan owns their name in the browser: a reload or a server restart rejoins by itself with the
picks back, and another browser cannot take the name while its owner may come back."""

import time

import pytest
from playwright.sync_api import expect

from rally.http import now_ms
from testsupport.browser import DESK, PHONE, join, pick
from testsupport.replay import CONNECTED, SLUG

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]
JOINED = "[data-join-status][data-state=joined]"


@pytest.fixture
def game_site(site_factory):
    site = site_factory(env={"PRESENCE_COALESCE_S": "0.2"})
    # Tip-off in ten minutes: the first-quarter questions stay open through the test.
    site.prepare("--tick-ms", "60000", "--base-started-at", str(now_ms() + 600_000))
    site.start("serve")
    return site


def open_game(browser, site, viewport=DESK):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{site.url}/matches/{SLUG}/")
    page.wait_for_selector("[data-live-page][data-ready=true]")
    page.wait_for_selector(CONNECTED)
    return context, page


def joined_ms(page, since):
    page.wait_for_selector(JOINED, timeout=15_000)
    return round((time.monotonic() - since) * 1000)


def test_a_reload_keeps_the_name_and_the_picks(browser, game_site, tmp_path):
    context, page = open_game(browser, game_site)
    expect(join(page, "Zed")).to_have_attribute("data-state", "joined")
    pick(page, "q1-leader", "AUS")
    started = time.monotonic()
    page.reload()
    took = joined_ms(page, started)
    expect(page.locator("[data-join-status]")).to_contain_text("Zed")
    expect(page.locator("[data-join-name]")).to_have_value("Zed")
    expect(page.locator('[data-prediction="q1-leader"] [data-option="AUS"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    page.screenshot(path=tmp_path / "reloaded.png")
    print(f"\nreload → joined: {took} ms")
    context.close()


def test_another_browser_cannot_take_the_name_while_it_is_reserved(browser, game_site, tmp_path):
    owner, page = open_game(browser, game_site)
    expect(join(page, "Zed")).to_have_attribute("data-state", "joined")
    owner.close()  # the owner's tab is gone: its grace starts
    other, impostor = open_game(browser, game_site, PHONE)
    status = join(impostor, "zed")
    expect(status).to_have_attribute("data-state", "refused")
    expect(status).to_contain_text("zed is reserved for a moment")
    impostor.screenshot(path=tmp_path / "reserved.png")
    other.close()


def test_a_server_restart_under_an_open_page_rejoins_within_seconds(browser, game_site):
    context, page = open_game(browser, game_site)
    expect(join(page, "Zed")).to_have_attribute("data-state", "joined")
    pick(page, "q1-leader", "FRA")
    node = game_site.nodes[0]
    node.stop()
    page.wait_for_selector("[data-join-status][data-state=offline]", timeout=10_000)
    game_site.start("serve", port=node.port)
    restarted = time.monotonic()
    took = joined_ms(page, restarted)
    assert took < 10_000
    expect(page.locator('[data-prediction="q1-leader"] [data-option="FRA"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    print(f"\nserver up → joined: {took} ms")
    context.close()
