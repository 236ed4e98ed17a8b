"""The replay's presenter keeps step with the page: it never speaks of a play the page has not
reached, and a new loop starts with none of the last loop's lines."""

import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
SLUG = "fiba-2019-bronze"
SAMPLE = """() => {
  const board = document.querySelector("[data-scoreboard]").dataset;
  const lines = [...document.querySelectorAll("[data-script-list] [data-loop]")]
    .map((li) => [Number(li.dataset.loop), Number(li.dataset.sequence)]);
  return { loop: Number(board.loop), sequence: Number(board.sequence), phase: board.phase, lines };
}"""


@pytest.fixture
def quick_site(site_factory):
    site = site_factory()
    site.prepare("--tick-ms", "250", "--pause-ms", "6000")
    site.start("serve")
    return site


def test_presenter_lines_never_run_ahead_of_the_page_or_linger_from_the_last_loop(
    browser, quick_site
):
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{quick_site.url}/matches/{SLUG}/")
    page.wait_for_selector("[data-live-page][data-ready=true]")
    seen_loops = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(seen_loops) < 2:
        now = page.evaluate(SAMPLE)
        for loop, sequence in now["lines"]:
            if now["phase"] == "PRE_MATCH":
                assert (loop, sequence) == (now["loop"] + 1, 0), now
            else:
                assert loop == now["loop"] and sequence <= now["sequence"], now
            seen_loops.add(loop)
        time.sleep(0.1)
    assert len(seen_loops) >= 2  # lines of two loops were shown, each in its own time
    page.context.close()
