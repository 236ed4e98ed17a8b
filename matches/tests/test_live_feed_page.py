"""The feed page as a fan sees it: a real site polling a fake SportMonks, a real browser.

The site runs whole (`manage.py serve`) with its poller pointed at the local fake. When the
fake's fixture changes, one COMPOSITE_UPDATE reaches the page, and score, clock, chart and
vidiprinter change in the same paint.
"""

import time

import pytest

from testsupport.football import open_page, play, state_of
from testsupport.v3_payloads import AWAY, HOME, event, fixture, pressure, score

pytestmark = pytest.mark.browser

# What the page shows, read in the same microtask as each DOM change: a composite applied in
# one pass never shows a new score beside an old clock, chart or vidiprinter.
WATCH_PAINTS = """() => {
  const page = document.querySelector("[data-live-page]");
  const read = () => {
    const board = page.querySelector("[data-scoreboard]").dataset;
    return [board.homeScore, board.awayScore, board.elapsed,
            page.querySelector("[data-pressure-chart]").dataset.points,
            page.querySelectorAll("[data-vidiprinter] li").length].join(" ");
  };
  window.paints = [read()];
  new MutationObserver(() => window.paints.push(read()))
    .observe(page, { subtree: true, childList: true, attributes: true, characterData: true });
}"""


def first_half_at_39(fixture_id, now):
    """1-0 to City, 38:10 into the first half, pressure to minute 38."""
    return fixture(
        fixture_id,
        periods=[
            {
                "id": 11,
                "started": int(now - 38 * 60 - 10),
                "ended": None,
                "counts_from": 0,
                "ticking": True,
                "sort_order": 1,
            }
        ],
        pressure=[p for minute in range(1, 39) for p in pressure(minute, 60, 40)],
    )


def second_half_at_48(fixture_id, now):
    """1-1 after Cissé's goal, 2:30 into the second half; Barton not yet sent off; pressure to 47."""
    first = {
        "id": 11,
        "started": int(now - 65 * 60),
        "ended": int(now - 17 * 60),
        "counts_from": 0,
        "ticking": False,
        "sort_order": 1,
    }
    second = {
        "id": 12,
        "started": int(now - 150),
        "ended": None,
        "counts_from": 45,
        "ticking": True,
        "sort_order": 2,
    }
    return fixture(
        fixture_id,
        state="INPLAY_2ND_HALF",
        state_id=22,
        periods=[first, second],
        events=[
            event(1, 14, 39, player="Pablo Zabaleta", result="1-0"),
            event(2, 14, 48, team=AWAY, player="Djibril Cissé", result="1-1"),
            event(3, 19, 44, player="Someone Booked"),
        ],
        scores=[
            score("CURRENT", "home", 1),
            score("CURRENT", "away", 1),
            score("1ST_HALF", "home", 1, 1),
            score("1ST_HALF", "away", 0, 1),
        ],
        pressure=[p for minute in range(1, 48) for p in pressure(minute, 55, 45)],
    )


def scoreboard(page):
    board = page.locator("[data-scoreboard]")
    return {
        key: board.get_attribute(f"data-{key}")
        for key in ("home-score", "away-score", "elapsed", "state")
    }


