"""A fan's screen at the moments that matter, on a phone (390×844, touch) and a desk (1280×800):
through a pick, its lock and its reveal, and after scrolling to the bottom, the score bug stays
inside the view and the page never scrolls by itself; with two questions open every option of
both is reachable in view; nothing covers the leaderboard; the words match the screen."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from testsupport.axe import serious_violations
from testsupport.replay import CONNECTED, SLUG, start_replay_site

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
TICK_MS, PAUSE_MS, LEAD_MS = 500, 16_000, 12_000  # each question open 5 s
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desk": {"viewport": {"width": 1280, "height": 800}},
}
# Where the screenshots go (RALLY_SCREENSHOTS, else pytest's temporary directory).
SHOTS = os.environ.get("RALLY_SCREENSHOTS")

BUG_IN_VIEW = """() => {
  const box = document.querySelector('[data-score-bug]').getBoundingClientRect();
  return box.top >= 0 && box.bottom <= innerHeight && box.height > 0;
}"""
# The element under the centre of `node` is `node` or inside it: nothing covers it.
UNCOVERED = """node => {
  const box = node.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return box.top >= 0 && box.bottom <= innerHeight && hit !== null && node.contains(hit);
}"""


@pytest.fixture
def quick_site(site_factory):
    return start_replay_site(site_factory, TICK_MS, PAUSE_MS, LEAD_MS)


class Screen:
    """The page and what a test checks after each moment: the bug in view, the page unmoved."""

    def __init__(self, page, name, shots):
        self.page, self.name, self.shots = page, name, shots
        self.scroll_y = 0

    def scroll_to(self, y):
        self.scroll_y = self.page.evaluate(
            f"() => {{ scrolls = []; scrollTo(0, {y}); return scrollY; }}"
        )

    def steady(self, moment):
        assert self.page.evaluate(BUG_IN_VIEW), (
            f"{self.name}, {moment}: the score bug left the view"
        )
        assert self.page.evaluate("scrollY") == self.scroll_y, (
            f"{self.name}, {moment}: the page scrolled by itself"
        )
        # Every scroll the page saw was the test's own.
        assert set(self.page.evaluate("window.scrolls")) <= {self.scroll_y, 0}, moment

    def shot(self, moment):
        path = self.shots / f"{self.name}-{moment}.png"
        self.page.screenshot(path=str(path))
        return path

    def tap(self, locator):
        locator.tap() if self.name == "phone" else locator.click()


@pytest.mark.parametrize("size", SIZES)
def test_the_score_stays_in_view_and_the_page_never_moves_under_the_fan(
    browser, quick_site, axe_source, size, tmp_path
):
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{quick_site.url}/matches/{SLUG}/")
    # Rendered by the server as it stands: no placeholder loop number, "Replay", never "Live".
    expect(page.locator("[data-loop-number]")).to_have_text(re.compile(r"^\d+$"))
    page.wait_for_selector("[data-live-page][data-ready=true]")
    page.wait_for_selector(CONNECTED)
    page.evaluate("window.scrolls = []; addEventListener('scroll', () => scrolls.push(scrollY))")
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    screen = Screen(page, size, shots)
    tray = page.locator("[data-tray]")

    # The join form is in the dock: in view on the phone's sheet too.
    name = page.locator("[data-join-name]")
    assert name.evaluate(UNCOVERED)
    screen.tap(name)
    name.fill("Kim")
    screen.tap(page.locator("[data-join-submit]"))
    expect(page.locator("[data-join-status]")).to_have_attribute("data-state", "joined")
    screen.steady("joined")

    # Two questions open: every option of both is reachable in view, unfolding the folded one.
    leader = tray.locator('[data-prediction="q1-leader"][data-status="open"]')
    scorer = tray.locator('[data-prediction="q1-top-scorer"][data-status="open"]')
    scorer.wait_for(timeout=LEAD_MS + 10_000)
    expect(tray.locator("[data-tray-cue]")).to_be_visible()
    expect(page.locator("[data-phase-badge]")).to_have_text("Replay")
    for card in (leader, scorer, leader):
        toggle = card.locator(".prediction-toggle")
        if toggle.get_attribute("aria-expanded") == "false":
            screen.tap(toggle)
        expect(toggle).to_have_attribute("aria-expanded", "true")
        options = card.locator("[data-option]")
        assert options.count() >= 2
        for index in range(options.count()):
            if not options.nth(index).evaluate(UNCOVERED):
                pytest.fail(f"{size}: option {index} out of reach: {screen.shot('out-of-reach')}")
    screen.steady("two open")
    screen.shot("two-open")

    # A pick, then its lock: the card leaves the tray, the page stays where the fan is.
    choice = leader.locator('[data-option="AUS"]')
    screen.tap(choice)
    expect(choice).to_have_attribute("aria-pressed", "true")
    screen.steady("picked")
    row = page.locator('[data-results] [data-prediction="q1-leader"]')
    row.wait_for(timeout=10_000)
    expect(row).to_have_attribute("data-status", "locked")
    screen.steady("locked")
    assert page.evaluate("document.activeElement !== document.body")
    expect(page.locator("[data-predictions-announcer]")).to_contain_text("q1-leader" and "Locked")
    screen.shot("lock")

    # The reveal, said plainly.
    expect(row).to_have_attribute("data-status", "resolved", timeout=10_000)
    expect(row.locator(".result-mine")).to_contain_text("You got it: +10.")
    revealed = tray.locator("[data-tray-reveal]")
    expect(revealed).to_contain_text("Australia. You got it: +10.")
    assert revealed.evaluate(UNCOVERED), f"{size}: the answer is not said in view"
    screen.steady("revealed")
    screen.shot("reveal")

    # Scrolled to the bottom by the fan: the bug stays, the page does not move on the next lock.
    screen.scroll_to(page.evaluate("document.documentElement.scrollHeight"))
    page.locator('[data-results] [data-prediction="q2-winner"]').wait_for(timeout=20_000)
    screen.steady("bottom, a lock")

    # Nothing covers the leaderboard's first row (the desk's sticky dock stays in its column).
    first_row = page.locator("[data-leaderboard-rows] tr").first
    screen.scroll_to(
        first_row.evaluate("n => n.getBoundingClientRect().top + scrollY - innerHeight / 3")
    )
    assert first_row.evaluate(UNCOVERED), f"{size}: the leaderboard's first row is covered"
    screen.steady("leaderboard")

    # Full time: the payoff, the bug still in view.
    board = page.locator("[data-scoreboard]")
    expect(board).to_have_attribute("data-phase", "POST_MATCH", timeout=60_000)
    screen.steady("full time")
    expect(tray.locator("[data-tray-cue]")).to_be_hidden()
    screen.scroll_to(0)
    screen.shot("full-time")
    assert serious_violations(page, axe_source) == []
    assert not errors, errors
    context.close()
