"""Playing along on the football page, as fans do: a real site polling the local fake SportMonks,
two fans in two Chromium contexts, at desk and phone sizes, and axe-core on the page with its game."""

import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from matches.feed.composite import FINAL_AFTER_S
from testsupport.axe import serious_violations
from testsupport.football import play, state_of
from testsupport.v3_payloads import event, fixture, score

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]
SIZES = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
ROUND = "next-goal-1"  # open from 1' to 6'
SCORE_BUG_IN_VIEW = """() => {
  const box = document.querySelector('[data-score-bug]').getBoundingClientRect();
  return box.top >= 0 && box.bottom <= innerHeight;
}"""


def kicked_off(fixture_id, played_s=90, **includes):
    """Man City v QPR, `played_s` into the first half, goalless unless `includes` say otherwise."""
    started = int(time.time() - played_s)
    periods = [
        {
            "id": 11,
            "started": started,
            "ended": None,
            "counts_from": 0,
            "ticking": True,
            "sort_order": 1,
        }
    ]
    return fixture(
        fixture_id, periods=periods, **({"events": [], "scores": [], "pressure": []} | includes)
    )


def home_goal_at_2(payload):
    return payload | {
        "events": [event(1, 14, 2, player="Sergio Agüero", result="1-0")],
        "scores": [score("CURRENT", "home", 1), score("CURRENT", "away", 0)],
    }


def join(page, name):
    page.fill("[data-join-name]", name)
    page.press("[data-join-name]", "Enter")
    expect(page.locator("[data-join-status]")).to_have_attribute("data-state", "joined")


def pick(page, option):
    button = page.locator(
        f'[data-tray] [data-prediction="{ROUND}"][data-status="open"] [data-option="{option}"]'
    )
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def result(page):
    return page.locator(f'[data-results] [data-prediction="{ROUND}"]')


@pytest.mark.parametrize("size", SIZES)
def test_the_fan_who_backed_the_next_goal_sees_the_reveal_and_leads(
    fake_site, feed, open_match_page, size
):
    fixture_id = 40 + list(SIZES).index(size)
    slug = play(fake_site, feed, kicked_off(fixture_id))
    alice, bob = (
        open_match_page(fake_site, slug, SIZES[size]),
        open_match_page(fake_site, slug, SIZES[size]),
    )
    join(alice, "Alice")
    join(bob, "Bob")
    options = alice.locator(f'[data-tray] [data-prediction="{ROUND}"] .option-label')
    expect(options).to_have_text(
        ["Manchester City", "Queens Park Rangers", "No more goals"]
    )  # waits for the round
    expect(alice.locator(f'[data-prediction="{ROUND}"] .prediction-status')).to_contain_text(
        "locks in"
    )
    pick(alice, "home")
    pick(bob, "away")
    # The live share: each page sees both picks, one on each side.
    expect(
        bob.locator(f'[data-prediction="{ROUND}"] [data-option="home"] .option-share')
    ).to_have_text("50% · 1 pick")
    expect(bob.locator("[data-online] [data-name]")).to_have_count(2)

    feed[fixture_id] = home_goal_at_2(feed[fixture_id])
    for page, verdict, line in [
        (alice, "right", "You got it: +5. Now 1st of 2"),
        (bob, "wrong", "Not this time"),
    ]:
        expect(result(page)).to_have_attribute("data-verdict", verdict, timeout=20_000)
        expect(result(page).locator(".result-answer")).to_have_text("Answer: Manchester City")
        expect(result(page).locator(".result-mine")).to_contain_text(line)
        expect(page.locator("[data-leaderboard-rows] tr").first).to_have_attribute(
            "data-name", "Alice"
        )
        expect(page.locator('[data-leaderboard-rows] tr[data-name="Alice"]')).to_have_attribute(
            "data-points", "5"
        )
        expect(page.locator('[data-leaderboard-rows] tr[data-name="Bob"]')).to_have_attribute(
            "data-rank", "2"
        )
    # The goal opened the next round, naming the teams, in both trays.
    for page in (alice, bob):
        expect(
            page.locator('[data-tray] [data-prediction="next-goal-2"] .option-label').first
        ).to_have_text("Manchester City")


