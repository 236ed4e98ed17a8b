"""axe-core (npm, pinned in package.json) finds no critical or serious violation on the lobby,
the replay page before and after joining, and the football page, on a desk and on a phone."""

import pytest

from testsupport.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]
VIEWPORTS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
REPLAY = "/matches/fiba-2019-bronze/"


def feed_path(site, page):
    page.goto(site.url + "/")
    return page.locator('[data-kind="feed"] a').first.get_attribute("href")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_axe_finds_no_serious_violation_on_any_page(browser, site, axe_source, size):
    page = browser.new_context(viewport=VIEWPORTS[size]).new_page()
    problems = {}

    pages = [("lobby", "/"), ("football", feed_path(site, page)), ("replay", REPLAY)]
    for name, path in pages:
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        problems[name] = serious_violations(page, axe_source)

    page.goto(site.url + REPLAY)
    page.wait_for_selector("[data-live-page][data-ready=true]")
    page.wait_for_selector(
        "[data-presence][data-viewers]:not([data-viewers='0'])"
    )  # the socket said hello
    page.fill(
        "[data-join-name]", f"Axe {size}"
    )  # one site for both sizes: a name is held in its grace
    page.press("[data-join-name]", "Enter")
    page.wait_for_selector('[data-join-status][data-state="joined"]')
    page.wait_for_selector("[data-tray] [data-option]")  # an open question with its buttons
    problems["replay, joined"] = serious_violations(page, axe_source)
    page.context.close()
    assert problems == {name: [] for name in problems}
