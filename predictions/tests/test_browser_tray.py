"""Playing as a person does, on a desk and on a phone, through a whole loop: the open questions
sit in a tray that stays in view and cues each opening, answered ones fold into compact results
with the payoff, the loop ends with a summary and a countdown, and focus never drops to <body>."""

import re

import pytest
from playwright.sync_api import expect

from testsupport.browser import unfold
from testsupport.replay import CONNECTED, SLUG, get_json, start_replay_site

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
TICK_MS, PAUSE_MS, LEAD_MS = (
    500,
    12_000,
    15_000,
)  # questions open 5 s; the site boots before tip-off
VIEWPORTS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
ACTIVE = (
    "document.activeElement === document.body ? 'body'"
    " : document.activeElement.closest('[data-results-panel],[data-tray]')"
    " ? (document.activeElement.dataset.prediction || document.activeElement.id)"
    " : document.activeElement.tagName"
)


@pytest.fixture
def quick_site(site_factory):
    return start_replay_site(site_factory, TICK_MS, PAUSE_MS, LEAD_MS)


def in_view(page, selector):
    box = page.locator(selector).bounding_box()
    return (
        box is not None and box["y"] < page.viewport_size["height"] and box["y"] + box["height"] > 0
    )


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_fan_sees_open_questions_in_view_the_answers_fold_away_and_the_loop_ends_with_a_summary(
    browser, quick_site, size
):
    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{quick_site.url}/matches/{SLUG}/")
    page.wait_for_selector("[data-live-page][data-ready=true]")
    page.wait_for_selector(CONNECTED)
    tray = page.locator("[data-tray]")

    # The Join button tells the joined state.
    page.fill("[data-join-name]", "Kim")
    page.press("[data-join-name]", "Enter")
    submit = page.locator("[data-join-submit]")
    expect(submit).to_have_text("Joined ✓")
    expect(submit).to_be_disabled()

    # A question opens: the tray counts it, lights its cue and says so to screen readers,
    # and stays in view wherever the page is scrolled.
    first = tray.locator('[data-prediction="q1-leader"][data-status="open"]')
    first.wait_for(timeout=LEAD_MS + 10_000)
    tray.locator('[data-prediction="q1-top-scorer"][data-status="open"]').wait_for(
        timeout=LEAD_MS + 10_000
    )
    expect(tray.locator("[data-tray-cue]")).to_be_visible()
    expect(tray.locator("[data-tray-count]")).to_have_text("2")
    expect(page.locator("[data-predictions-announcer]")).to_have_text(
        "New question: Who scores the most points in the first quarter?"
    )
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert in_view(page, "[data-tray]")
    assert tray.locator("[data-prediction][data-status=open]").count() <= 2
    expect(first.locator(".prediction-status")).to_contain_text(re.compile(r"locks in 0:0\d"))

    # Pick with the keyboard and keep focus on the card: when it locks, focus stays in the tray
    # (its heading) and the page does not move; the lock is said in the live region.
    unfold(first)
    button = first.locator('[data-option="AUS"]')
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    scrolled = page.evaluate("scrollY")
    row = page.locator('[data-results] [data-prediction="q1-leader"]')
    row.wait_for(timeout=10_000)
    assert page.evaluate(ACTIVE) == "tray-title"
    assert page.evaluate("scrollY") == scrolled
    assert tray.locator('[data-prediction="q1-leader"]').count() == 0  # folded out of the tray

    # The reveal: the answer, the points and the rank move, in one compact row.
    expect(row).to_have_attribute("data-status", "resolved", timeout=10_000)
    expect(row.locator(".result-mine")).to_have_text(
        re.compile(
            r"You got it: \+10\. Now (tied )?\d+(st|nd|rd|th) (with [^,]+, )?of \d+(, (up|down) \d+)?\."
        )
    )
    assert row.bounding_box()["height"] < 160

    # Full time: every question is a compact row below the leaderboard, and the fan's summary.
    board = page.locator("[data-scoreboard]")
    expect(board).to_have_attribute("data-phase", "POST_MATCH", timeout=60_000)
    results = page.locator("[data-results] [data-prediction]")
    assert results.count() == 9
    leaderboard_top = page.locator("[data-leaderboard]").evaluate(
        "n => n.getBoundingClientRect().top + scrollY"
    )
    results_top = page.locator("[data-results]").evaluate(
        "n => n.getBoundingClientRect().top + scrollY"
    )
    assert leaderboard_top < results_top
    server = get_json(f"{quick_site.url}/api/matches/{SLUG}/standings?loop=1")["standings"]
    mine = next(row for row in server if row["name"] == "Kim")
    summary = tray.locator("[data-loop-summary]")
    tied = [row["name"] for row in server if row["points"] == mine["points"] and row is not mine]
    place = (
        f"tied {ordinal(mine['rank'])} with {tied[0]}.*, of"
        if tied
        else f"{ordinal(mine['rank'])} of"
    )
    expect(summary).to_contain_text(
        re.compile(f"{place} {len(server)} · {mine['points']} points · 1 of 9 right")
    )
    if tied:  # a tie is never called a win
        expect(summary).not_to_contain_text("You won")
    expect(summary).to_contain_text(re.compile(r"Loop #2 tips off in 0:\d\d"))
    assert in_view(page, "[data-loop-summary]")

    # The pause: one story everywhere, counting down to the next tip-off.
    expect(board).to_have_attribute("data-phase", "PRE_MATCH", timeout=10_000)
    expect(board.locator("[data-phase-badge]")).to_have_text(re.compile(r"Tip-off in 0:0\d"))
    assert "Final" not in board.inner_text()
    expect(board.locator('[data-score="home"]')).to_have_text("0")
    expect(page.locator("[data-intermission]")).to_contain_text("Loop #2 is next")
    expect(page.locator("[data-loop-number]")).to_have_text("2")

    # A new loop rebuilds the lists: focus in the results stays there, not on <body>.
    page.focus("#results-title")
    expect(board).to_have_attribute("data-loop", "2", timeout=20_000)
    expect(results).to_have_count(0)
    assert page.evaluate(ACTIVE) == "results-title"
    assert not errors, errors
    context.close()


def ordinal(rank):
    return f"{rank}{'th' if 11 <= rank % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(rank % 10, 'th')}"