def test_a_round_that_locks_on_the_pages_clock_makes_way_for_the_next(
    fake_site, feed, open_match_page
):
    # 4:55 played (the 5th minute): the first round locks at 6' on the page's own clock; its read of
    # …/predictions makes the next round, which the server announces.
    slug = play(fake_site, feed, kicked_off(45, played_s=4 * 60 + 55))
    page = open_match_page(fake_site, slug, SIZES["desk"])
    expect(page.locator(f'[data-results] [data-prediction="{ROUND}"]')).to_have_attribute(
        "data-status", "locked", timeout=15_000
    )
    expect(
        page.locator('[data-tray] [data-prediction="next-goal-6"][data-status="open"]')
    ).to_be_visible(timeout=15_000)
    assert state_of(fake_site, slug)["kind"] == "feed"


@pytest.mark.parametrize("size", SIZES)
def test_axe_finds_no_serious_violation_on_the_football_page_with_its_game(
    fake_site, feed, open_match_page, axe_source, size
):
    fixture_id = 50 + list(SIZES).index(size)
    slug = play(fake_site, feed, kicked_off(fixture_id))
    page = open_match_page(fake_site, slug, SIZES[size])
    assert serious_violations(page, axe_source) == []
    join(page, "Axe")
    page.locator(f'[data-tray] [data-prediction="{ROUND}"] [data-option="home"]').click()
    expect(page.locator(f'[data-prediction="{ROUND}"] [data-option="home"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    assert serious_violations(page, axe_source) == []


def full_time(payload):
    """The match over: the feed says FT, its half ended."""
    ended = [
        period | {"ended": int(time.time()), "ticking": False} for period in payload["periods"]
    ]
    return payload | {
        "state_id": 5,
        "state": payload["state"]
        | {"id": 5, "state": "FT", "name": "Full Time", "short_name": "FT", "developer_name": "FT"},
        "periods": ended,
    }


@pytest.mark.parametrize("size", SIZES)
def test_at_full_time_each_fan_gets_points_rank_right_answers_and_best_call(
    fake_site, feed, open_match_page, size, tmp_path
):
    fixture_id = 60 + list(SIZES).index(size)
    slug = play(fake_site, feed, kicked_off(fixture_id))
    touch = {"is_mobile": True, "has_touch": True} if size == "phone" else {}
    alice, bob = (open_match_page(fake_site, slug, SIZES[size], **touch) for _ in range(2))
    join(alice, "Alice")
    join(bob, "Bob")
    pick(alice, "home")
    pick(bob, "away")
    # Alice stays at the top, Bob reads the bottom of the page: neither page moves by itself
    # through the goal and its reveal, and the score bug stays in view on both.
    bottom = bob.evaluate(
        "() => { scrollTo(0, document.documentElement.scrollHeight); return scrollY; }"
    )
    feed[fixture_id] = home_goal_at_2(feed[fixture_id])
    expect(result(alice)).to_have_attribute("data-verdict", "right", timeout=20_000)
    expect(result(bob)).to_have_attribute("data-verdict", "wrong", timeout=20_000)
    expect(alice.locator('[data-score-bug] [data-score="home"]')).to_have_text("1")
    for page, scrolled in ((alice, 0), (bob, bottom)):
        assert page.evaluate(SCORE_BUG_IN_VIEW)
        assert page.evaluate("scrollY") == scrolled

    # Full time, confirmed (and the game settled) at a reading a minute after the first
    # (FINAL_AFTER_S: SportMonks shows FT briefly before extra time).
    feed[fixture_id] = full_time(feed[fixture_id])
    summary = alice.locator("[data-loop-summary]")
    expect(summary).to_contain_text(
        "Full time: you finished 1st of 2.", timeout=FINAL_AFTER_S * 1000 + 30_000
    )
    expect(alice.locator("[data-tray-heading]")).to_have_text("Full time")
    settled = alice.locator('[data-results] [data-status="resolved"]').count()
    expect(summary).to_contain_text(f"5 points · 1 of {settled} right")
    expect(summary).to_contain_text(
        re.compile(r"Your best call: .+ Manchester City, with 50% of the room\.")
    )
    expect(summary).not_to_contain_text("no more questions")
    expect(bob.locator("[data-loop-summary]")).to_contain_text("Full time: you finished 2nd of 2.")
    expect(bob.locator("[data-loop-summary]")).to_contain_text("No right call this match")
    assert alice.evaluate(SCORE_BUG_IN_VIEW)
    shots = Path(os.environ.get("RALLY_SCREENSHOTS") or tmp_path)
    alice.screenshot(path=str(shots / f"football-{size}-full-time.png"))