def test_a_composite_changes_score_clock_chart_and_vidiprinter_together(fake_site, feed, page):
    slug = play(fake_site, feed, first_half_at_39(1, time.time()))
    open_page(page, fake_site, slug)
    assert scoreboard(page) == {
        "home-score": "1",
        "away-score": "0",
        "elapsed": "39'",
        "state": "INPLAY_1ST_HALF",
    }
    assert page.locator("[data-pressure-chart]").get_attribute("data-points") == "38"
    assert page.locator("[data-vidiprinter] li").all_inner_texts() == [
        "39'\nGOAL\nMCI\nPablo Zabaleta\n1-0"
    ]
    page.evaluate(WATCH_PAINTS)

    feed[1] = second_half_at_48(1, time.time())
    page.wait_for_function(
        "() => document.querySelector('[data-scoreboard]').dataset.awayScore === '1'",
        timeout=20_000,
    )

    assert scoreboard(page) == {
        "home-score": "1",
        "away-score": "1",
        "elapsed": "48'",
        "state": "INPLAY_2ND_HALF",
    }
    assert page.locator("[data-pressure-chart]").get_attribute("data-points") == "47"
    lines = page.locator("[data-vidiprinter] li")
    assert [lines.nth(i).get_attribute("data-minute") for i in range(lines.count())] == [
        "39'",
        "48'",
    ]
    assert lines.nth(1).get_attribute("class") == "vp-line vp-goal"
    assert page.locator("[data-banner-text]").inner_text() == "Second half under way"
    paints = page.evaluate("window.paints")
    assert set(paints) == {"1 0 39' 38 1", "1 1 48' 47 2"}, paints
    page.screenshot(path=str(fake_site.workdir / "feed-page.png"))


def test_the_vidiprinter_colours_each_kind_in_stoppage_aware_order(fake_site, feed, page):
    slug = play(
        fake_site,
        feed,
        fixture(
            2,
            events=[
                event(1, 14, 90, 4, player="Late Winner"),
                event(2, 20, 55, team=AWAY, player="Joey Barton"),
                event(3, 10, 60),
                event(4, 16, 70, result="2-0"),
                event(5, 17, 80, team=AWAY),
                event(6, 18, 85),
                event(7, 14, 45, 2, player="Stoppage Scorer"),
                event(8, 14, 46),
            ],
        ),
    )
    open_page(page, fake_site, slug)
    lines = page.locator("[data-vidiprinter] li")
    shown = [
        (lines.nth(i).get_attribute("data-minute"), lines.nth(i).get_attribute("data-kind"))
        for i in range(lines.count())
    ]
    assert shown == [
        ("45+2'", "goal"),
        ("46'", "goal"),
        ("55'", "red_card"),
        ("60'", "var"),
        ("70'", "penalty_scored"),
        ("80'", "penalty_missed"),
        ("90+4'", "goal"),
    ]
    colours = {
        kind: page.locator(f".vp-{kind} .vp-kind").first.evaluate("e => getComputedStyle(e).color")
        for _, kind in shown
    }
    assert colours == {
        "goal": "rgb(255, 176, 32)",
        "red_card": "rgb(255, 77, 79)",
        "var": "rgb(77, 163, 255)",
        "penalty_scored": "rgb(60, 207, 110)",
        "penalty_missed": "rgb(255, 138, 61)",
    }


def test_the_lobby_lists_the_feed_fixture_with_its_live_score_and_clock(fake_site, feed, page):
    slug = play(fake_site, feed, first_half_at_39(3, time.time()))
    page.goto(fake_site.url)
    card = page.locator(f'[data-fixture="{slug}"]')
    assert card.locator("[data-lobby-score]").inner_text() == "1–0"
    assert card.locator("[data-lobby-clock]").inner_text() == "39'"
    assert card.locator("[data-lobby-status]").inner_text().lower() == "1st half"
    assert page.locator('[data-kind="replay"]').count() == 1


def test_the_state_endpoint_answers_a_feed_fixture_with_its_last_composite(fake_site, feed):
    slug = play(fake_site, feed, first_half_at_39(4, time.time()))
    state = state_of(fake_site, slug)
    assert state["kind"] == "feed" and isinstance(state["serverNow"], int)
    snapshot = state["snapshot"]
    assert snapshot["type"] == "COMPOSITE_UPDATE" and snapshot["fixture"] == slug
    assert (snapshot["scores"]["home"], snapshot["scores"]["away"]) == (1, 0)
    assert len(snapshot["pressure"]) == 38
    assert {HOME, AWAY} == {snapshot["teams"]["home"]["id"], snapshot["teams"]["away"]["id"]}
