"""Football where it gets hard, as a fan sees it in Chromium: a red card the referee rescinded, a
goal the VAR disallowed and a penalty shoot-out, from SportMonks payloads shaped as its
documentation shows them (sportmonks_docs/), served by the fake SportMonks to a whole site."""

import time

import pytest

from testsupport.documented import as_if_now, load
from testsupport.football import open_page, state_of, wait_for

pytestmark = pytest.mark.browser


KICKOFF_SHIFTS = {}  # fixture id → how far its first reading was moved: one kick-off per match


def play(site, feed, name, index, fixture_id):
    """Reading `index` of a documented file in play now, as fixture `fixture_id`; its slug once stored."""
    reading = [r for r in load(name)["readings"] if "fixture" in r][index]
    now = time.time()
    shift = KICKOFF_SHIFTS.setdefault(fixture_id, int(now - reading["_at"]))
    payload = as_if_now(reading, now, fixture_id, kickoff_shift=shift)
    feed[fixture_id] = payload
    slug = f"rro-v-fee-{fixture_id}"
    wait_for(
        lambda: (
            state_of(site, slug)["snapshot"].get("state", {}).get("code")
            == payload["state"]["developer_name"]
            or (
                state_of(site, slug)["snapshot"].get("hash")
                and payload["state"]["developer_name"] == "INPLAY_ET_SECOND_HALF"
            )
        )
    )
    return slug


def shot(page, site, name):
    path = site.workdir / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_a_rescinded_red_card_is_struck_through_and_marked_rescinded(fake_site, feed, page):
    slug = play(fake_site, feed, "rescinded_red_card.json", 0, 41)
    open_page(page, fake_site, slug)
    card = page.locator('[data-vidiprinter] li[data-minute="70\'"]')
    assert card.get_attribute("data-kind") == "red_card"
    play(fake_site, feed, "rescinded_red_card.json", 1, 41)
    page.wait_for_selector('[data-vidiprinter] li[data-rescinded="true"]', timeout=20_000)
    card = page.locator('[data-vidiprinter] li[data-rescinded="true"]')
    assert card.inner_text().split("\n") == ["70'", "RED CARD", "FEE", "Evan Away", "rescinded"]
    assert "line-through" in card.locator(".vp-kind").evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    line = page.locator('[data-timeline] li[data-rescinded="true"]')
    assert line.get_attribute("data-type") == "red_card" and "rescinded" in line.inner_text()
    assert "line-through" in line.locator(".tl-kind").evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    shot(page, fake_site, "rescinded-card.png")


def test_the_var_decision_replaces_the_disallowed_goal(fake_site, feed, page):
    slug = play(fake_site, feed, "var_disallowed_goal.json", 1, 42)
    open_page(page, fake_site, slug)
    assert page.locator("[data-scoreboard]").get_attribute("data-away-score") == "1"
    play(fake_site, feed, "var_disallowed_goal.json", 2, 42)
    page.wait_for_selector('[data-vidiprinter] li[data-kind="var"]', timeout=20_000)
    assert page.locator("[data-scoreboard]").get_attribute("data-away-score") == "0"
    var = page.locator('[data-vidiprinter] li[data-kind="var"]')
    assert var.inner_text().split("\n") == ["62'", "VAR", "FEE", "Bo Away", "Goal Disallowed"]
    assert (
        page.locator('[data-vidiprinter] li[data-kind="goal"]').count() == 1
    )  # the 60' goal is gone
    assert "Goal Disallowed" in page.locator('[data-timeline] li[data-type="var"]').inner_text()
    shot(page, fake_site, "var-decision.png")


def test_the_shoot_out_score_is_shown_beside_the_score_after_extra_time(fake_site, feed, page):
    slug = play(fake_site, feed, "penalty_shootout.json", 3, 43)
    open_page(page, fake_site, slug)
    board = page.locator("[data-scoreboard]")
    assert (board.get_attribute("data-home-score"), board.get_attribute("data-away-score")) == (
        "1",
        "1",
    )
    assert board.get_attribute("data-shootout") == "4-3"
    assert page.locator("[data-shootout-score]").inner_text() == "Penalties 4–3"
    assert page.locator("[data-shootout-score]").is_visible()
    assert page.locator("[data-banner-score]").inner_text() == "RRO 1–1 FEE (pens 4–3)"
    assert page.locator(".clock[data-elapsed]").inner_text() == "FT (P)"
    kicks = page.locator('[data-vidiprinter] li[data-kind^="shootout"]')
    assert (
        kicks.count() == 10 and page.locator('[data-vidiprinter] li[data-kind="goal"]').count() == 2
    )
    shot(page, fake_site, "shoot-out.png")
